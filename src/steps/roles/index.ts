import { Entities, Steps } from '../constants';
import { jobData } from '../job-data';
import { defineAccountResourceStep } from '../step';
import { accessRoleOf, createRoleEntity } from './converters';

export const roleSteps = [
  defineAccountResourceStep({
    id: Steps.ROLES,
    name: 'Fetch roles',
    entity: Entities.ROLE,
    permission: { resources: ['role'], verbs: ['list', 'read'] },
    noun: 'roles',
    list: (client, each) => client.roles.iterate(each),
    convert: createRoleEntity,
    // Every role, once all are listed: only then does a name not among them mean a missing role;
    // access evaluation reads them as the evaluator does.
    handOver: { pick: accessRoleOf, store: jobData.setAccessRoles },
  }),
];
