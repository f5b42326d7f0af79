/**
 * The roles and traits a user gets at login, as Teleport's user login state generator computes
 * them: a pure function of the cluster's users, roles, access lists, memberships and locks, with
 * no I/O. Each rule names the upstream function it mirrors (gravitational/teleport v18.0.0; see
 * docs/architecture.md for what was and was not compared):
 *
 * - `lib/auth/userloginstate/generator.go` `generate`: start from the user's own roles and
 *   traits; for every access list add its member grants if the user is a member and its owner
 *   grants if the user is an owner (`addAccessListsToState`); deduplicate; fail if any role of the
 *   result does not exist (`postProcess`, which fails the login).
 * - `handleAccessListMembership` / `handleAccessListOwnership`: a list whose grants name a role
 *   that does not exist is skipped whole, members' and owners' grants separately.
 * - `lib/accesslists/hierarchy.go` `IsAccessListMember`: a user with any in-force lock whose
 *   target names the user gets nothing from any list; an explicit member must meet the list's
 *   `membership_requires` and hold an unexpired membership; a member through a nested list must be
 *   a member of that list (recursively), meet this list's requirements, and the nested list's own
 *   membership in this list must be unexpired. The stored `ineligible_status` is never read.
 * - `IsAccessListOwner`: an explicit owner must meet `ownership_requires` (owners do not expire);
 *   a member of an owner list, as above, must meet `ownership_requires` too.
 * - `UserMeetsRequirements`: every required role is one of the user's own roles (not roles granted
 *   by lists), and every required trait value is among the user's own values for that key.
 *
 * And what an access request adds to a certificate the user re-issues with it (`tsh request
 * assume`), which the stored login state never holds (see `requestUnusable`):
 *
 * - `lib/auth/auth_with_roles.go` `desiredAccessInfoForUser`: each request's roles are added to
 *   the certificate, which cannot outlive the request's access expiry; a request naming resources
 *   limits the certificate to them.
 * - `lib/auth/auth.go` `getValidatedAccessRequest`: only an approved request, not past its access
 *   expiry (`GetAccessExpiry`, the spec's `expires`), and not before its assume-start time.
 * - `auth_with_roles.go` `generateUserCerts` (`services.FetchRoleList`): a role the cluster lacks
 *   fails the certificate, so the request adds nothing.
 * - `lib/auth/auth.go` `verifyLocksForUserCerts`: an in-force lock on the user, on any role the
 *   certificate would carry, or on the request refuses the certificate (`LockTarget.Match` on
 *   each single target, so a lock naming more targets matches too).
 */

export interface Traits {
  [key: string]: string[];
}

export interface Requirements {
  roles: string[];
  traits: Traits;
}

export interface Grants {
  roles: string[];
  traits: Traits;
}

/** What the evaluator needs of a user: its own (static) roles and traits. */
export interface UserFacts {
  name: string;
  roles: string[];
  traits: Traits;
}

export type MembershipKind = 'user' | 'list';

export interface AccessListFacts {
  name: string;
  grants: Grants;
  ownerGrants: Grants;
  membershipRequires: Requirements;
  ownershipRequires: Requirements;
  owners: { name: string; kind: MembershipKind }[];
}

export interface MemberFacts {
  list: string;
  name: string;
  kind: MembershipKind;
  /** Milliseconds since the epoch; undefined for a membership that never expires. */
  expiresOn?: number;
}

/** A lock as far as effective roles care: the user, role or request it targets, until when. */
export interface LockFacts {
  name: string;
  targetUser?: string;
  /** A role: every identity holding it is locked (lib/services/lock.go `LockTargetsFromTLSIdentity`). */
  targetRole?: string;
  /** An access request: no certificate carrying it is issued (`AccessRequestsToLockTargets`). */
  targetAccessRequest?: string;
  /** Milliseconds since the epoch; undefined for a lock that stays until removed. */
  expiresOn?: number;
}

/** An access request as effective roles need it. */
export interface AccessRequestFacts {
  /** The request's ID (its metadata name). */
  id: string;
  user: string;
  /** `pending`, `approved`, `denied`, `promoted`, or `unknown (N)`. */
  state: string;
  roles: string[];
  /** The access expiry (spec `expires`), ms since the epoch; undefined when unset. */
  accessExpiresOn?: number;
  /** Not usable before this, ms since the epoch. */
  assumeStartOn?: number;
  /** The resources it is limited to, `/<cluster>/<kind>/<name>[/<sub-resource>]`; empty for roles. */
  resourceIds: string[];
}

export interface ClusterFacts {
  accessLists: AccessListFacts[];
  members: MemberFacts[];
  /** Undefined when the requests could not be read (or are switched off): then none adds roles. */
  accessRequests?: AccessRequestFacts[];
  /** Undefined when the locks could not be read: then no user is taken to be locked. */
  locks?: LockFacts[];
  /** Names of the roles the cluster has; undefined when unknown (every role is taken to exist). */
  roleNames?: ReadonlySet<string>;
  now: number;
}

export type GrantType = 'member' | 'owner';

/** One way a user holds a role. `chain` names access lists, the granting list first. */
export interface EffectiveGrant {
  role: string;
  via: 'direct' | 'accessList' | 'accessRequest';
  grantType?: GrantType;
  chain: string[];
  /** The earliest expiry of the memberships along the chain, or the request's access expiry. */
  expiresOn?: number;
  /** The granting request's ID (`via: accessRequest`). */
  accessRequest?: string;
  /** The resources a resource-scoped request is limited to (`via: accessRequest`). */
  resourceIds?: string[];
}

/** Why an approved request adds nothing now. */
export type UnusableReason = 'expired' | 'notYetStarted' | 'missingRole' | 'locked';

export interface SkippedAccessRequest {
  request: string;
  reason: UnusableReason;
}

export interface SkippedAccessList {
  list: string;
  grantType: GrantType;
  missingRoles: string[];
}

export interface LoginState {
  user: string;
  /** Every role, deduplicated, in Teleport's order: own roles first, then lists' in list order. */
  roles: string[];
  /** Own traits plus every granted trait, values deduplicated. */
  traits: Traits;
  /** Every path to every role; a role held two ways appears twice. */
  grants: EffectiveGrant[];
  /** Lists the user qualifies for whose grants were not applied because a role is missing. */
  skipped: SkippedAccessList[];
  /** The in-force locks that keep every access list grant from the user. */
  lockedBy: string[];
  /** Own roles the cluster lacks: Teleport then refuses the login (`postProcess`). */
  missingOwnRoles: string[];
  /** The user's approved requests that add nothing now, and why. */
  skippedRequests: SkippedAccessRequest[];
  /** True when Teleport would refuse to compute this state, so the login fails. */
  loginFails: boolean;
}

/** Paths kept per user and list: enough to show how access arrives, bounded for wide nesting. */
const MAX_PATHS_PER_LIST = 16;

interface Path {
  chain: string[];
  expiresOn?: number;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) {
    values.push(value);
  } else {
    map.set(key, [value]);
  }
}

/** `UserMeetsRequirements` (lib/accesslists/hierarchy.go), on the user's own roles and traits. */
export function meetsRequirements(user: UserFacts, requires: Requirements): boolean {
  const roles = new Set(user.roles);
  if (!requires.roles.every((role) => roles.has(role))) {
    return false;
  }
  for (const [key, values] of Object.entries(requires.traits)) {
    const own = user.traits[key];
    if (own === undefined) {
      return false;
    }
    const ownValues = new Set(own);
    if (!values.every((value) => ownValues.has(value))) {
      return false;
    }
  }
  return true;
}

/** A lock is in force until its expiry (`types.LockV2.IsInForce`). */
export function lockInForce(lock: LockFacts, now: number): boolean {
  return lock.expiresOn === undefined || now < lock.expiresOn;
}

/**
 * Why an approved request cannot be assumed now, or undefined when it can (`getValidatedAccessRequest`,
 * `generateUserCerts`, `verifyLocksForUserCerts`). `lockedRoles` and `lockedRequests` are the
 * targets of in-force locks; `certificateRoles` the roles the certificate carries without it.
 */
export function requestUnusable(
  request: AccessRequestFacts,
  now: number,
  context: {
    userLocked: boolean;
    certificateRoles: readonly string[];
    lockedRoles: ReadonlySet<string>;
    lockedRequests: ReadonlySet<string>;
    roleExists: (role: string) => boolean;
  },
): UnusableReason | undefined {
  // An unset expiry is Go's zero time, which is before any now.
  if (request.accessExpiresOn === undefined || request.accessExpiresOn < now) {
    return 'expired';
  }
  if (request.assumeStartOn !== undefined && request.assumeStartOn > now) {
    return 'notYetStarted';
  }
  if (!request.roles.every(context.roleExists)) {
    return 'missingRole';
  }
  const locked =
    context.userLocked ||
    context.lockedRequests.has(request.id) ||
    [...context.certificateRoles, ...request.roles].some((role) => context.lockedRoles.has(role));
  return locked ? 'locked' : undefined;
}

/** A membership has expired once `now` is not before its expiry (`IsAccessListMember`). */
function membershipExpired(expiresOn: number | undefined, now: number): boolean {
  return expiresOn !== undefined && !(now < expiresOn);
}

function appendTraits(target: Traits, source: Traits): void {
  for (const [key, values] of Object.entries(source)) {
    const existing = target[key] ?? [];
    for (const value of values) {
      if (!existing.includes(value)) {
        existing.push(value);
      }
    }
    target[key] = existing;
  }
}

/**
 * The cluster's facts indexed once, then evaluated user by user; each user costs what its own
 * memberships and the lists above them cost, never the whole cluster.
 */
export class LoginStateEvaluator {
  private readonly lists = new Map<string, AccessListFacts>();
  /** list → user name → that user's membership records in the list */
  private readonly userMembers = new Map<string, Map<string, MemberFacts[]>>();
  /** list → lists that are members of it */
  private readonly nestedMembers = new Map<string, MemberFacts[]>();
  /** list → lists it is a member of (for walking up from a user's own lists) */
  private readonly parentLists = new Map<string, string[]>();
  /** list → lists it owns */
  private readonly ownedBy = new Map<string, string[]>();
  /** user → lists the user owns directly */
  private readonly directlyOwned = new Map<string, string[]>();
  /** user → lists the user is an explicit member of */
  private readonly userLists = new Map<string, string[]>();
  /** user → in-force locks targeting the user */
  private readonly locks = new Map<string, string[]>();
  /** Roles and requests an in-force lock targets. */
  private readonly lockedRoles = new Set<string>();
  private readonly lockedRequests = new Set<string>();
  /** user → approved requests */
  private readonly approvedRequests = new Map<string, AccessRequestFacts[]>();
  /** Counts computations cut short by a cycle, so that their results are not remembered. */
  private cuts = 0;

  constructor(private readonly facts: ClusterFacts) {
    facts.accessLists.forEach((list) => {
      this.lists.set(list.name, list);
      for (const owner of list.owners) {
        if (owner.kind === 'list') {
          push(this.ownedBy, owner.name, list.name);
        } else {
          push(this.directlyOwned, owner.name, list.name);
        }
      }
    });
    for (const member of facts.members) {
      if (member.kind === 'list') {
        push(this.nestedMembers, member.list, member);
        push(this.parentLists, member.name, member.list);
      } else {
        let byUser = this.userMembers.get(member.list);
        if (!byUser) {
          byUser = new Map();
          this.userMembers.set(member.list, byUser);
        }
        push(byUser, member.name, member);
        push(this.userLists, member.name, member.list);
      }
    }
    for (const lock of facts.locks ?? []) {
      if (!lockInForce(lock, facts.now)) {
        continue;
      }
      if (lock.targetUser) {
        push(this.locks, lock.targetUser, lock.name);
      }
      if (lock.targetRole) {
        this.lockedRoles.add(lock.targetRole);
      }
      if (lock.targetAccessRequest) {
        this.lockedRequests.add(lock.targetAccessRequest);
      }
    }
    for (const request of facts.accessRequests ?? []) {
      if (request.state === 'approved') {
        push(this.approvedRequests, request.user, request);
      }
    }
  }

  private roleExists(role: string): boolean {
    return this.facts.roleNames === undefined || this.facts.roleNames.has(role);
  }

  evaluate(user: UserFacts): LoginState {
    const ownRoles = [...new Set(user.roles.filter((role) => role !== ''))];
    const state: LoginState = {
      user: user.name,
      roles: [...ownRoles],
      traits: {},
      grants: ownRoles.map((role) => ({ role, via: 'direct', chain: [] })),
      skipped: [],
      lockedBy: this.locks.get(user.name) ?? [],
      missingOwnRoles: ownRoles.filter((role) => !this.roleExists(role)),
      skippedRequests: [],
      loginFails: false,
    };
    appendTraits(state.traits, user.traits);
    if (state.lockedBy.length === 0) {
      this.addAccessLists(user, state);
    }
    state.roles = [...new Set(state.roles)];
    state.loginFails = state.missingOwnRoles.length > 0;
    // A user Teleport issues no certificate to gets nothing from a request either.
    if (!state.loginFails) {
      this.addAccessRequests(state);
    }
    return state;
  }

  /**
   * The roles of the user's approved requests that can be assumed now, as grants of their own:
   * never part of `roles`, which is the login state Teleport stores and compares.
   */
  private addAccessRequests(state: LoginState): void {
    for (const request of this.approvedRequests.get(state.user) ?? []) {
      const reason = requestUnusable(request, this.facts.now, {
        userLocked: state.lockedBy.length > 0,
        certificateRoles: state.roles,
        lockedRoles: this.lockedRoles,
        lockedRequests: this.lockedRequests,
        roleExists: (role) => this.roleExists(role),
      });
      if (reason) {
        state.skippedRequests.push({ request: request.id, reason });
        continue;
      }
      for (const role of new Set(request.roles.filter((name) => name !== ''))) {
        state.grants.push({
          role,
          via: 'accessRequest',
          chain: [],
          expiresOn: request.accessExpiresOn,
          accessRequest: request.id,
          ...(request.resourceIds.length > 0 ? { resourceIds: request.resourceIds } : {}),
        });
      }
    }
  }

  /** The lists this user could be a member or owner of: the rest cannot grant anything. */
  private candidateLists(user: string): string[] {
    const candidates = new Set<string>(this.directlyOwned.get(user) ?? []);
    const memberOf = new Set<string>();
    const pending = [...(this.userLists.get(user) ?? [])];
    while (pending.length > 0) {
      const list = pending.pop()!;
      if (memberOf.has(list)) {
        continue;
      }
      memberOf.add(list);
      candidates.add(list);
      for (const owned of this.ownedBy.get(list) ?? []) {
        candidates.add(owned);
      }
      pending.push(...(this.parentLists.get(list) ?? []));
    }
    // Teleport walks every list in its backend's order, by name (`GetAccessLists`); the order
    // decides only the order of the roles and trait values, never whether they are granted.
    return [...candidates].filter((name) => this.lists.has(name)).sort();
  }

  private addAccessLists(user: UserFacts, state: LoginState): void {
    const memo = new Map<string, Path[]>();
    for (const name of this.candidateLists(user.name)) {
      const list = this.lists.get(name)!;
      const memberPaths = this.memberPaths(user, name, memo, new Set());
      if (memberPaths.length > 0) {
        this.apply(state, list, 'member', memberPaths);
      }
      const ownerPaths = this.ownerPaths(user, list, memo);
      if (ownerPaths.length > 0) {
        this.apply(state, list, 'owner', ownerPaths);
      }
    }
  }

  private apply(state: LoginState, list: AccessListFacts, grantType: GrantType, paths: Path[]) {
    const grants = grantType === 'member' ? list.grants : list.ownerGrants;
    const missingRoles = grants.roles.filter((role) => !this.roleExists(role));
    if (missingRoles.length > 0) {
      state.skipped.push({ list: list.name, grantType, missingRoles });
      return;
    }
    state.roles.push(...grants.roles);
    appendTraits(state.traits, grants.traits);
    for (const role of new Set(grants.roles)) {
      for (const path of paths) {
        state.grants.push({
          role,
          via: 'accessList',
          grantType,
          chain: path.chain,
          expiresOn: path.expiresOn,
        });
      }
    }
  }

  /** Every valid way the user is a member of `listName` (`IsAccessListMember`), granting list first. */
  private memberPaths(
    user: UserFacts,
    listName: string,
    memo: Map<string, Path[]>,
    onStack: Set<string>,
  ): Path[] {
    const known = memo.get(listName);
    if (known) {
      return known;
    }
    const list = this.lists.get(listName);
    // A list that is not there has no members (hierarchy.go fetchMembers treats NotFound as empty).
    if (!list || !meetsRequirements(user, list.membershipRequires)) {
      memo.set(listName, []);
      return [];
    }
    const now = this.facts.now;
    const paths: Path[] = [];
    for (const record of this.userMembers.get(listName)?.get(user.name) ?? []) {
      if (!membershipExpired(record.expiresOn, now)) {
        paths.push({ chain: [listName], expiresOn: record.expiresOn });
      }
    }
    onStack.add(listName);
    let cut = false;
    for (const record of this.nestedMembers.get(listName) ?? []) {
      if (membershipExpired(record.expiresOn, now)) {
        continue;
      }
      // Teleport refuses to save a cycle (hierarchy.go validateAddition); one in the data is cut.
      // What is computed below a cut depends on the way in, so it is not remembered.
      if (onStack.has(record.name)) {
        cut = true;
        continue;
      }
      const before = this.cuts;
      for (const inner of this.memberPaths(user, record.name, memo, onStack)) {
        paths.push({
          chain: [listName, ...inner.chain],
          expiresOn: earliest(record.expiresOn, inner.expiresOn),
        });
      }
      cut ||= this.cuts !== before;
    }
    onStack.delete(listName);
    const kept = paths.sort((a, b) => a.chain.length - b.chain.length).slice(0, MAX_PATHS_PER_LIST);
    if (cut) {
      this.cuts += 1;
    } else {
      memo.set(listName, kept);
    }
    return kept;
  }

  /** Every valid way the user owns `list` (`IsAccessListOwner`), owned list first. */
  private ownerPaths(user: UserFacts, list: AccessListFacts, memo: Map<string, Path[]>): Path[] {
    if (!meetsRequirements(user, list.ownershipRequires)) {
      return [];
    }
    const paths: Path[] = [];
    for (const owner of list.owners) {
      if (owner.kind === 'user') {
        if (owner.name === user.name) {
          paths.push({ chain: [list.name] });
        }
        continue;
      }
      for (const inner of this.memberPaths(user, owner.name, memo, new Set())) {
        paths.push({ chain: [list.name, ...inner.chain], expiresOn: inner.expiresOn });
      }
    }
    return paths.slice(0, MAX_PATHS_PER_LIST);
  }
}
