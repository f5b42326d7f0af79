import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { UserFacts } from '../../evaluators/login-state';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import { roleInGraph, jobData } from '../job-data';
import { addAccountEntity, addRelationshipOnce, createKeyRelationship } from '../job-state';
import { runTeleportStep } from '../step-errors';
import { createUserEntity, userFactsOf } from './converters';

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS,
    name: 'Fetch users',
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER, Relationships.USER_ASSIGNED_ROLE],
    // After the roles: only a role in the graph is related (a missing one would dangle).
    dependsOn: [Steps.ACCOUNT, Steps.ROLES],
    async executionHandler(context: IntegrationStepExecutionContext<IntegrationConfig>) {
      const session = sessionOf(context);
      const { jobState } = context;
      const accountKey = keys.account(session.validated.identity.clusterName);
      const now = Date.now();
      const facts: UserFacts[] = [];
      await runTeleportStep(Steps.USERS, context.logger, async () => {
        const source = await (
          await session.client(context.logger)
        ).users.iterate(async (user) => {
          const entity = createUserEntity(user, now);
          if (
            !(await addAccountEntity(jobState, accountKey, entity, Relationships.ACCOUNT_HAS_USER))
          ) {
            return;
          }
          facts.push(userFactsOf(user));
          for (const role of new Set(user.spec?.roles ?? [])) {
            if (!(await roleInGraph(jobState, role))) {
              continue;
            }
            await addRelationshipOnce(
              jobState,
              createKeyRelationship(
                Relationships.USER_ASSIGNED_ROLE,
                entity._key,
                keys.role(role),
                { via: 'direct' },
              ),
            );
          }
        });
        await jobData.setUserFacts(jobState, facts);
        await jobData.markUsersComplete(jobState);
        context.logger.info({ source }, 'Fetched users');
      });
    },
  },
];
