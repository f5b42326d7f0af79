/**
 * Graph objects for what a user gets at login (src/evaluators/login-state.ts computes it): one
 * `teleport_user_has_role` per way of holding a role, and one login state per user with the
 * effective roles and traits, compared with the login state Teleport last stored.
 */
import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { EffectiveGrant, LoginState, Traits } from '../../evaluators/login-state';
import type { UserLoginState } from '../../teleport';
import type { ResourceKind, UserStanding } from '../../evaluators/access';
import {
  Entities,
  Relationships,
  ResourceEntities,
  StandingAccessRelationships,
} from '../constants';
import { createKeyRelationship, definedOnly, keyOf, keys, nonEmpty } from '../graph-values';
import { shareableTraitProperties } from '../traits';

/** How a chain of lists is written in a property: relationship properties hold no arrays. */
export const CHAIN_SEPARATOR = ' > ';

/** How a list of resource IDs is written in a relationship property (which holds no arrays). */
export const RESOURCE_SEPARATOR = ', ';

/**
 * `teleport_user_has_role`, one per way of holding the role: the key names the path (`direct`,
 * the grant type and the chain of lists, or the access request), so the same role held two ways
 * is recorded twice. The chain is written granting list first, as one string (JupiterOne
 * relationship properties are scalars). `titles` maps list names (UUIDs) to their titles.
 */
export function createEffectiveRoleRelationship(
  user: string,
  grant: EffectiveGrant,
  titles: ReadonlyMap<string, string> = new Map(),
): Relationship {
  const throughLists = grant.via === 'accessList';
  const throughRequest = grant.via === 'accessRequest';
  return createKeyRelationship(
    Relationships.USER_HAS_ROLE,
    keys.user(user),
    keys.role(grant.role),
    {
      via: grant.via,
      grantType: grant.grantType,
      accessList: throughLists ? grant.chain[0] : undefined,
      accessListTitle: throughLists ? (titles.get(grant.chain[0]!) ?? grant.chain[0]) : undefined,
      accessListChain: throughLists ? grant.chain.join(CHAIN_SEPARATOR) : undefined,
      accessListChainTitles: throughLists
        ? grant.chain.map((list) => titles.get(list) ?? list).join(CHAIN_SEPARATOR)
        : undefined,
      accessListDepth: throughLists ? grant.chain.length : undefined,
      nested: throughLists ? grant.chain.length > 1 : undefined,
      accessRequest: throughRequest ? grant.accessRequest : undefined,
      // A resource-scoped request reaches only these resources, whatever the role's labels allow.
      resourceScoped: throughRequest ? (grant.resourceIds ?? []).length > 0 : undefined,
      requestedResources: throughRequest
        ? grant.resourceIds?.join(RESOURCE_SEPARATOR) || undefined
        : undefined,
      expiresOn: grant.expiresOn,
    },
    throughLists
      ? `${grant.grantType}:${grant.chain.join('>')}`
      : throughRequest
        ? `request:${grant.accessRequest}`
        : 'direct',
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

function traitsOfStored(state: UserLoginState): Traits {
  const traits: Traits = {};
  for (const trait of state.spec?.traits ?? []) {
    traits[trait.key ?? ''] = [...(traits[trait.key ?? ''] ?? []), ...(trait.values ?? [])];
  }
  return traits;
}

function sameTraits(a: Traits, b: Traits): boolean {
  const keysOf = (traits: Traits) => Object.keys(traits).filter((key) => traits[key]!.length > 0);
  return (
    sameSet(keysOf(a), keysOf(b)) && keysOf(a).every((key) => sameSet(a[key] ?? [], b[key] ?? []))
  );
}

/**
 * Differences between the state computed now and the one Teleport stored at the user's last login
 * (or background refresh): roles or traits gained or lost since then.
 */
export function compareWithStored(
  state: LoginState,
  stored: UserLoginState | undefined,
): Record<string, string[] | boolean | undefined> {
  if (!stored) {
    return { teleportStateFound: false };
  }
  const storedRoles = stored.spec?.roles ?? [];
  const computedRoles = state.loginFails ? [] : state.roles;
  return {
    teleportStateFound: true,
    teleportRoles: nonEmpty([...storedRoles]),
    matchesTeleport:
      sameSet(computedRoles, storedRoles) && sameTraits(state.traits, traitsOfStored(stored)),
    rolesGainedSinceTeleport: nonEmpty(computedRoles.filter((r) => !storedRoles.includes(r))),
    rolesLostSinceTeleport: nonEmpty(storedRoles.filter((r) => !computedRoles.includes(r))),
  };
}

/**
 * What the user gets at login now: roles and traits (trait values only for the traits the users
 * step also shows; others by name), which lists were skipped, whether a lock or a missing role
 * changes the answer, and how it compares with Teleport's stored state when that was readable.
 */
export function createLoginStateEntity(
  state: LoginState,
  ownRoles: readonly string[],
  ownTraits: Traits,
  stored: UserLoginState | undefined,
  compared: boolean,
  standing: Record<string, number | boolean | string[] | undefined> = {},
): Entity {
  const grantedRoles = state.roles.filter((role) => !ownRoles.includes(role));
  const grantedTraitNames = Object.keys(state.traits).filter((key) =>
    state.traits[key]!.some((value) => !(ownTraits[key] ?? []).includes(value)),
  );
  const accessLists = new Set(
    state.grants.filter((grant) => grant.via === 'accessList').map((grant) => grant.chain[0]!),
  );
  const requestRoles = state.grants
    .filter((grant) => grant.via === 'accessRequest')
    .map((grant) => grant.role);
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: keys.userLoginState(state.user),
        _type: Entities.USER_LOGIN_STATE._type,
        _class: Entities.USER_LOGIN_STATE._class,
        name: state.user,
        displayName: `${state.user} at login`,
        username: state.user,
        loginFails: state.loginFails,
        locked: state.lockedBy.length > 0,
        ...definedOnly({
          roles: state.loginFails ? undefined : nonEmpty(state.roles),
          grantedRoles: state.loginFails ? undefined : nonEmpty(grantedRoles),
          grantedTraitNames: nonEmpty(grantedTraitNames.sort()),
          accessListCount: accessLists.size,
          lockedBy: nonEmpty(state.lockedBy),
          missingRoles: nonEmpty(state.missingOwnRoles),
          loginFailureReason: state.loginFails
            ? `Teleport refuses to compute the login state: role(s) ${state.missingOwnRoles.join(', ')} do not exist`
            : undefined,
          skippedAccessLists: nonEmpty(
            state.skipped.map((skip) => `${skip.list} (${skip.grantType})`),
          ),
          // Roles approved access requests add to certificates now: not part of the login state.
          accessRequestRoles: state.loginFails ? undefined : nonEmpty([...new Set(requestRoles)]),
          skippedAccessRequests: nonEmpty(
            state.skippedRequests.map((skip) => `${skip.request} (${skip.reason})`),
          ),
          ...shareableTraitProperties(state.traits),
          ...(compared ? compareWithStored(state, stored) : {}),
          ...standing,
        }),
      },
    },
  });
}

// --- standing access -----------------------------------------------------------------------------

/** How each kind is named in the login state's properties. */
const KIND_NAMES: Record<ResourceKind, string> = {
  node: 'Node',
  kube_cluster: 'KubernetesCluster',
  db: 'Database',
  app: 'Application',
  windows_desktop: 'WindowsDesktop',
};

const PRINCIPAL_PROPERTIES: Partial<Record<ResourceKind, string>> = {
  node: 'nodeLogins',
  windows_desktop: 'windowsDesktopLogins',
  kube_cluster: 'kubernetesPrincipals',
  db: 'databasePrincipals',
};

/**
 * What the user reaches with standing access (src/evaluators/access/standing.ts), for the login
 * state: per evaluated kind the resources reached and those we could not tell, the principals
 * usable somewhere, and the totals. Kinds not evaluated (not listed) get no property, never a 0.
 */
export function standingAccessProperties(
  standing: UserStanding | undefined,
  evaluatedKinds: readonly ResourceKind[],
): Record<string, number | boolean | string[] | undefined> {
  if (evaluatedKinds.length === 0) {
    return {};
  }
  const properties: Record<string, number | boolean | string[] | undefined> = {};
  let reached = 0;
  let unevaluated = 0;
  for (const kind of evaluatedKinds) {
    const of = standing?.byKind[kind];
    properties[`reachable${KIND_NAMES[kind]}Count`] = of?.reached ?? 0;
    reached += of?.reached ?? 0;
    unevaluated += of?.unevaluated ?? 0;
    const principals = PRINCIPAL_PROPERTIES[kind];
    if (principals) {
      properties[principals] = nonEmpty(of?.principals ?? []);
    }
  }
  properties.reachableResourceCount = reached;
  properties.unevaluatedResourceCount = unevaluated;
  if (evaluatedKinds.includes('node')) {
    properties.canLoginAsRoot = (standing?.byKind.node?.principals ?? []).includes('root');
  }
  return properties;
}

/** How many users have standing access to one resource, beside the resource's own entity. */
export function createResourceAccessEntity(
  kind: ResourceKind,
  name: string,
  users: { reaching: number; unevaluated: number; spelledOut: boolean },
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: keyOf(Entities.RESOURCE_ACCESS, kind, name),
        _type: Entities.RESOURCE_ACCESS._type,
        _class: Entities.RESOURCE_ACCESS._class,
        name: `${name} access`,
        displayName: `Standing access to ${name}`,
        resourceKind: kind,
        resourceName: name,
        standingUserCount: users.reaching,
        unevaluatedUserCount: users.unevaluated,
        exactAccessWritten: users.spelledOut,
      },
    },
  });
}

export function createResourceHasAccessRelationship(
  kind: ResourceKind,
  name: string,
): Relationship {
  return createKeyRelationship(
    StandingAccessRelationships.hasResourceAccess[kind],
    keyOf(ResourceEntities[kind], name),
    keyOf(Entities.RESOURCE_ACCESS, kind, name),
  );
}

/**
 * The resource ALLOWS the user, with the exact principals after deny and templates (relationship
 * properties are scalars, so lists are joined) and the roles that grant it.
 */
export function createStandingAccessRelationship(
  kind: ResourceKind,
  name: string,
  user: string,
  principals: readonly string[],
  grantedBy: readonly string[],
): Relationship {
  return createKeyRelationship(
    StandingAccessRelationships.allowsUser[kind],
    keyOf(ResourceEntities[kind], name),
    keys.user(user),
    {
      principals: principals.length > 0 ? principals.join(', ') : undefined,
      principalCount: principals.length,
      root: kind === 'node' ? principals.includes('root') : undefined,
      grantedBy: grantedBy.join(', '),
    },
  );
}
