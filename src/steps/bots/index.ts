import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import { addAccountEntity, addRelationshipBetweenKnown } from '../job-state';
import { runTeleportStep } from '../step-errors';
import {
  createBotEntity,
  createBotRoleRelationships,
  createBotUserRelationship,
} from './converters';

async function fetchBots(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const session = sessionOf(context);
  const { jobState, logger } = context;
  const accountKey = keys.account(session.validated.identity.clusterName);
  let bots = 0;
  await runTeleportStep(Steps.BOTS, logger, async () => {
    await (
      await session.client(logger)
    ).bots.iterate(async (bot) => {
      const entity = createBotEntity(bot);
      if (!(await addAccountEntity(jobState, accountKey, entity, Relationships.ACCOUNT_HAS_BOT))) {
        return;
      }
      bots += 1;
      for (const relationship of createBotRoleRelationships(bot)) {
        await addRelationshipBetweenKnown(jobState, relationship);
      }
      // The bot's user, when the user listing returned it (a bot created since has none yet).
      await addRelationshipBetweenKnown(jobState, createBotUserRelationship(bot));
    });
    logger.info({ bots }, 'Fetched bots');
  });
}

export const botSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.BOTS,
    name: 'Fetch Machine ID bots',
    entities: [Entities.BOT],
    relationships: [
      Relationships.ACCOUNT_HAS_BOT,
      Relationships.BOT_ASSIGNED_ROLE,
      Relationships.BOT_HAS_USER,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.ROLES, Steps.USERS],
    executionHandler: fetchBots,
  },
];
