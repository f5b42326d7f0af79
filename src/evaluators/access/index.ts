/**
 * Access paths: whether roles and a user's traits grant access to a resource, and with which
 * principals, as Teleport v18 decides it. See docs/architecture.md, "Access evaluation".
 */
export {
  AccessEvaluator,
  KIND_BITS,
  kindsChangedBy,
  RESOURCE_KINDS,
  withStoredDefaults,
} from './check';
export { ResourceCatalog } from './catalog';
export { principalsOf, reachOf, StandingAccessEvaluator } from './standing';
export { traitKeysReadBy } from './trait-keys';
export type {
  ExactAccess,
  KindStanding,
  Reach,
  StandingAccess,
  UserRoles,
  UserStanding,
} from './standing';
export type {
  AccessResult,
  Decision,
  Enumeration,
  Principals,
  Resource,
  ResourceKind,
  Role,
  RoleConditions,
  Unevaluated,
} from './check';
export type { LabelSelector, ResourceLabels } from './label-selectors';
export type { Traits } from './templates';
