import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import { addAccountEntity, addRelationshipBetweenKnown } from '../job-state';
import { runTeleportStep } from '../step-errors';
import { createDeviceEntity, createDeviceOwnerRelationship } from './converters';

async function fetchDevices(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const session = sessionOf(context);
  const { jobState, logger } = context;
  const accountKey = keys.account(session.validated.identity.clusterName);
  let devices = 0;
  await runTeleportStep(Steps.DEVICES, logger, async () => {
    await (
      await session.client(logger)
    ).devices.iterate(async (device) => {
      const entity = createDeviceEntity(device);
      if (
        !(await addAccountEntity(jobState, accountKey, entity, Relationships.ACCOUNT_HAS_DEVICE))
      ) {
        return;
      }
      devices += 1;
      const owner = createDeviceOwnerRelationship(device);
      if (owner) {
        await addRelationshipBetweenKnown(jobState, owner);
      }
    });
    logger.info({ devices }, 'Fetched trusted devices');
  });
}

export const deviceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DEVICES,
    name: 'Fetch trusted devices',
    entities: [Entities.DEVICE],
    relationships: [Relationships.ACCOUNT_HAS_DEVICE, Relationships.USER_HAS_DEVICE],
    dependsOn: [Steps.ACCOUNT, Steps.USERS],
    executionHandler: fetchDevices,
  },
];
