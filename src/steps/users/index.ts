import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  JobState,
} from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import {
  addAccountEntity,
  addEntityOnce,
  addRelationshipOnce,
  createKeyRelationship,
} from '../job-state';
import { runTeleportStep } from '../step-errors';
import { createMissingUserEntity, createUserEntity } from './converters';

/** Set once every user is in the job: only then does a missing name mean a missing user. */
const USERS_COMPLETE = 'users:complete';

/**
 * Makes sure a user that a list member, owner or reviewer names is in the graph: the cluster's own
 * user when it was collected, otherwise a `missing: true` stand-in, so the reference is kept.
 */
export async function ensureUserEntity(jobState: JobState, username: string): Promise<string> {
  const key = keys.user(username);
  if (!(await jobState.hasKey(key)) && (await jobState.getData<boolean>(USERS_COMPLETE))) {
    await addEntityOnce(jobState, createMissingUserEntity(username));
  }
  return key;
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS,
    name: 'Fetch users',
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER, Relationships.USER_ASSIGNED_ROLE],
    // Relationships to roles are keyed by role name, so this need not wait for the roles step.
    dependsOn: [Steps.ACCOUNT],
    async executionHandler(context: IntegrationStepExecutionContext<IntegrationConfig>) {
      const session = sessionOf(context);
      const { jobState } = context;
      const accountKey = keys.account(session.validated.identity.clusterName);
      const now = Date.now();
      await runTeleportStep(Steps.USERS, context.logger, async () => {
        const source = await (
          await session.client(context.logger)
        ).iterateUsers(async (user) => {
          const entity = createUserEntity(user, now);
          if (
            !(await addAccountEntity(jobState, accountKey, entity, Relationships.ACCOUNT_HAS_USER))
          ) {
            return;
          }
          for (const role of new Set(user.spec?.roles ?? [])) {
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
        await jobState.setData(USERS_COMPLETE, true);
        context.logger.info({ source }, 'Fetched users');
      });
    },
  },
];
