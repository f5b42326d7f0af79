/**
 * Every step id, entity type and relationship type of the integration, written once and used by
 * both the steps and their metadata.
 */
import {
  RelationshipClass,
  StepEntityMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  ACCOUNT: 'fetch-account',
  ROLES: 'fetch-roles',
  USERS: 'fetch-users',
  ACCESS_LISTS: 'fetch-access-lists',
  ACCESS_LIST_MEMBERS: 'fetch-access-list-members',
  ACCESS_LIST_OWNERS: 'fetch-access-list-owners',
  ACCESS_LIST_REVIEWS: 'fetch-access-list-reviews',
} as const;

export type StepId = (typeof Steps)[keyof typeof Steps];

export const Entities = {
  ACCOUNT: { resourceName: 'Teleport Cluster', _type: 'teleport_account', _class: ['Account'] },
  ROLE: { resourceName: 'Teleport Role', _type: 'teleport_role', _class: ['AccessRole'] },
  USER: { resourceName: 'Teleport User', _type: 'teleport_user', _class: ['User'] },
  ACCESS_LIST: {
    resourceName: 'Teleport Access List',
    _type: 'teleport_access_list',
    _class: ['UserGroup'],
  },
  ACCESS_LIST_REVIEW: {
    resourceName: 'Teleport Access List Review',
    _type: 'teleport_access_list_review',
    _class: ['Review'],
  },
} satisfies Record<string, StepEntityMetadata>;

function relationship(
  from: StepEntityMetadata,
  relationshipClass: RelationshipClass,
  to: StepEntityMetadata,
  type: string,
): StepRelationshipMetadata {
  return { _type: type, sourceType: from._type, _class: relationshipClass, targetType: to._type };
}

export const Relationships = {
  ACCOUNT_HAS_ROLE: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.ROLE,
    'teleport_account_has_role',
  ),
  ACCOUNT_HAS_USER: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.USER,
    'teleport_account_has_user',
  ),
  USER_ASSIGNED_ROLE: relationship(
    Entities.USER,
    RelationshipClass.ASSIGNED,
    Entities.ROLE,
    'teleport_user_assigned_role',
  ),
  ACCOUNT_HAS_ACCESS_LIST: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.ACCESS_LIST,
    'teleport_account_has_access_list',
  ),
  ACCESS_LIST_ASSIGNED_ROLE: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.ASSIGNED,
    Entities.ROLE,
    'teleport_access_list_assigned_role',
  ),
  ACCESS_LIST_HAS_USER: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.HAS,
    Entities.USER,
    'teleport_access_list_has_user',
  ),
  ACCESS_LIST_HAS_LIST: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.HAS,
    Entities.ACCESS_LIST,
    'teleport_access_list_has_list',
  ),
  USER_MANAGES_ACCESS_LIST: relationship(
    Entities.USER,
    RelationshipClass.MANAGES,
    Entities.ACCESS_LIST,
    'teleport_user_manages_access_list',
  ),
  ACCESS_LIST_MANAGES_LIST: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.MANAGES,
    Entities.ACCESS_LIST,
    'teleport_access_list_manages_list',
  ),
  ACCESS_LIST_HAS_REVIEW: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.HAS,
    Entities.ACCESS_LIST_REVIEW,
    'teleport_access_list_has_review',
  ),
  USER_PERFORMED_REVIEW: relationship(
    Entities.USER,
    RelationshipClass.PERFORMED,
    Entities.ACCESS_LIST_REVIEW,
    'teleport_user_performed_access_list_review',
  ),
} satisfies Record<string, StepRelationshipMetadata>;

/**
 * What each step needs granted in Teleport (resource → verbs), for MissingPermission warnings.
 * Matches the `jupiterone-reader` role in the published docs.
 */
export const RequiredPermissions: Record<StepId, { resources: string[]; verbs: string[] }> = {
  [Steps.ACCOUNT]: { resources: [], verbs: [] },
  [Steps.ROLES]: { resources: ['role'], verbs: ['list', 'read'] },
  [Steps.USERS]: { resources: ['user'], verbs: ['list', 'read'] },
  [Steps.ACCESS_LISTS]: { resources: ['access_list'], verbs: ['list', 'read'] },
  [Steps.ACCESS_LIST_MEMBERS]: {
    resources: ['access_list', 'access_list_member'],
    verbs: ['list', 'read'],
  },
  [Steps.ACCESS_LIST_OWNERS]: { resources: ['access_list'], verbs: ['list', 'read'] },
  [Steps.ACCESS_LIST_REVIEWS]: { resources: ['access_list_review'], verbs: ['list', 'read'] },
};

/** Steps that read Enterprise-only access lists: disabled together when the server lacks the service. */
export const ACCESS_LIST_STEPS: readonly StepId[] = [
  Steps.ACCESS_LISTS,
  Steps.ACCESS_LIST_MEMBERS,
  Steps.ACCESS_LIST_OWNERS,
  Steps.ACCESS_LIST_REVIEWS,
];
