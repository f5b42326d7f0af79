/**
 * A synthetic, seeded cluster for the access evaluator: roles with `*: *`, exact labels, globs,
 * `^…$` regexps, label expressions, templates and deny rules; resources of every kind with 3 to 8
 * labels. Shared by bench/access-evaluator.ts (timing) and access-equivalence.test.ts (answers).
 * Deterministic for a seed, so a failure names the combination that differs.
 */
import type {
  LabelSelector,
  Resource,
  ResourceKind,
  Role,
  RoleConditions,
  Traits,
} from '../../../src/evaluators/access';

/** mulberry32: a small seeded generator; the same seed gives the same cluster. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Picker {
  random: () => number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  some<T>(items: readonly T[], min: number, max: number): T[];
  chance(p: number): boolean;
}

export function picker(seed: number): Picker {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return {
    random,
    int,
    pick,
    chance: (p) => random() < p,
    some<T>(items: readonly T[], min: number, max: number): T[] {
      const count = Math.min(items.length, min + int(max - min + 1));
      const pool = [...items];
      const out: T[] = [];
      while (out.length < count) out.push(pool.splice(int(pool.length), 1)[0] as T);
      return out;
    },
  };
}

const range = (n: number, name: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => name(i));

export const VALUES = {
  env: ['prod', 'staging', 'dev', 'qa'],
  team: range(20, (i) => `team-${String.fromCharCode(97 + i)}`),
  region: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1'],
  tier: ['web', 'api', 'db', 'cache', 'batch'],
  os: ['ubuntu', 'rhel', 'debian'],
  app: range(200, (i) => `app-${String(i).padStart(3, '0')}`),
  'cost-center': range(40, (i) => `cc-${i}`),
  owner: range(60, (i) => `user${i}@example.com`),
};
const OPTIONAL_KEYS = ['team', 'region', 'tier', 'os', 'app', 'cost-center', 'owner'] as const;

export const LOGINS = ['root', 'ubuntu', 'ec2-user', 'deploy', 'admin', 'postgres', 'app'];
const TEAM_TRAITS = VALUES.team;

function labelsFor(p: Picker, hostname: string): Record<string, string> {
  // 3 to 8 labels: env and a unique hostname always, then 1 to 6 of the others.
  const labels: Record<string, string> = { env: p.pick(VALUES.env), hostname };
  for (const key of p.some(OPTIONAL_KEYS, 1, 6)) labels[key] = p.pick(VALUES[key]);
  return labels;
}

export function makeResources(p: Picker, nodes: number, others: number): Resource[] {
  const resources: Resource[] = [];
  for (let i = 0; i < nodes; i++) {
    resources.push({ kind: 'node', name: `node-${i}`, labels: labelsFor(p, `ip-10-0-${i}`) });
  }
  const kinds: ResourceKind[] = ['kube_cluster', 'db', 'app', 'windows_desktop'];
  for (let i = 0; i < others; i++) {
    const kind = kinds[i % kinds.length] as ResourceKind;
    const resource: Resource = { kind, name: `${kind}-${i}`, labels: labelsFor(p, `${kind}-${i}`) };
    if (kind === 'db' && p.chance(0.1)) resource.db = { caseInsensitiveUsers: true };
    resources.push(resource);
  }
  return resources;
}

/** One selector in the styles roles use. */
function selector(p: Picker): LabelSelector {
  switch (p.int(9)) {
    case 0:
      return { '*': ['*'] };
    case 1:
      return { env: [p.pick(VALUES.env)] };
    case 2:
      return { env: p.some(VALUES.env, 1, 2), team: [p.pick(VALUES.team)] };
    case 3:
      return { region: ['us-*'], tier: p.some(VALUES.tier, 1, 3) };
    case 4:
      return { app: [`app-${p.int(10)}*`], env: ['*'] };
    case 5:
      return { team: [`^team-[${'abcdefghij'.slice(0, 1 + p.int(9))}]$`] };
    case 6:
      return { region: ['^eu-.*$', 'ap-*'], os: [p.pick(VALUES.os)] };
    case 7:
      return { team: ['{{external.teams}}'] };
    default:
      return { 'cost-center': p.some(VALUES['cost-center'], 1, 8), env: ['prod', 'staging'] };
  }
}

const EXPRESSIONS = [
  'labels["env"] == "prod" && labels["tier"] != "db"',
  'contains(user.spec.traits["teams"], labels["team"])',
  'regexp.match(labels["region"], "^us-.*$") || labels["os"] == "debian"',
  'contains_any(user.spec.traits["envs"], labels_matching("env"))',
  'labels["app"] == "app-007" || contains(user.spec.traits["owners"], labels["owner"])',
  '!regexp.match(labels["cost-center"], "cc-1*")',
  'email.local(user.spec.traits["email"]) == labels["owner"]',
];

function conditions(p: Picker, kinds: ResourceKind[]): RoleConditions {
  const c: RoleConditions = {};
  for (const kind of kinds) {
    const useExpression = p.chance(0.2);
    const useSelector = !useExpression || p.chance(0.5);
    const field = {
      node: 'node_labels',
      kube_cluster: 'kubernetes_labels',
      db: 'db_labels',
      app: 'app_labels',
      windows_desktop: 'windows_desktop_labels',
    }[kind] as 'node_labels';
    if (useSelector) c[field] = selector(p);
    if (useExpression) {
      (c as Record<string, unknown>)[`${field}_expression`] = p.pick(EXPRESSIONS);
    }
  }
  return c;
}

export function makeRole(p: Picker, name: string): Role {
  const kinds = p.some(['node', 'kube_cluster', 'db', 'app', 'windows_desktop'] as const, 1, 3);
  const allow = conditions(p, kinds);
  allow.logins = [...p.some(LOGINS, 1, 3), ...(p.chance(0.3) ? ['{{internal.logins}}'] : [])];
  if (kinds.includes('windows_desktop'))
    allow.windows_desktop_logins = p.some(['Administrator', 'alice', 'bob'], 1, 2);
  if (kinds.includes('kube_cluster')) {
    allow.kubernetes_groups = p.some(['viewers', 'editors', 'admins', '{{external.groups}}'], 1, 2);
    allow.kubernetes_users = p.chance(0.5) ? ['{{external.email}}'] : [];
  }
  if (kinds.includes('db')) {
    allow.db_users = p.some(
      ['alice', 'bob', 'reader', 'writer', '*', '{{internal.db_users}}'],
      1,
      3,
    );
    allow.db_names = p.some(['main', 'audit', 'analytics', '*'], 1, 2);
  }
  let deny: RoleConditions = {};
  if (p.chance(0.25)) {
    deny = p.chance(0.5) ? conditions(p, [p.pick(kinds)]) : {};
    if (p.chance(0.5)) deny.logins = ['root'];
    if (p.chance(0.3)) deny.db_users = [p.pick(['bob', 'writer', '*'])];
    if (p.chance(0.2)) deny.kubernetes_groups = ['admins'];
  }
  const version = p.chance(0.05) ? 'v3' : p.pick(['v5', 'v6', 'v7', 'v7', 'v8']);
  return { name, version, allow, deny };
}

export function makeRoles(p: Picker, count: number): Role[] {
  return range(count, (i) => `role-${i}`).map((name) => makeRole(p, name));
}

export function makeTraits(p: Picker): Traits {
  return {
    teams: p.some(TEAM_TRAITS, 1, 3),
    envs: p.some(VALUES.env, 1, 2),
    logins: p.some(['alice', 'bob', 'carol', 'svc-ci'], 1, 2),
    groups: [p.pick(['devs', 'ops', 'sre'])],
    owners: p.some(VALUES.owner, 0, 3),
    email: [`${p.pick(['alice', 'bob', 'carol'])}@example.com`],
    db_users: [p.pick(['alice', 'bob'])],
  };
}

export interface Cluster {
  roles: Role[];
  resources: Resource[];
}

export function makeCluster(seed: number, roles: number, nodes: number, others: number): Cluster {
  const p = picker(seed);
  return { roles: makeRoles(p, roles), resources: makeResources(p, nodes, others) };
}
