/**
 * Every step id, entity type and relationship type of the integration, written once and used by
 * both the steps and their metadata.
 */
import {
  RelationshipClass,
  RelationshipDirection,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import type { ResourceKind } from '../evaluators/access';

export const Steps = {
  ACCOUNT: 'fetch-account',
  ROLES: 'fetch-roles',
  USERS: 'fetch-users',
  ACCESS_LISTS: 'fetch-access-lists',
  ACCESS_LIST_MEMBERS: 'fetch-access-list-members',
  ACCESS_LIST_OWNERS: 'fetch-access-list-owners',
  ACCESS_LIST_REVIEWS: 'fetch-access-list-reviews',
  EFFECTIVE_ROLES: 'build-user-effective-roles',
  SSO_CONNECTORS: 'fetch-sso-connectors',
  BOTS: 'fetch-bots',
  LOCKS: 'fetch-locks',
  AUTH_PREFERENCE: 'fetch-auth-preference',
  DEVICES: 'fetch-devices',
  NODES: 'fetch-nodes',
  KUBERNETES_CLUSTERS: 'fetch-kubernetes-clusters',
  DATABASES: 'fetch-databases',
  WINDOWS_DESKTOPS: 'fetch-windows-desktops',
  APPLICATIONS: 'fetch-applications',
  ACCESS_REQUESTS: 'fetch-access-requests',
} as const;

export type StepId = (typeof Steps)[keyof typeof Steps];

/** The step that lists each kind of resource Teleport protects. */
export const ResourceSteps = {
  node: Steps.NODES,
  kube_cluster: Steps.KUBERNETES_CLUSTERS,
  db: Steps.DATABASES,
  app: Steps.APPLICATIONS,
  windows_desktop: Steps.WINDOWS_DESKTOPS,
} as const;

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
  SSO_CONNECTOR: {
    resourceName: 'Teleport SSO Connector',
    _type: 'teleport_sso_connector',
    _class: ['Configuration'],
  },
  BOT: { resourceName: 'Teleport Machine ID Bot', _type: 'teleport_bot', _class: ['Service'] },
  LOCK: { resourceName: 'Teleport Lock', _type: 'teleport_lock', _class: ['AccessPolicy'] },
  AUTH_PREFERENCE: {
    resourceName: 'Teleport Cluster Auth Preference',
    _type: 'teleport_auth_preference',
    _class: ['Configuration'],
  },
  DEVICE: { resourceName: 'Teleport Trusted Device', _type: 'teleport_device', _class: ['Device'] },
  NODE: { resourceName: 'Teleport SSH Node', _type: 'teleport_node', _class: ['Host'] },
  KUBERNETES_CLUSTER: {
    resourceName: 'Teleport Kubernetes Cluster',
    _type: 'teleport_kubernetes_cluster',
    _class: ['Cluster'],
  },
  DATABASE: { resourceName: 'Teleport Database', _type: 'teleport_database', _class: ['Database'] },
  WINDOWS_DESKTOP: {
    resourceName: 'Teleport Windows Desktop',
    _type: 'teleport_windows_desktop',
    _class: ['Host'],
  },
  /**
   * One distinct label selector (and label expression) of one resource kind, shared by every role
   * side that writes the same one: the access layer stays the size of the distinct selectors and
   * what each matches, not roles × resources.
   */
  APPLICATION: {
    resourceName: 'Teleport Application',
    _type: 'teleport_application',
    _class: ['Application'],
  },
  LABEL_SELECTOR: {
    resourceName: 'Teleport Label Selector',
    _type: 'teleport_label_selector',
    _class: ['Ruleset'],
  },
  USER_LOGIN_STATE: {
    resourceName: 'Teleport User Login State',
    _type: 'teleport_user_login_state',
    _class: ['Record'],
  },
  /** A request for roles or resources, and its reviews: a record of who asked, why and who decided. */
  ACCESS_REQUEST: {
    resourceName: 'Teleport Access Request',
    _type: 'teleport_access_request',
    _class: ['Record'],
  },
  /** How many users have standing access to one resource (its entity was written before). */
  RESOURCE_ACCESS: {
    resourceName: 'Teleport Resource Access',
    _type: 'teleport_resource_access',
    _class: ['Record'],
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
  USER_HAS_ROLE: relationship(
    Entities.USER,
    RelationshipClass.HAS,
    Entities.ROLE,
    'teleport_user_has_role',
  ),
  USER_HAS_LOGIN_STATE: relationship(
    Entities.USER,
    RelationshipClass.HAS,
    Entities.USER_LOGIN_STATE,
    'teleport_user_has_login_state',
  ),
  ROLE_ALLOWS_LABEL_SELECTOR: relationship(
    Entities.ROLE,
    RelationshipClass.ALLOWS,
    Entities.LABEL_SELECTOR,
    'teleport_role_allows_label_selector',
  ),
  ROLE_DENIES_LABEL_SELECTOR: relationship(
    Entities.ROLE,
    RelationshipClass.DENIES,
    Entities.LABEL_SELECTOR,
    'teleport_role_denies_label_selector',
  ),
  ACCOUNT_HAS_SSO_CONNECTOR: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.SSO_CONNECTOR,
    'teleport_account_has_sso_connector',
  ),
  SSO_CONNECTOR_ASSIGNED_ROLE: relationship(
    Entities.SSO_CONNECTOR,
    RelationshipClass.ASSIGNED,
    Entities.ROLE,
    'teleport_sso_connector_assigned_role',
  ),
  SSO_CONNECTOR_CREATED_USER: relationship(
    Entities.SSO_CONNECTOR,
    RelationshipClass.CREATED,
    Entities.USER,
    'teleport_sso_connector_created_user',
  ),
  ACCOUNT_HAS_BOT: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.BOT,
    'teleport_account_has_bot',
  ),
  BOT_ASSIGNED_ROLE: relationship(
    Entities.BOT,
    RelationshipClass.ASSIGNED,
    Entities.ROLE,
    'teleport_bot_assigned_role',
  ),
  BOT_HAS_USER: relationship(
    Entities.BOT,
    RelationshipClass.HAS,
    Entities.USER,
    'teleport_bot_has_user',
  ),
  ACCOUNT_HAS_LOCK: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.LOCK,
    'teleport_account_has_lock',
  ),
  LOCK_RESTRICTS_USER: relationship(
    Entities.LOCK,
    RelationshipClass.RESTRICTS,
    Entities.USER,
    'teleport_lock_restricts_user',
  ),
  LOCK_RESTRICTS_ROLE: relationship(
    Entities.LOCK,
    RelationshipClass.RESTRICTS,
    Entities.ROLE,
    'teleport_lock_restricts_role',
  ),
  ACCOUNT_HAS_AUTH_PREFERENCE: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.AUTH_PREFERENCE,
    'teleport_account_has_auth_preference',
  ),
  ACCOUNT_HAS_DEVICE: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.DEVICE,
    'teleport_account_has_device',
  ),
  USER_HAS_DEVICE: relationship(
    Entities.USER,
    RelationshipClass.HAS,
    Entities.DEVICE,
    'teleport_user_has_device',
  ),
  ACCOUNT_HAS_ACCESS_REQUEST: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.ACCESS_REQUEST,
    'teleport_account_has_access_request',
  ),
  USER_CREATED_ACCESS_REQUEST: relationship(
    Entities.USER,
    RelationshipClass.CREATED,
    Entities.ACCESS_REQUEST,
    'teleport_user_created_access_request',
  ),
  USER_REVIEWED_ACCESS_REQUEST: relationship(
    Entities.USER,
    RelationshipClass.REVIEWED,
    Entities.ACCESS_REQUEST,
    'teleport_user_reviewed_access_request',
  ),
  ACCESS_REQUEST_HAS_ROLE: relationship(
    Entities.ACCESS_REQUEST,
    RelationshipClass.HAS,
    Entities.ROLE,
    'teleport_access_request_has_role',
  ),
} satisfies Record<string, StepRelationshipMetadata>;

/** The entity of each kind of resource Teleport protects. */
export const ResourceEntities = {
  node: Entities.NODE,
  kube_cluster: Entities.KUBERNETES_CLUSTER,
  db: Entities.DATABASE,
  app: Entities.APPLICATION,
  windows_desktop: Entities.WINDOWS_DESKTOP,
} as const satisfies Record<ResourceKind, StepEntityMetadata>;

/** `teleport_node` → `node`: how a relationship type names its target. */
const bare = (entity: StepEntityMetadata) => entity._type.replace(/^teleport_/, '');

const perKind = (make: (entity: StepEntityMetadata) => StepRelationshipMetadata) =>
  Object.fromEntries(
    Object.entries(ResourceEntities).map(([kind, entity]) => [kind, make(entity)]),
  ) as Record<ResourceKind, StepRelationshipMetadata>;

/** Per kind: the account HAS each resource. */
export const AccountHasResource = perKind((entity) =>
  relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    entity,
    `teleport_account_has_${bare(entity)}`,
  ),
);

/** Per kind: a label selector CONTAINS each resource it matches. */
export const LabelSelectorContains = perKind((entity) =>
  relationship(
    Entities.LABEL_SELECTOR,
    RelationshipClass.CONTAINS,
    entity,
    `teleport_label_selector_contains_${bare(entity)}`,
  ),
);

/** Per kind: the resource ALLOWS a user (exact standing access), and HAS its access summary. */
export const StandingAccessRelationships = {
  allowsUser: perKind((entity) =>
    relationship(entity, RelationshipClass.ALLOWS, Entities.USER, `${entity._type}_allows_user`),
  ),
  hasResourceAccess: perKind((entity) =>
    relationship(
      entity,
      RelationshipClass.HAS,
      Entities.RESOURCE_ACCESS,
      `${entity._type}_has_resource_access`,
    ),
  ),
};

/** Per kind: an access request HAS each resource it names. */
export const AccessRequestResourceRelationships = perKind((entity) =>
  relationship(
    Entities.ACCESS_REQUEST,
    RelationshipClass.HAS,
    entity,
    `teleport_access_request_has_${bare(entity)}`,
  ),
);

/**
 * The entity types of JupiterOne's own cloud integrations that Teleport resources map to (see
 * src/steps/cloud-targets.ts for how each is matched, and the integration source it follows).
 */
export const CloudTypes = {
  AWS_INSTANCE: 'aws_instance',
  AWS_DB_INSTANCE: 'aws_db_instance',
  AWS_RDS_CLUSTER: 'aws_rds_cluster',
  AWS_EKS_CLUSTER: 'aws_eks_cluster',
  GOOGLE_COMPUTE_INSTANCE: 'google_compute_instance',
  GOOGLE_CONTAINER_CLUSTER: 'google_container_cluster',
  GOOGLE_SQL_POSTGRES_INSTANCE: 'google_sql_postgres_instance',
  GOOGLE_SQL_MYSQL_INSTANCE: 'google_sql_mysql_instance',
  AZURE_VM: 'azure_vm',
} as const;

export type CloudType = (typeof CloudTypes)[keyof typeof CloudTypes];

/**
 * A Teleport resource IS the cloud resource another integration records: a mapped relationship
 * (JupiterOne resolves the target; it never creates one, `skipTargetCreation`). Its `_type` is
 * the one `createMappedRelationship` would derive from the two types.
 */
function isCloud(from: StepEntityMetadata, targetType: CloudType): StepMappedRelationshipMetadata {
  return {
    _type: `${from._type}_is_${targetType}`,
    sourceType: from._type,
    _class: RelationshipClass.IS,
    targetType,
    direction: RelationshipDirection.FORWARD,
  };
}

export const MappedRelationships = {
  NODE_IS_AWS_INSTANCE: isCloud(Entities.NODE, CloudTypes.AWS_INSTANCE),
  NODE_IS_GOOGLE_COMPUTE_INSTANCE: isCloud(Entities.NODE, CloudTypes.GOOGLE_COMPUTE_INSTANCE),
  NODE_IS_AZURE_VM: isCloud(Entities.NODE, CloudTypes.AZURE_VM),
  DATABASE_IS_AWS_DB_INSTANCE: isCloud(Entities.DATABASE, CloudTypes.AWS_DB_INSTANCE),
  DATABASE_IS_AWS_RDS_CLUSTER: isCloud(Entities.DATABASE, CloudTypes.AWS_RDS_CLUSTER),
  DATABASE_IS_GOOGLE_SQL_POSTGRES_INSTANCE: isCloud(
    Entities.DATABASE,
    CloudTypes.GOOGLE_SQL_POSTGRES_INSTANCE,
  ),
  DATABASE_IS_GOOGLE_SQL_MYSQL_INSTANCE: isCloud(
    Entities.DATABASE,
    CloudTypes.GOOGLE_SQL_MYSQL_INSTANCE,
  ),
  KUBERNETES_CLUSTER_IS_AWS_EKS_CLUSTER: isCloud(
    Entities.KUBERNETES_CLUSTER,
    CloudTypes.AWS_EKS_CLUSTER,
  ),
  KUBERNETES_CLUSTER_IS_GOOGLE_CONTAINER_CLUSTER: isCloud(
    Entities.KUBERNETES_CLUSTER,
    CloudTypes.GOOGLE_CONTAINER_CLUSTER,
  ),
} satisfies Record<string, StepMappedRelationshipMetadata>;
