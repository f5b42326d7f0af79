/**
 * The step ids, entity types and relationship types more than one area reads (the account, roles,
 * users, access lists, the kinds of resource Teleport protects, effective roles' and label
 * selectors'), written once and used by both the steps and their metadata. An area's own ids and
 * types live in its folder (`<area>/constants.ts`); no other area may import them.
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
  EFFECTIVE_ROLES: 'build-user-effective-roles',
  NODES: 'fetch-nodes',
  KUBERNETES_CLUSTERS: 'fetch-kubernetes-clusters',
  DATABASES: 'fetch-databases',
  WINDOWS_DESKTOPS: 'fetch-windows-desktops',
  APPLICATIONS: 'fetch-applications',
} as const;

/**
 * The step that writes the entities of each type other areas relate to: a step relating to them
 * (only where they are in the graph) runs after it.
 */
export const WrittenBy: Readonly<Record<string, string>> = {
  teleport_account: Steps.ACCOUNT,
  teleport_role: Steps.ROLES,
  teleport_user: Steps.USERS,
  teleport_access_list: Steps.ACCESS_LISTS,
};

/** The step that lists each kind of resource Teleport protects. */
export const ResourceSteps = {
  node: Steps.NODES,
  kube_cluster: Steps.KUBERNETES_CLUSTERS,
  db: Steps.DATABASES,
  app: Steps.APPLICATIONS,
  windows_desktop: Steps.WINDOWS_DESKTOPS,
} as const;

export const Entities = {
  ACCOUNT: entityType('teleport_account', 'Account', 'Teleport Cluster'),
  ROLE: entityType('teleport_role', 'AccessRole', 'Teleport Role'),
  USER: entityType('teleport_user', 'User', 'Teleport User'),
  ACCESS_LIST: entityType('teleport_access_list', 'UserGroup', 'Teleport Access List'),
  NODE: entityType('teleport_node', 'Host', 'Teleport SSH Node'),
  KUBERNETES_CLUSTER: entityType(
    'teleport_kubernetes_cluster',
    'Cluster',
    'Teleport Kubernetes Cluster',
  ),
  DATABASE: entityType('teleport_database', 'Database', 'Teleport Database'),
  WINDOWS_DESKTOP: entityType('teleport_windows_desktop', 'Host', 'Teleport Windows Desktop'),
  APPLICATION: entityType('teleport_application', 'Application', 'Teleport Application'),
  /**
   * One distinct label selector (and label expression) of one resource kind, shared by every role
   * side that writes the same one: the access layer stays the size of the distinct selectors and
   * what each matches, not roles × resources.
   */
  LABEL_SELECTOR: entityType('teleport_label_selector', 'Ruleset', 'Teleport Label Selector'),
  USER_LOGIN_STATE: entityType('teleport_user_login_state', 'Record', 'Teleport User Login State'),
  /** How many users have standing access to one resource (its entity was written before). */
  RESOURCE_ACCESS: entityType('teleport_resource_access', 'Record', 'Teleport Resource Access'),
} satisfies Record<string, StepEntityMetadata>;

/** An entity type of one class: `entityType('teleport_bot', 'Service', 'Teleport Machine ID Bot')`. */
export function entityType(
  _type: string,
  _class: string,
  resourceName: string,
): StepEntityMetadata {
  return { resourceName, _type, _class: [_class] };
}

/**
 * A relationship of `relationshipClass` from one entity type to another, named `type`: by default
 * `<from type>_<class>_<to type without teleport_>` (`teleport_bot_assigned_role`).
 */
export function relationship(
  from: StepEntityMetadata,
  relationshipClass: RelationshipClass,
  to: StepEntityMetadata,
  type = `${from._type}_${relationshipClass.toLowerCase()}_${bareType(to)}`,
): StepRelationshipMetadata {
  return { _type: type, sourceType: from._type, _class: relationshipClass, targetType: to._type };
}

export const Relationships = {
  USER_ASSIGNED_ROLE: relationship(Entities.USER, RelationshipClass.ASSIGNED, Entities.ROLE),
  ACCESS_LIST_ASSIGNED_ROLE: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.ASSIGNED,
    Entities.ROLE,
  ),
  ACCESS_LIST_HAS_USER: relationship(Entities.ACCESS_LIST, RelationshipClass.HAS, Entities.USER),
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
  ),
  ACCESS_LIST_MANAGES_LIST: relationship(
    Entities.ACCESS_LIST,
    RelationshipClass.MANAGES,
    Entities.ACCESS_LIST,
    'teleport_access_list_manages_list',
  ),
  USER_HAS_ROLE: relationship(Entities.USER, RelationshipClass.HAS, Entities.ROLE),
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
  ),
  ROLE_DENIES_LABEL_SELECTOR: relationship(
    Entities.ROLE,
    RelationshipClass.DENIES,
    Entities.LABEL_SELECTOR,
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
export function bareType(entity: StepEntityMetadata): string {
  return entity._type.replace(/^teleport_/, '');
}

/** One relationship per kind of resource Teleport protects. */
export const perResourceKind = (make: (entity: StepEntityMetadata) => StepRelationshipMetadata) =>
  Object.fromEntries(
    Object.entries(ResourceEntities).map(([kind, entity]) => [kind, make(entity)]),
  ) as Record<ResourceKind, StepRelationshipMetadata>;

/** The account HAS each entity of a type: `teleport_account_has_<type>`. */
export function accountHas(entity: StepEntityMetadata): StepRelationshipMetadata {
  return relationship(Entities.ACCOUNT, RelationshipClass.HAS, entity);
}

/** Per kind: a label selector CONTAINS each resource it matches. */
export const LabelSelectorContains = perResourceKind((entity) =>
  relationship(Entities.LABEL_SELECTOR, RelationshipClass.CONTAINS, entity),
);

/** Per kind: the resource ALLOWS a user (exact standing access), and HAS its access summary. */
export const StandingAccessRelationships = {
  allowsUser: perResourceKind((entity) =>
    relationship(entity, RelationshipClass.ALLOWS, Entities.USER),
  ),
  hasResourceAccess: perResourceKind((entity) =>
    relationship(entity, RelationshipClass.HAS, Entities.RESOURCE_ACCESS),
  ),
};

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
