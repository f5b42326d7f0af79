/**
 * Every role a user holds and how: directly, or through access lists, nested ones included.
 *
 * Teleport's rules (lib/accesslists/hierarchy.go upstream): a member of a list gets the list's
 * member grants, and so does every member of a list nested in it, to any depth; a list that owns
 * another list makes its members (nested ones included) owners of that list, with its owner
 * grants. A membership that has expired or whose member no longer meets the list's requirements
 * confers nothing, and neither does an ineligible owner. Nesting is at most ten lists deep.
 */
import { Relationship } from '@jupiterone/integration-sdk-core';
import { Entities, Relationships } from '../constants';
import { keys } from '../graph-values';
import { createKeyRelationship } from '../job-state';

/** Teleport refuses to nest access lists deeper than this (accesslist.MaxAllowedDepth). */
export const MAX_NESTING_DEPTH = 10;

export type GrantType = 'member' | 'owner';

/** One way a user holds a role. `chain` names access lists, outermost (the granting list) first. */
export interface EffectiveGrant {
  user: string;
  role: string;
  via: 'direct' | 'accessList';
  grantType?: GrantType;
  chain: string[];
  /** The earliest expiry of the memberships along the chain. */
  expiresOn?: number;
}

interface Membership {
  name: string;
  expiresOn?: number;
}

const LIST_KEY_PREFIX = `${Entities.ACCESS_LIST._type}:`;
const USER_KEY_PREFIX = `${Entities.USER._type}:`;
const ROLE_KEY_PREFIX = `${Entities.ROLE._type}:`;

function nameOf(key: string | undefined, prefix: string): string | undefined {
  return key?.startsWith(prefix) ? key.slice(prefix.length) : undefined;
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

/** Eligible unless Teleport says otherwise (matches the owner and member converters). */
function isEligible(eligibility: unknown): boolean {
  return eligibility === undefined || eligibility === 'eligible' || eligibility === 'unspecified';
}

/**
 * What the access list steps recorded, reduced to what grants access: sized by the number of
 * memberships and grants, never by the whole graph.
 */
export class AccessListFacts {
  private readonly grants = new Map<string, { member: string[]; owner: string[] }>();
  /** list → users whose membership confers access */
  private readonly userMembers = new Map<string, Membership[]>();
  /** nested list → lists it is a member of, where that membership confers access */
  private readonly parentLists = new Map<string, Membership[]>();
  /** list → lists it owns, where that ownership is eligible */
  private readonly ownedLists = new Map<string, string[]>();
  /** list → users who own it directly and are eligible */
  private readonly directOwners = new Map<string, string[]>();
  /** `user|list` for every owner Teleport reports as ineligible, inherited ones included */
  private readonly ineligibleOwners = new Set<string>();

  addGrant(list: string, grantType: GrantType, role: string): void {
    let grants = this.grants.get(list);
    if (!grants) {
      grants = { member: [], owner: [] };
      this.grants.set(list, grants);
    }
    if (!grants[grantType].includes(role)) {
      grants[grantType].push(role);
    }
  }

  addUserMember(list: string, user: string, expiresOn?: number): void {
    push(this.userMembers, list, { name: user, expiresOn });
  }

  addNestedList(parent: string, child: string, expiresOn?: number): void {
    push(this.parentLists, child, { name: parent, expiresOn });
  }

  addUserOwner(
    user: string,
    list: string,
    options: { eligible: boolean; inherited: boolean },
  ): void {
    if (!options.eligible) {
      this.ineligibleOwners.add(`${user}|${list}`);
    } else if (!options.inherited) {
      push(this.directOwners, list, user);
    }
  }

  addListOwner(ownerList: string, list: string): void {
    push(this.ownedLists, ownerList, list);
  }

  /**
   * Takes in one relationship the access list steps wrote, if it is one that grants access; the
   * others are ignored. Memberships and ownerships that confer nothing are left out here.
   */
  record(relationship: Relationship): void {
    const from = relationship._fromEntityKey as string | undefined;
    const to = relationship._toEntityKey as string | undefined;
    const expiresOn =
      typeof relationship.expiresOn === 'number' ? relationship.expiresOn : undefined;
    switch (relationship._type) {
      case Relationships.ACCESS_LIST_ASSIGNED_ROLE._type: {
        const list = nameOf(from, LIST_KEY_PREFIX);
        const role = nameOf(to, ROLE_KEY_PREFIX);
        const grantType = relationship.grantType;
        if (
          list !== undefined &&
          role !== undefined &&
          (grantType === 'member' || grantType === 'owner')
        ) {
          this.addGrant(list, grantType, role);
        }
        return;
      }
      case Relationships.ACCESS_LIST_HAS_USER._type: {
        const list = nameOf(from, LIST_KEY_PREFIX);
        const user = nameOf(to, USER_KEY_PREFIX);
        if (list !== undefined && user !== undefined && relationship.confersAccess === true) {
          this.addUserMember(list, user, expiresOn);
        }
        return;
      }
      case Relationships.ACCESS_LIST_HAS_LIST._type: {
        const parent = nameOf(from, LIST_KEY_PREFIX);
        const child = nameOf(to, LIST_KEY_PREFIX);
        if (parent !== undefined && child !== undefined && relationship.confersAccess === true) {
          this.addNestedList(parent, child, expiresOn);
        }
        return;
      }
      case Relationships.USER_MANAGES_ACCESS_LIST._type: {
        const user = nameOf(from, USER_KEY_PREFIX);
        const list = nameOf(to, LIST_KEY_PREFIX);
        if (user !== undefined && list !== undefined) {
          this.addUserOwner(user, list, {
            eligible: isEligible(relationship.eligibility),
            inherited: relationship.inherited === true,
          });
        }
        return;
      }
      case Relationships.ACCESS_LIST_MANAGES_LIST._type: {
        const ownerList = nameOf(from, LIST_KEY_PREFIX);
        const list = nameOf(to, LIST_KEY_PREFIX);
        if (ownerList !== undefined && list !== undefined && isEligible(relationship.eligibility)) {
          this.addListOwner(ownerList, list);
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * Every (user, role, path) that access lists confer. Each distinct chain of lists is its own
   * grant, so a user who holds a role two ways has both; cycles in nesting are cut, and chains
   * stop at Teleport's maximum depth.
   */
  *grantsThroughAccessLists(): Generator<EffectiveGrant> {
    for (const [list, members] of this.userMembers) {
      for (const member of members) {
        yield* this.walkUp(member.name, [list], member.expiresOn, new Set([list]));
      }
    }
    for (const [list, owners] of this.directOwners) {
      for (const user of owners) {
        yield* this.ownerGrants(user, list, [list], undefined);
      }
    }
  }

  /** Grants for a user who is (through `chain`, outermost first) a member of `chain[0]`. */
  private *walkUp(
    user: string,
    chain: string[],
    expiresOn: number | undefined,
    onPath: Set<string>,
  ): Generator<EffectiveGrant> {
    const list = chain[0]!;
    for (const role of this.grants.get(list)?.member ?? []) {
      yield { user, role, via: 'accessList', grantType: 'member', chain, expiresOn };
    }
    for (const owned of this.ownedLists.get(list) ?? []) {
      yield* this.ownerGrants(user, owned, [owned, ...chain], expiresOn);
    }
    if (chain.length >= MAX_NESTING_DEPTH) {
      return;
    }
    for (const parent of this.parentLists.get(list) ?? []) {
      if (onPath.has(parent.name)) {
        continue; // a cycle: the chain already passes through this list
      }
      onPath.add(parent.name);
      yield* this.walkUp(
        user,
        [parent.name, ...chain],
        earliest(expiresOn, parent.expiresOn),
        onPath,
      );
      onPath.delete(parent.name);
    }
  }

  private *ownerGrants(
    user: string,
    list: string,
    chain: string[],
    expiresOn: number | undefined,
  ): Generator<EffectiveGrant> {
    if (this.ineligibleOwners.has(`${user}|${list}`)) {
      return;
    }
    for (const role of this.grants.get(list)?.owner ?? []) {
      yield { user, role, via: 'accessList', grantType: 'owner', chain, expiresOn };
    }
  }
}

/** The roles a user holds directly (user.spec.roles), one grant each. */
export function directGrants(user: string, roles: readonly string[] | undefined): EffectiveGrant[] {
  return [...new Set((roles ?? []).filter((role) => role !== ''))].map((role) => ({
    user,
    role,
    via: 'direct',
    chain: [],
  }));
}

/** How a chain of lists is written in a property: relationship properties hold no arrays. */
export const CHAIN_SEPARATOR = ' > ';

/**
 * `teleport_user_has_role`, one per way of holding the role: the key names the path (`direct`, or
 * the grant type and the chain of lists), so the same role held two ways is recorded twice.
 * The chain is written outermost list first, as one string (JupiterOne relationship properties
 * are scalars). `titles` maps list names (UUIDs) to their titles.
 */
export function createEffectiveRoleRelationship(
  grant: EffectiveGrant,
  titles: ReadonlyMap<string, string> = new Map(),
): Relationship {
  const throughLists = grant.via === 'accessList';
  return createKeyRelationship(
    Relationships.USER_HAS_ROLE,
    keys.user(grant.user),
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
      expiresOn: grant.expiresOn,
    },
    throughLists ? `${grant.grantType}:${grant.chain.join('>')}` : 'direct',
  );
}
