/**
 * Standing access: which resources each user can reach with their roles and traits as they are,
 * counted per user and per resource, and spelled out (with the exact principals) for the resources
 * a caller selects. Pure, no I/O.
 *
 * Users who hold the same roles, in the same order, and the same values of the traits those roles
 * read get the same answers, so each such group is evaluated once (`StandingAccessEvaluator`), and within a
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
import { traitKeysReadBy } from './trait-keys';
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

export interface UserRoles {
  name: string;
  /** The user's roles in the order Teleport holds them (it decides which error comes first). */
  roles: readonly Role[];
  traits: Traits;
}

/** Which traits of a user the roles read: finds and caches each role's once. */
class GroupKeys {
  /** Per role: a number naming it in keys, and the traits it reads. */
  private readonly byRole = new Map<Role, { id: number; reads: readonly string[] | 'all' }>();

  /** The group's key, and the traits that matter to it. */
  of(user: UserRoles): { key: string; traits: Traits } {
    let key = '';
    let all = false;
    const reads: string[] = [];
    for (const role of user.roles) {
      let known = this.byRole.get(role);
      if (!known) {
        const read = traitKeysReadBy(role);
        known = { id: this.byRole.size, reads: read === 'all' ? 'all' : [...read] };
        this.byRole.set(role, known);
      }
      key += `${known.id},`;
      if (known.reads === 'all') all = true;
      else reads.push(...known.reads);
    }
    const relevant = all
      ? Object.keys(user.traits).sort()
      : [...new Set(reads)].sort().filter((trait) => user.traits[trait] !== undefined);
    const traits: Record<string, readonly string[]> = {};
    for (const trait of relevant) traits[trait] = user.traits[trait] as readonly string[];
    if (relevant.length > 0) key += JSON.stringify(relevant.map((trait) => [trait, traits[trait]]));
    return { key, traits };
  }
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
  /** Per catalog position: how many users reach it, and for how many it is unevaluated. */
  usersReaching: Int32Array;
  usersUnevaluated: Int32Array;
  /** The exact answers for the selected resources, up to `maxExact`. */
  exact: ExactAccess[];
  /** How many exact answers there were in all (more than `exact.length` when capped). */
  exactTotal: number;
  /** How many times a group was evaluated (once each, unless its answer left the cache). */
  groups: number;
}

export interface StandingAccessOptions {
  /** The catalog positions to spell out per user (for example those a label selector picks). */
  selected?: ReadonlySet<number>;
  maxExact: number;
}

/** Classes whose users are counted before their resources' counts are updated (see `add`). */
const MAX_PENDING_CLASSES = 16_384;

/** Group answers kept for the group's next users; beyond this the cache starts afresh. */
const MAX_CACHED_ANSWERS = 4_096;

/** What one group reaches: its standing, and the classes a user of it adds to the counts. */
interface GroupAnswer {
  standing: UserStanding;
  counted: { positions: Int32Array; reach: 'reached' | 'unevaluated' }[];
  /** The selected resources it reaches (shared arrays), with the principals and granting roles. */
  exact: { positions: Int32Array; principals: string[]; grantedBy: string[] }[];
  exactCount: number;
}

/**
 * Standing access, one user at a time (so a caller need not hold every user): each new group is
 * evaluated when its first user arrives, later users of it reuse the answer. Per-resource counts
 * and exact answers accumulate until `result()`.
 */
export class StandingAccessEvaluator {
  private readonly keys = new GroupKeys();
  /** Answers of recent groups; bounded, so memory does not grow with the number of groups. */
  private readonly answers = new Map<string, GroupAnswer>();
  private groups = 0;
  /** The selected positions of each class, found once per class (classes recur across groups). */
  private readonly selectedIn = new Map<Int32Array, Int32Array>();
  private readonly usersReaching: Int32Array;
  private readonly usersUnevaluated: Int32Array;
  /**
   * Users counted per class (classes are shared by groups and recur), added to the per-resource
   * counts in bulk: one addition per class and user instead of one per resource and user.
   */
  private readonly pendingReaching = new Map<Int32Array, number>();
  private readonly pendingUnevaluated = new Map<Int32Array, number>();
  private readonly exact: ExactAccess[] = [];
  private exactTotal = 0;

  constructor(
    private readonly catalog: ResourceCatalog,
    private readonly options: StandingAccessOptions,
  ) {
    this.usersReaching = new Int32Array(catalog.resources.length);
    this.usersUnevaluated = new Int32Array(catalog.resources.length);
  }

  /** What the user reaches; counts the user in. */
  add(user: UserRoles): UserStanding {
    const { key, traits } = this.keys.of(user);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.evaluate(user.roles, traits);
      this.groups += 1;
      if (this.answers.size >= MAX_CACHED_ANSWERS) {
        // Both hold class arrays of partitions the catalog may have dropped since.
        this.answers.clear();
        this.selectedIn.clear();
      }
      this.answers.set(key, answer);
    }
    for (const { positions, reach } of answer.counted) {
      const pending = reach === 'reached' ? this.pendingReaching : this.pendingUnevaluated;
      pending.set(positions, (pending.get(positions) ?? 0) + 1);
    }
    if (this.pendingReaching.size + this.pendingUnevaluated.size > MAX_PENDING_CLASSES) {
      this.countPending();
    }
    this.exactTotal += answer.exactCount;
    for (const { positions, principals, grantedBy } of answer.exact) {
      for (const position of positions) {
        if (this.exact.length >= this.options.maxExact) return answer.standing;
        this.exact.push({ user: user.name, position, principals, grantedBy });
      }
    }
    return answer.standing;
  }

  result(): StandingAccess {
    this.countPending();
    return {
      usersReaching: this.usersReaching,
      usersUnevaluated: this.usersUnevaluated,
      exact: this.exact,
      exactTotal: this.exactTotal,
      groups: this.groups,
    };
  }

  /** Adds the pending users of each class to its resources' counts. */
  private countPending(): void {
    for (const [pending, counts] of [
      [this.pendingReaching, this.usersReaching],
      [this.pendingUnevaluated, this.usersUnevaluated],
    ] as const) {
      for (const [positions, users] of pending) {
        for (const position of positions) counts[position] = (counts[position] as number) + users;
      }
      pending.clear();
    }
  }

  private evaluate(roles: readonly Role[], traits: Traits): GroupAnswer {
    const standing: UserStanding = { byKind: {} };
    const counted: GroupAnswer['counted'] = [];
    const exact: GroupAnswer['exact'] = [];
    let exactCount = 0;
    const principalsByKind = new Map<ResourceKind, Set<string>>();
    const selected = this.options.selected?.size ? this.options.selected : undefined;
    const evaluator = new AccessEvaluator(roles, traits);
    for (const { result, positions } of evaluator.resultClasses(this.catalog, {
      onlyReached: true,
    })) {
      const reach = reachOf(result);
      if (reach === 'unreached') continue;
      const kind = (standing.byKind[result.kind] ??= {
        reached: 0,
        unevaluated: 0,
        principals: [],
      });
      counted.push({ positions, reach });
      kind[reach] += positions.length;
      if (reach === 'unevaluated') continue;
      const principals = principalsOf(result);
      const known = principalsByKind.get(result.kind) ?? new Set<string>();
      principals.forEach((principal) => known.add(principal));
      principalsByKind.set(result.kind, known);
      if (!selected) continue;
      let chosen = this.selectedIn.get(positions);
      if (!chosen) {
        chosen = positions.filter((position) => selected.has(position));
        this.selectedIn.set(positions, chosen);
      }
      if (chosen.length > 0) {
        exact.push({ positions: chosen, principals, grantedBy: result.grantedBy });
        exactCount += chosen.length;
      }
    }
    for (const [kind, principals] of principalsByKind) {
      (standing.byKind[kind] as KindStanding).principals = [...principals].sort();
    }
    return { standing, counted, exact, exactCount };
  }
}
