import { jobData, lockFactsOf } from '../job-data';
import { defineAccountResourceStep } from '../step';
import { createLockEntity, createLockTargetRelationships } from './converters';
import { LOCK, LOCKS_STEP, LOCK_RESTRICTS_ROLE, LOCK_RESTRICTS_USER } from './constants';

export const lockSteps = [
  defineAccountResourceStep({
    id: LOCKS_STEP,
    name: 'Fetch locks',
    entity: LOCK,
    relationships: [LOCK_RESTRICTS_USER, LOCK_RESTRICTS_ROLE],
    permission: { resources: ['lock'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestLocks',
    noun: 'locks',
    list: (client, each) => client.locks.iterate(each),
    convert: (lock, { now }) => createLockEntity(lock, now),
    // Locks may name users and roles that no longer exist (a departed user is often locked, then
    // deleted): only those in the graph are related; the lock keeps every target as a property.
    relate: (lock, { now }) => createLockTargetRelationships(lock, now),
    // Effective roles take away access list grants from a user an in-force lock names.
    handOver: { pick: lockFactsOf, store: jobData.setLockFacts },
  }),
];
