/**
 * The catalog path (`evaluateAll`: label outcomes indexed and shared, answers shared between
 * resources that read the same) must answer exactly as `evaluate(resource)`, which checks each
 * resource on its own. Seeded random role sets, traits and resources from the synthetic cluster,
 * mixed with roles that err, cannot be evaluated or hit the rules' corners; deterministic, so a
 * failure names the role set and the resource that differ.
 */
import { describe, expect, it } from 'vitest';
import { AccessEvaluator, Resource, ResourceCatalog, Role } from '../../../src/evaluators/access';
import { makeCluster, makeTraits, picker } from './synthetic-cluster';

const CORNERS: Role[] = [
  { name: 'unknown-version', version: 'v9', allow: { node_labels: { '*': ['*'] }, logins: ['u'] } },
  {
    name: 'bad-regexp',
    version: 'v7',
    allow: { node_labels: { team: ['^(x$'] }, db_labels: { env: ['^a(?=b)$'] }, logins: ['u'] },
  },
  {
    name: 'fails-and-errs',
    version: 'v7',
    allow: { node_labels: { team: ['^(x$'], env: ['prod'] }, logins: ['x'] },
  },
  {
    name: 'not-evaluable-regexp',
    version: 'v7',
    deny: { node_labels: { env: ['^\\u0041$'] }, kubernetes_labels: { region: ['^\\C$'] } },
  },
  {
    name: 'bad-expression',
    version: 'v7',
    allow: { app_labels_expression: 'regexp.match(labels["env"], "^(x$")', logins: ['u'] },
    deny: { windows_desktop_labels_expression: 'labels["env"] ==' },
  },
  {
    name: 'labels-matching',
    version: 'v7',
    allow: {
      node_labels_expression: 'contains(labels_matching("*"), "prod")',
      kubernetes_labels: { '*': ['*'] },
      kubernetes_labels_expression: 'contains(user.spec.traits["envs"], labels["env"])',
      kubernetes_groups: ['{{external.groups}}', 'ops'],
      logins: ['{{internal.logins}}'],
    },
  },
  {
    name: 'unevaluable-template',
    version: 'v7',
    allow: {
      node_labels: { team: ['{{email.local(external.odd)}}'] },
      db_labels: { '*': ['*'] },
      db_users: ['{{email.local(external.odd)}}', 'alice'],
      logins: ['{{email.local(external.odd)}}'],
    },
  },
  {
    name: 'deny-everything-for-db',
    version: 'v7',
    deny: { db_labels: { '*': ['*'] }, db_users: ['*'] },
  },
  {
    name: 'star-key-literal',
    version: 'v6',
    allow: { node_labels: { '*': ['x', '*'] }, app_labels: { '*': ['*'] }, logins: ['root'] },
  },
  {
    name: 'other-namespace',
    version: 'v7',
    allow: { namespaces: ['other'], node_labels: { '*': ['*'] }, logins: ['n'] },
    deny: { namespaces: ['*'], node_labels: { env: ['qa'] } },
  },
  { name: 'v3-defaults', version: 'v3', allow: { logins: ['legacy'] } },
  // Roles that reach no resource of a kind yet change its answers (or do not): the catalog path
  // evaluates each kind with only the roles that can (`RoleView.kinds`).
  { name: 'deny-login-without-labels', version: 'v7', deny: { logins: ['u', 'ops'] } },
  { name: 'deny-kube-group-without-labels', version: 'v7', deny: { kubernetes_groups: ['ops'] } },
  {
    name: 'principals-without-labels',
    version: 'v7',
    allow: { logins: ['only-here'], db_users: ['{{email.local(external.odd)}}'] },
  },
  { name: 'no-labels-no-principals', version: 'v7', allow: { namespaces: ['*'] } },
];

const EDGE_RESOURCES: Resource[] = [
  { kind: 'node', name: 'no-labels', labels: {} },
  { kind: 'node', name: 'newline', labels: { env: 'prod', team: 'team-a\nb', app: 'app-1\n' } },
  { kind: 'node', name: 'star-key', labels: { '*': 'x', env: 'prod' } },
  { kind: 'node', name: 'proto', labels: { ['__proto__']: 'x', env: 'dev' } },
  { kind: 'db', name: 'cockroach', labels: { env: 'prod' }, db: { caseInsensitiveUsers: true } },
  { kind: 'db', name: 'auto', labels: { env: 'prod' }, db: { autoUserProvisioning: true } },
  { kind: 'db', name: 'iam', labels: { env: 'dev' }, db: { awsIamRoleUsers: true } },
  { kind: 'kube_cluster', name: 'k-empty', labels: {} },
  { kind: 'app', name: 'a-empty', labels: {} },
  { kind: 'windows_desktop', name: 'w-empty', labels: {} },
];

describe('evaluateAll answers as evaluate(resource) does', () => {
  const cluster = makeCluster(42, 120, 160, 120);
  const resources = [...cluster.resources, ...EDGE_RESOURCES];
  const pool = [...cluster.roles, ...CORNERS];
  const p = picker(7);
  const catalog = new ResourceCatalog(resources);
  const cases = Array.from({ length: 60 }, (_, i) => {
    const roles = i < 50 ? p.some(pool, 1, 8) : p.some(pool, 20, 60);
    const traits = { ...makeTraits(p), odd: p.chance(0.3) ? ['"quoted"@example.com'] : ['a@b.c'] };
    const names = roles.map((role) => role.name);
    const more = names.length > 6 ? ` and ${names.length - 6} more` : '';
    return [`set ${i}: ${names.slice(0, 6).join(', ')}${more}`, roles, traits] as const;
  });

  it.each(cases)('%s', (_name, roles, traits) => {
    const evaluator = new AccessEvaluator(roles, traits);
    const all = evaluator.evaluateAll(catalog);
    const reached = evaluator.evaluateAll(catalog, { onlyReached: true });
    const expected = resources.map((resource) =>
      new AccessEvaluator(roles, traits).evaluate(resource),
    );
    expect(all).toHaveLength(expected.length);
    all.forEach((result, i) => expect(result, result.name).toStrictEqual(expected[i]));
    const kept = new Set(reached.map((result) => result.name));
    expected.forEach((result) => {
      if (!kept.has(result.name)) {
        expect(result, result.name).toStrictEqual({
          kind: result.kind,
          name: result.name,
          decision: 'denied',
          allowed: false,
          grantedBy: [],
          deniedBy: [],
          principals: {},
          unevaluated: [],
        });
      }
    });
    expect(reached).toStrictEqual(expected.filter((result) => kept.has(result.name)));
  });

  it('covers every decision', () => {
    const decisions = new Set<string>();
    for (const [, roles, traits] of cases) {
      const evaluator = new AccessEvaluator(roles, traits);
      for (const result of evaluator.evaluateAll(catalog)) decisions.add(result.decision);
    }
    expect([...decisions].sort()).toEqual(['allowed', 'denied', 'error', 'unevaluated']);
  });

  it('answers are not shared objects', () => {
    const evaluator = new AccessEvaluator([pool[0] as Role, ...CORNERS], makeTraits(p));
    const [first, second] = evaluator.evaluateAll(catalog);
    first?.grantedBy.push('mutated');
    expect(second?.grantedBy).not.toContain('mutated');
  });
});
