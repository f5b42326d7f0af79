import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { jobData } from '../job-data';
import { addAccountEntity } from '../job-state';
import { keys } from '../graph-values';
import { runTeleportStep } from '../step-errors';
import { createRoleEntity } from './converters';

export const roleSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ROLES,
    name: 'Fetch roles',
    entities: [Entities.ROLE],
    relationships: [Relationships.ACCOUNT_HAS_ROLE],
    dependsOn: [Steps.ACCOUNT],
    async executionHandler(context: IntegrationStepExecutionContext<IntegrationConfig>) {
      const session = sessionOf(context);
      const accountKey = keys.account(session.validated.identity.clusterName);
      await runTeleportStep(Steps.ROLES, context.logger, async () => {
        const names: string[] = [];
        const source = await (
          await session.client(context.logger)
        ).roles.iterate(async (role) => {
          const entity = createRoleEntity(role);
          names.push(entity.name as string);
          await addAccountEntity(
            context.jobState,
            accountKey,
            entity,
            Relationships.ACCOUNT_HAS_ROLE,
          );
        });
        await jobData.setRoleNames(context.jobState, names);
        context.logger.info({ source, roles: names.length }, 'Fetched roles');
      });
    },
  },
];
