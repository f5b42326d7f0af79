import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import { addAccountEntity } from '../job-state';
import { runTeleportStep } from '../step-errors';
import { createAuthPreferenceEntity } from './converters';

async function fetchAuthPreference(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const session = sessionOf(context);
  const { jobState, logger } = context;
  const clusterName = session.validated.identity.clusterName;
  await runTeleportStep(Steps.AUTH_PREFERENCE, logger, async () => {
    const { preference, source } = await (
      await session.client(logger)
    ).clusterConfig.getAuthPreference();
    const entity = createAuthPreferenceEntity(preference, clusterName);
    await addAccountEntity(
      jobState,
      keys.account(clusterName),
      entity,
      Relationships.ACCOUNT_HAS_AUTH_PREFERENCE,
    );
    logger.info({ source }, 'Fetched the cluster auth preference');
  });
}

export const authPreferenceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.AUTH_PREFERENCE,
    name: 'Fetch cluster auth preference',
    entities: [Entities.AUTH_PREFERENCE],
    relationships: [Relationships.ACCOUNT_HAS_AUTH_PREFERENCE],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchAuthPreference,
  },
];
