/**
 * Standing access: which resources each user can reach with their roles and traits as they are,
 * counted per user and per resource, and spelled out (with the exact principals) for the resources
 * a caller selects. Pure, no I/O.
 *
 * Each kind is answered on its own, with only the roles that can change its answers: users who
 * hold the same such roles, in the same order, and the same values of the traits those roles read
 * get the same answers for the kind (`KindKeys`), so each key is evaluated once, and within it
 * each class of resources the role sides treat alike once (`AccessEvaluator.kindResultClasses`).
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
import {
  AccessEvaluator,
  KIND_BITS,
  kindsChangedBy,
  type AccessResult,
  type ResourceKind,
  type Role,
} from './check';
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

// --- keys: users who get the same answers ---------------------------------------------------------

export interface UserRoles {
  name: string;
  /** The user's roles in the order Teleport holds them (it decides which error comes first). */
  roles: readonly Role[];
  traits: Traits;
}

/** What the keys need of a role, found once per role. */
interface RoleFacts {
  /** A number naming the role in keys. */
  id: number;
  /** The kinds whose answers the role can change (`kindsChangedBy`). */
  kinds: number;
  /** The traits its templates and label expressions read. */
  reads: readonly string[] | 'all';
}

/**
 * The key of a user's answers for one kind: the roles that can change the kind's answers, in the
 * user's order (it decides which error Teleport meets first), and the values of the traits those
 * roles read. Users with the same key get the same answers for every resource of the kind.
 */
class KindKeys {
  private readonly byRole = new Map<Role, RoleFacts>();

  /** The key, or '' when none of the roles can change the kind's answers (nothing reached). */
  of(roles: readonly Role[], traits: Traits, kind: ResourceKind): string {
    const bit = KIND_BITS[kind];
    let key = '';
    let all = false;
    let reads: string[] | undefined;
    for (const role of roles) {
      const facts = this.factsOf(role);
      if ((facts.kinds & bit) === 0) continue;
      key += `${facts.id},`;
      if (facts.reads === 'all') all = true;
      else if (facts.reads.length > 0) (reads ??= []).push(...facts.reads);
    }
    if (key === '' || (!all && !reads)) return key;
    const relevant = all ? Object.keys(traits) : [...new Set(reads)];
    const values = relevant
      .sort()
      .filter((trait) => traits[trait] !== undefined)
      .map((trait) => [trait, traits[trait]]);
    return values.length > 0 ? key + JSON.stringify(values) : key;
  }

  private factsOf(role: Role): RoleFacts {
    let facts = this.byRole.get(role);
    if (!facts) {
      const reads = traitKeysReadBy(role);
      facts = {
        id: this.byRole.size,
        kinds: kindsChangedBy(role),
        reads: reads === 'all' ? 'all' : [...reads],
      };
      this.byRole.set(role, facts);
    }
    return facts;
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
  /** How many kind answers were evaluated (once per kind and key, unless one left the cache). */
  evaluations: number;
}

export interface StandingAccessOptions {
  /** The catalog positions to spell out per user (for example those a label selector picks). */
  selected?: ReadonlySet<number>;
  maxExact: number;
}

/** Classes whose users are counted before their resources' counts are updated (see `add`). */
const MAX_PENDING_CLASSES = 16_384;

/** Answers kept per kind for the next users with the same key; beyond this it starts afresh. */
const MAX_CACHED_ANSWERS = 4_096;

/** What the users with one key for a kind (`KindKeys`) reach of it. */
interface KindAnswer {
  /** Undefined where the kind has nothing reached or unevaluated. */
  standing: KindStanding | undefined;
  /** The classes a user adds to the per-resource counts. */
  counted: { positions: Int32Array; reach: 'reached' | 'unevaluated' }[];
  /** The selected resources reached (shared arrays), with the principals and granting roles. */
  exact: { positions: Int32Array; principals: string[]; grantedBy: string[] }[];
  exactCount: number;
}

const NOTHING_REACHED: KindAnswer = Object.freeze({
  standing: undefined,
  counted: [],
  exact: [],
  exactCount: 0,
});

/**
 * Standing access, one user at a time (so a caller need not hold every user): each kind's answer
 * for a new key is evaluated when its first user arrives, later users with the key reuse it.
 * Per-resource counts and exact answers accumulate until `result()`.
 */
export class StandingAccessEvaluator {
  private readonly keys = new KindKeys();
  /**
   * Answers per kind, by kind and key (`KindKeys`): users whose roles differ only in roles that
   * cannot change a kind's answers share them. Bounded, so memory does not grow with the number
   * of distinct keys.
   */
  private readonly answers: ReadonlyMap<ResourceKind, Map<string, KindAnswer>>;
  private evaluations = 0;
  /**
   * The selected positions of each class, found once per class (classes recur across keys); held
   * only while the class is (a partition the catalog drops takes its classes along).
   */
  private readonly selectedIn = new WeakMap<Int32Array, Int32Array>();
  private readonly usersReaching: Int32Array;
  private readonly usersUnevaluated: Int32Array;
  /**
   * Users counted per class (classes are shared by keys and recur), added to the per-resource
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
    this.answers = new Map([...catalog.byKind.keys()].map((kind) => [kind, new Map()]));
  }

  /** What the user reaches; counts the user in. */
  add(user: UserRoles): UserStanding {
    const standing: UserStanding = { byKind: {} };
    for (const [kind, answers] of this.answers) {
      const key = this.keys.of(user.roles, user.traits, kind);
      if (key === '') continue;
      let answer = answers.get(key);
      if (!answer) {
        answer = this.evaluateKind(user, kind);
        this.evaluations += 1;
        if (answers.size >= MAX_CACHED_ANSWERS) answers.clear();
        answers.set(key, answer);
      }
      if (answer.standing) standing.byKind[kind] = answer.standing;
      this.countIn(user.name, answer);
    }
    if (this.pendingReaching.size + this.pendingUnevaluated.size > MAX_PENDING_CLASSES) {
      this.countPending();
    }
    return standing;
  }

  /** Counts a user in with what they reach of a kind. */
  private countIn(user: string, answer: KindAnswer): void {
    for (const { positions, reach } of answer.counted) {
      const pending = reach === 'reached' ? this.pendingReaching : this.pendingUnevaluated;
      pending.set(positions, (pending.get(positions) ?? 0) + 1);
    }
    this.exactTotal += answer.exactCount;
    for (const { positions, principals, grantedBy } of answer.exact) {
      for (const position of positions) {
        if (this.exact.length >= this.options.maxExact) return;
        this.exact.push({ user, position, principals, grantedBy });
      }
    }
  }

  result(): StandingAccess {
    this.countPending();
    return {
      usersReaching: this.usersReaching,
      usersUnevaluated: this.usersUnevaluated,
      exact: this.exact,
      exactTotal: this.exactTotal,
      evaluations: this.evaluations,
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

  /** What the user, and every user with the same key for the kind, reaches of it. */
  private evaluateKind(user: UserRoles, kind: ResourceKind): KindAnswer {
    const bit = KIND_BITS[kind];
    const evaluator = new AccessEvaluator(
      user.roles.filter((role) => (kindsChangedBy(role) & bit) !== 0),
      user.traits,
    );
    const standing: KindStanding = { reached: 0, unevaluated: 0, principals: [] };
    const counted: KindAnswer['counted'] = [];
    const exact: KindAnswer['exact'] = [];
    let exactCount = 0;
    const principals = new Set<string>();
    const selected = this.options.selected?.size ? this.options.selected : undefined;
    for (const { result, positions } of evaluator.kindResultClasses(this.catalog, kind, {
      onlyReached: true,
    })) {
      const reach = reachOf(result);
      if (reach === 'unreached') continue;
      counted.push({ positions, reach });
      standing[reach] += positions.length;
      if (reach === 'unevaluated') continue;
      const granted = principalsOf(result);
      granted.forEach((principal) => principals.add(principal));
      if (!selected) continue;
      let chosen = this.selectedIn.get(positions);
      if (!chosen) {
        chosen = positions.filter((position) => selected.has(position));
        this.selectedIn.set(positions, chosen);
      }
      if (chosen.length > 0) {
        exact.push({ positions: chosen, principals: granted, grantedBy: result.grantedBy });
        exactCount += chosen.length;
      }
    }
    if (counted.length === 0) return NOTHING_REACHED;
    standing.principals = [...principals].sort();
    return { standing, counted, exact, exactCount };
  }
}
