import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Steps } from '../constants';
import { runTeleportStep } from '../step-errors';
import { createAccountEntity } from './converters';

export const ACCOUNT_ENTITY_DATA_KEY = 'entity:account';

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACCOUNT,
    name: 'Fetch cluster',
    entities: [Entities.ACCOUNT],
    relationships: [],
    async executionHandler(context: IntegrationStepExecutionContext<IntegrationConfig>) {
      const session = sessionOf(context);
      await runTeleportStep(Steps.ACCOUNT, context.logger, async () => {
        const account = createAccountEntity(
          await session.ping(context.logger),
          session.validated.identity,
        );
        await context.jobState.addEntity(account);
        await context.jobState.setData(ACCOUNT_ENTITY_DATA_KEY, account);
      });
    },
  },
];
