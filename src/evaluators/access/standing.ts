/**
 * Standing access: which resources each user can reach with their roles and traits as they are,
 * counted per user and per resource, and spelled out (with the exact principals) for the resources
 * a caller selects. Pure, no I/O.
 *
 * Users who hold the same roles, in the same order, and the same values of the traits those roles
 * read get the same answers, so each such group is evaluated once (`groupUsers`), and within a
 * group each class of resources the role sides treat alike once (`AccessEvaluator.resultClasses`).
 *
 * A resource counts as reached where Teleport lets the user connect with some principal:
 * - node, Windows desktop: an allowed login (access_checker.go `GetAllowedLoginsForResource`);
 * - Kubernetes cluster: a Kubernetes group or user (lib/kube/proxy/forwarder.go `setupContext`
 *   refuses a user with neither: `CheckKubeGroupsAndUsers` returns NotFound);
 * - database: a database user, named or `*` (the user matcher of role.go `checkAccess`);
 * - application: the labels alone (no principal).
 * Where the evaluator cannot tell (a template, expression or database fact it does not evaluate),
 * the resource counts as unevaluated, never as reached or unreached.
 */
import { AccessEvaluator, type AccessResult, type ResourceKind, type Role } from './check';
import type { ResourceCatalog } from './catalog';
import { compileLabelExpression } from './label-expressions';
import type { Traits } from './templates';

export type Reach = 'reached' | 'unreached' | 'unevaluated';

/** Whether an answer lets the user connect, per the rules above. */
export function reachOf(result: AccessResult): Reach {
  if (result.decision === 'unevaluated') return 'unevaluated';
  if (!result.allowed) return 'unreached';
  const { principals } = result;
  let some: boolean;
  switch (result.kind) {
    case 'node':
      some = (principals.logins?.length ?? 0) > 0;
      break;
    case 'windows_desktop':
      some = (principals.windowsLogins?.length ?? 0) > 0;
      break;
    case 'kube_cluster':
      some =
        (principals.kubernetesGroups?.length ?? 0) + (principals.kubernetesUsers?.length ?? 0) > 0;
      break;
    case 'db':
      some =
        (principals.dbUsers?.allowed.length ?? 0) > 0 ||
        principals.dbUsers?.wildcardAllowed === true;
      break;
    case 'app':
      return 'reached';
  }
  if (some) return 'reached';
  // No principal we could tell; one we could not may still let the user in.
  return result.unevaluated.length > 0 ? 'unevaluated' : 'unreached';
}

/** The principals an answer grants, as one list (prefixed where a kind has several). */
export function principalsOf(result: AccessResult): string[] {
  const { principals } = result;
  const enumerated = (prefix: string, values: AccessResult['principals']['dbUsers']) =>
    values
      ? [...(values.wildcardAllowed ? ['*'] : []), ...values.allowed].map((v) => prefix + v)
      : [];
  switch (result.kind) {
    case 'node':
      return [...(principals.logins ?? [])];
    case 'windows_desktop':
      return [...(principals.windowsLogins ?? [])];
    case 'kube_cluster':
      return [
        ...(principals.kubernetesGroups ?? []).map((group) => `group:${group}`),
        ...(principals.kubernetesUsers ?? []).map((user) => `user:${user}`),
      ];
    case 'db':
      return [
        ...enumerated('user:', principals.dbUsers),
        ...enumerated('name:', principals.dbNames),
      ];
    case 'app':
      return [];
  }
}

// --- grouping users ------------------------------------------------------------------------------

const TRAIT_REFERENCE =
  /\b(?:internal|external)\s*(?:\.\s*([A-Za-z0-9_\-:/.]+?)\b(?!\.)|\[\s*"([^"]*)"\s*\])/g;

/**
 * The trait keys a role's templates and label expressions read, or 'all' where we cannot tell
 * which (a template whose trait we do not find by name). Erring towards 'all' only costs time.
 */
export function traitKeysReadBy(role: Role): Set<string> | 'all' {
  const found = new Set<string>();
  const sides = [role.allow ?? {}, role.deny ?? {}];
  for (const side of sides) {
    for (const [field, value] of Object.entries(side)) {
      if (field.endsWith('_expression') && typeof value === 'string') {
        const { traitKeys } = compileLabelExpression(value);
        if (traitKeys === 'all') return 'all';
        traitKeys.forEach((key) => found.add(key));
        continue;
      }
      for (const text of stringsIn(value)) {
        if (!text.includes('{{')) continue;
        const before = found.size;
        let matched = false;
        for (const match of text.matchAll(TRAIT_REFERENCE)) {
          const key = match[1] ?? match[2];
          if (key !== undefined) {
            found.add(key);
            matched = true;
          }
        }
        if (!matched && found.size === before) return 'all';
      }
    }
  }
  return found;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  }
  return [];
}

export interface UserRoles {
  name: string;
  /** The user's roles in the order Teleport holds them (it decides which error comes first). */
  roles: readonly Role[];
  traits: Traits;
}

export interface AccessGroup {
  roles: readonly Role[];
  traits: Traits;
  users: string[];
}

/** Users grouped by their roles (in order) and the values of the traits those roles read. */
export function groupUsers(users: Iterable<UserRoles>): AccessGroup[] {
  const readByRole = new Map<Role, Set<string> | 'all'>();
  const groups = new Map<string, AccessGroup>();
  for (const user of users) {
    let keys: Set<string> | 'all' = new Set();
    for (const role of user.roles) {
      let read = readByRole.get(role);
      if (!read) {
        read = traitKeysReadBy(role);
        readByRole.set(role, read);
      }
      if (read === 'all') keys = 'all';
      else if (keys !== 'all') read.forEach((key) => (keys as Set<string>).add(key));
    }
    const relevant =
      keys === 'all'
        ? Object.keys(user.traits).sort()
        : [...keys].sort().filter((key) => user.traits[key] !== undefined);
    const key = JSON.stringify([
      user.roles.map((role) => role.name),
      relevant.map((trait) => [trait, user.traits[trait]]),
    ]);
    const group = groups.get(key);
    if (group) {
      group.users.push(user.name);
    } else {
      const traits: Traits = Object.fromEntries(
        relevant.map((trait) => [trait, user.traits[trait] as readonly string[]]),
      );
      groups.set(key, { roles: user.roles, traits, users: [user.name] });
    }
  }
  return [...groups.values()];
}

// --- summarising ---------------------------------------------------------------------------------

export interface KindStanding {
  reached: number;
  unevaluated: number;
  /** Every principal the user may use on some reached resource of the kind, sorted. */
  principals: string[];
}

export interface UserStanding {
  byKind: Partial<Record<ResourceKind, KindStanding>>;
}

export interface ExactAccess {
  user: string;
  /** The resource's catalog position. */
  position: number;
  principals: string[];
  grantedBy: string[];
}

export interface StandingAccess {
  /** Per user with any role: what they reach. */
  users: Map<string, UserStanding>;
  /** Per catalog position: how many users reach it, and for how many it is unevaluated. */
  usersReaching: Int32Array;
  usersUnevaluated: Int32Array;
  /** The exact answers for the selected resources, up to `maxExact`. */
  exact: ExactAccess[];
  /** How many exact answers there were in all (more than `exact.length` when capped). */
  exactTotal: number;
  groups: number;
}

export interface StandingAccessOptions {
  /** The catalog positions to spell out per user (for example those a label selector picks). */
  selected?: ReadonlySet<number>;
  maxExact: number;
}

/** Every group's standing access over the catalog, per user and per resource. */
export function summarizeStandingAccess(
  catalog: ResourceCatalog,
  groups: readonly AccessGroup[],
  options: StandingAccessOptions,
): StandingAccess {
  const size = catalog.resources.length;
  const weights = new Map<readonly number[], { reached: number; unevaluated: number }>();
  const users = new Map<string, UserStanding>();
  const exact: ExactAccess[] = [];
  let exactTotal = 0;
  const selected = options.selected && options.selected.size > 0 ? options.selected : undefined;
  // The selected positions of each class, found once per class (classes recur across groups).
  const selectedIn = new Map<readonly number[], number[]>();

  for (const group of groups) {
    const standing: UserStanding = { byKind: {} };
    const principalsByKind = new Map<ResourceKind, Set<string>>();
    const evaluator = new AccessEvaluator(group.roles, group.traits);
    for (const { result, positions } of evaluator.resultClasses(catalog, { onlyReached: true })) {
      const reach = reachOf(result);
      if (reach === 'unreached') continue;
      const kind = (standing.byKind[result.kind] ??= {
        reached: 0,
        unevaluated: 0,
        principals: [],
      });
      const weight = weights.get(positions) ?? { reached: 0, unevaluated: 0 };
      weights.set(positions, weight);
      if (reach === 'unevaluated') {
        kind.unevaluated += positions.length;
        weight.unevaluated += group.users.length;
        continue;
      }
      kind.reached += positions.length;
      weight.reached += group.users.length;
      const principals = principalsOf(result);
      const known = principalsByKind.get(result.kind) ?? new Set<string>();
      principals.forEach((principal) => known.add(principal));
      principalsByKind.set(result.kind, known);
      if (!selected) continue;
      let chosen = selectedIn.get(positions);
      if (!chosen) {
        chosen = positions.filter((position) => selected.has(position));
        selectedIn.set(positions, chosen);
      }
      for (const position of chosen) {
        exactTotal += group.users.length;
        for (const user of group.users) {
          if (exact.length < options.maxExact) {
            exact.push({ user, position, principals, grantedBy: result.grantedBy });
          }
        }
      }
    }
    for (const [kind, principals] of principalsByKind) {
      (standing.byKind[kind] as KindStanding).principals = [...principals].sort();
    }
    for (const user of group.users) users.set(user, standing);
  }

  const usersReaching = new Int32Array(size);
  const usersUnevaluated = new Int32Array(size);
  for (const [positions, weight] of weights) {
    for (const position of positions) {
      usersReaching[position] = (usersReaching[position] as number) + weight.reached;
      usersUnevaluated[position] = (usersUnevaluated[position] as number) + weight.unevaluated;
    }
  }
  return { users, usersReaching, usersUnevaluated, exact, exactTotal, groups: groups.length };
}
