import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { accessListSummaries } from '../access-lists';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import { addRelationshipOnce } from '../job-state';
import {
  AccessListFacts,
  EffectiveGrant,
  createEffectiveRoleRelationship,
  directGrants,
} from './converters';

/** The relationships the access list steps wrote that grant access, read back from the job. */
const ACCESS_LIST_RELATIONSHIPS = [
  Relationships.ACCESS_LIST_ASSIGNED_ROLE,
  Relationships.ACCESS_LIST_HAS_USER,
  Relationships.ACCESS_LIST_HAS_LIST,
  Relationships.USER_MANAGES_ACCESS_LIST,
  Relationships.ACCESS_LIST_MANAGES_LIST,
];

async function buildEffectiveRoles(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const titles = new Map(
    (await accessListSummaries(jobState)).map((summary) => [summary.name, summary.title]),
  );
  const counts = { direct: 0, accessList: 0, unknownRole: 0 };
  // Only roles the cluster has: a grant naming a deleted role confers nothing. The answer per role
  // name is kept, as grants repeat the same few roles hundreds of thousands of times.
  const roleExists = new Map<string, boolean>();
  const add = async (grant: EffectiveGrant): Promise<void> => {
    let exists = roleExists.get(grant.role);
    if (exists === undefined) {
      exists = await jobState.hasKey(keys.role(grant.role));
      roleExists.set(grant.role, exists);
    }
    if (!exists) {
      counts.unknownRole += 1;
      return;
    }
    if (await addRelationshipOnce(jobState, createEffectiveRoleRelationship(grant, titles))) {
      counts[grant.via] += 1;
    }
  };

  await jobState.iterateEntities({ _type: Entities.USER._type }, async (user) => {
    const roles = Array.isArray(user.roles) ? (user.roles as string[]) : [];
    for (const grant of directGrants(user.name as string, roles)) {
      await add(grant);
    }
  });

  const facts = new AccessListFacts();
  for (const { _type } of ACCESS_LIST_RELATIONSHIPS) {
    await jobState.iterateRelationships({ _type }, (relationship: Relationship) => {
      facts.record(relationship);
    });
  }
  for (const grant of facts.grantsThroughAccessLists()) {
    await add(grant);
  }
  logger.info(counts, 'Built effective roles');
}

export const effectiveRoleSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.EFFECTIVE_ROLES,
    name: 'Build effective roles of users',
    entities: [],
    relationships: [Relationships.USER_HAS_ROLE],
    dependsOn: [
      Steps.ROLES,
      Steps.USERS,
      Steps.ACCESS_LISTS,
      Steps.ACCESS_LIST_MEMBERS,
      Steps.ACCESS_LIST_OWNERS,
    ],
    executionHandler: buildEffectiveRoles,
  },
];
