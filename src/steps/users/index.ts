import { Entities, Relationships, Steps } from '../constants';
import { createKeyRelationship, keys } from '../graph-values';
import { jobData } from '../job-data';
import { defineAccountResourceStep } from '../step';
import { createUserEntity, userFactsOf } from './converters';

export const userSteps = [
  defineAccountResourceStep({
    id: Steps.USERS,
    name: 'Fetch users',
    entity: Entities.USER,
    relationships: [Relationships.USER_ASSIGNED_ROLE],
    permission: { resources: ['user'], verbs: ['list', 'read'] },
    noun: 'users',
    list: (client, each) => client.users.iterate(each),
    convert: (user, { now }) => createUserEntity(user, now),
    relate: (user) =>
      [...new Set(user.spec?.roles ?? [])].map((role) =>
        createKeyRelationship(
          Relationships.USER_ASSIGNED_ROLE,
          keys.user(user.metadata?.name ?? ''),
          keys.role(role),
          { via: 'direct' },
        ),
      ),
    handOver: { pick: userFactsOf, store: jobData.setUserFacts },
  }),
];
