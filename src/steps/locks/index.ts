import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import type { LockFacts } from '../../evaluators/login-state';
import { jobData, lockFactsOf } from '../job-data';
import { addAccountEntity, addRelationshipBetweenKnown } from '../job-state';
import { runTeleportStep } from '../step-errors';
import { createLockEntity, createLockTargetRelationships } from './converters';

async function fetchLocks(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const session = sessionOf(context);
  const { jobState, logger } = context;
  const accountKey = keys.account(session.validated.identity.clusterName);
  const now = Date.now();
  let locks = 0;
  const facts: LockFacts[] = [];
  await runTeleportStep(Steps.LOCKS, logger, async () => {
    const source = await (
      await session.client(logger)
    ).locks.iterate(async (lock) => {
      facts.push(lockFactsOf(lock));
      const entity = createLockEntity(lock, now);
      if (!(await addAccountEntity(jobState, accountKey, entity, Relationships.ACCOUNT_HAS_LOCK))) {
        return;
      }
      locks += 1;
      // Locks may name users and roles that no longer exist (a departed user is often locked, then
      // deleted): only those in the graph are related; the lock keeps every target as a property.
      for (const relationship of createLockTargetRelationships(lock, now)) {
        await addRelationshipBetweenKnown(jobState, relationship);
      }
    });
    await jobData.setLockFacts(jobState, facts);
    logger.info({ locks, source }, 'Fetched locks');
  });
}

export const lockSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.LOCKS,
    name: 'Fetch locks',
    entities: [Entities.LOCK],
    relationships: [
      Relationships.ACCOUNT_HAS_LOCK,
      Relationships.LOCK_RESTRICTS_USER,
      Relationships.LOCK_RESTRICTS_ROLE,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.ROLES, Steps.USERS],
    executionHandler: fetchLocks,
  },
];
