/**
 * Standing access (src/evaluators/access/standing.ts): what counts as reached, which traits a role
 * reads, how users are grouped, and the summary against a user-by-user, resource-by-resource
 * evaluation on a synthetic cluster.
 */
import { describe, expect, it } from 'vitest';
import {
  AccessEvaluator,
  principalsOf,
  reachOf,
  ResourceCatalog,
  StandingAccessEvaluator,
  traitKeysReadBy,
  type Resource,
  type Role,
  type UserRoles,
} from '../../../src/evaluators/access';
import { makeCluster, makeTraits, picker } from './synthetic-cluster';

const role = (name: string, allow: Role['allow'], deny: Role['deny'] = {}): Role => ({
  name,
  version: 'v7',
  allow,
  deny,
});

const prodNode: Resource = { kind: 'node', name: 'n1', labels: { env: 'prod' } };

describe('reachOf: a resource is reached where the user can connect with some principal', () => {
  const cases: [string, Role[], Resource, ReturnType<typeof reachOf>, string[]][] = [
    [
      'node: labels and a login',
      [role('r', { node_labels: { env: ['prod'] }, logins: ['ubuntu'] })],
      prodNode,
      'reached',
      ['ubuntu'],
    ],
    [
      'node: labels without a login (listed, but no SSH login)',
      [role('r', { node_labels: { env: ['prod'] } })],
      prodNode,
      'unreached',
      [],
    ],
    [
      'node: the only login denied by another role',
      [
        role('r', { node_labels: { env: ['prod'] }, logins: ['root'] }),
        role('d', {}, { logins: ['root'] }),
      ],
      prodNode,
      'unreached',
      [],
    ],
    [
      'node: a login from a trait the user lacks is dropped',
      [role('r', { node_labels: { env: ['prod'] }, logins: ['{{internal.logins}}'] })],
      prodNode,
      'unreached',
      [],
    ],
    [
      'Kubernetes: labels without groups or users (forwarder.go refuses)',
      [role('r', { kubernetes_labels: { '*': ['*'] } })],
      { kind: 'kube_cluster', name: 'k', labels: {} },
      'unreached',
      [],
    ],
    [
      'Kubernetes: a group is enough',
      [role('r', { kubernetes_labels: { '*': ['*'] }, kubernetes_groups: ['viewers'] })],
      { kind: 'kube_cluster', name: 'k', labels: {} },
      'reached',
      ['group:viewers'],
    ],
    [
      'database: a wildcard user',
      [role('r', { db_labels: { '*': ['*'] }, db_users: ['*'], db_names: ['orders'] })],
      { kind: 'db', name: 'd', labels: {} },
      'reached',
      ['user:*', 'name:orders'],
    ],
    [
      'database: names without a user',
      [role('r', { db_labels: { '*': ['*'] }, db_names: ['orders'] })],
      { kind: 'db', name: 'd', labels: {} },
      'unreached',
      [],
    ],
    [
      'database: users under automatic provisioning are not evaluated',
      [role('r', { db_labels: { '*': ['*'] }, db_names: ['orders'] })],
      { kind: 'db', name: 'd', labels: {}, db: { autoUserProvisioning: true } },
      'unevaluated',
      [],
    ],
    [
      'application: the labels alone',
      [role('r', { app_labels: { team: ['payments'] } })],
      { kind: 'app', name: 'a', labels: { team: 'payments' } },
      'reached',
      [],
    ],
    [
      'desktop: a Windows login',
      [role('r', { windows_desktop_labels: { '*': ['*'] }, windows_desktop_logins: ['Admin'] })],
      { kind: 'windows_desktop', name: 'w', labels: {} },
      'reached',
      ['Admin'],
    ],
    [
      'labels denied by another role',
      [
        role('r', { node_labels: { '*': ['*'] }, logins: ['ubuntu'] }),
        role('d', {}, { node_labels: { env: ['prod'] } }),
      ],
      prodNode,
      'unreached',
      [],
    ],
  ];
  it.each(cases)('%s', (_name, roles, resource, reach, principals) => {
    const result = new AccessEvaluator(roles, {}).evaluate(resource);
    expect(reachOf(result)).toBe(reach);
    expect(reach === 'reached' ? principalsOf(result) : []).toEqual(principals);
  });
});

describe('traitKeysReadBy', () => {
  const cases: [string, Role, string[] | 'all'][] = [
    ['no templates', role('r', { logins: ['ubuntu'], node_labels: { env: ['prod'] } }), []],
    ['internal trait', role('r', { logins: ['{{internal.logins}}'] }), ['logins']],
    [
      'external trait in a selector value and a bracketed key',
      role('r', {
        node_labels: { env: ['{{external.env}}'] },
        db_users: ['{{external["db-user"]}}'],
      }),
      ['db-user', 'env'],
    ],
    [
      'a function around the trait',
      role('r', { logins: ['{{email.local(external.email)}}'] }),
      ['email'],
    ],
    ['deny side too', role('r', {}, { logins: ['{{internal.logins}}'] }), ['logins']],
    [
      'a label expression reading a trait',
      role('r', {
        node_labels_expression: 'contains(user.spec.traits["teams"], labels["team"])',
      }),
      ['teams'],
    ],
    ['a template we cannot read a trait name from', role('r', { logins: ['{{ 1 }}'] }), 'all'],
  ];
  it.each(cases)('%s', (_name, r, expected) => {
    const keys = traitKeysReadBy(r);
    expect(keys === 'all' ? 'all' : [...keys].sort()).toEqual(expected);
  });
});

describe("keys: users who share a kind's answer", () => {
  const ops = role('ops', { node_labels: { '*': ['*'] }, logins: ['{{internal.logins}}'] });
  const viewer = role('viewer', { app_labels: { '*': ['*'] } });
  // Reaches no node, yet denies a login on every node: it changes the node answers.
  const noRoot = role('no-root', {}, { logins: ['root'] });
  // A role with an unknown version errs for every kind (it is left out of none).
  const future = { name: 'future', version: 'v99', allow: { app_labels: { '*': ['*'] } } };
  const users: UserRoles[] = [
    { name: 'a', roles: [ops], traits: { logins: ['ubuntu'], team: ['x'] } },
    { name: 'b', roles: [ops], traits: { logins: ['ubuntu'], team: ['y'] } },
    { name: 'c', roles: [ops], traits: { logins: ['root'] } },
    { name: 'd', roles: [viewer], traits: { logins: ['root'] } },
    { name: 'e', roles: [viewer], traits: {} },
    { name: 'f', roles: [viewer, ops], traits: { logins: ['ubuntu'] } },
    { name: 'g', roles: [ops, viewer], traits: { logins: ['ubuntu'] } },
    { name: 'h', roles: [ops, noRoot], traits: { logins: ['ubuntu', 'root'] } },
    { name: 'i', roles: [ops, future], traits: { logins: ['ubuntu'] } },
  ];
  const evaluator = new StandingAccessEvaluator(
    new ResourceCatalog([prodNode, { kind: 'app', name: 'grafana', labels: {} }]),
    { maxExact: 0 },
  );
  // Each new key of a kind is one more evaluation; a known key reuses its answer.
  const seen = users.map((user) => ({
    standing: evaluator.add(user),
    evaluations: evaluator.result().evaluations,
  }));
  const [a, b, c, d, e, f, g, h, i] = seen.map(({ standing }) => standing);

  it("shares a kind's answer between users with the same roles for it and the same traits they read", () => {
    // a: node (ops, ubuntu); b: the same (team is not read); c: node (ops, root); d: app (viewer);
    // e: the same (viewer reads no trait); f, g: node as a, app as d (roles that cannot change a
    // kind are left out of its key, so their order does not matter); h: node (ops, no-root);
    // i: node and app both (the unknown version errs for every kind).
    expect(seen.map(({ evaluations }) => evaluations)).toEqual([1, 1, 2, 3, 3, 3, 3, 4, 6]);
    expect(b!.byKind.node).toBe(a!.byKind.node);
    expect(c!.byKind.node).not.toBe(a!.byKind.node);
    expect(e!.byKind.app).toBe(d!.byKind.app);
    expect(f!.byKind.node).toBe(a!.byKind.node);
    expect(g!.byKind.app).toBe(f!.byKind.app);
  });

  it('answers each key as its own evaluation does', () => {
    expect(c!.byKind.node?.principals).toEqual(['root']);
    expect(a!.byKind.node?.principals).toEqual(['ubuntu']);
    expect(h!.byKind.node?.principals).toEqual(['ubuntu']);
    expect(d!.byKind.app?.reached).toBe(1);
    expect(i!.byKind.node).toMatchObject({ reached: 0, unevaluated: 1 });
    expect(i!.byKind.app).toMatchObject({ reached: 0, unevaluated: 1 });
  });
});

describe('StandingAccessEvaluator answers as evaluating every user on every resource does', () => {
  const synthetic = makeCluster(11, 80, 150, 100);
  // Databases whose users the evaluator does not tell (automatic provisioning, IAM role names).
  const cluster = {
    ...synthetic,
    resources: [
      ...synthetic.resources,
      { kind: 'db', name: 'auto', labels: { env: 'prod' }, db: { autoUserProvisioning: true } },
      { kind: 'db', name: 'iam', labels: { env: 'dev' }, db: { awsIamRoleUsers: true } },
    ] satisfies Resource[],
  };
  const catalog = new ResourceCatalog(cluster.resources);
  const p = picker(5);
  // Roles that reach no resource of a kind yet change its answers: each kind is evaluated with
  // only the roles that can change it (`kindsChangedBy`), so these must not be left out.
  const corners: Role[] = [
    role('deny-logins-only', {}, { logins: ['root', 'ubuntu', 'deploy'] }),
    role('deny-kube-groups-only', {}, { kubernetes_groups: ['admins', 'developers'] }),
    role('deny-db-users-only', {}, { db_users: ['*'] }),
    role('deny-desktop-logins-only', {}, { windows_desktop_logins: ['Administrator'] }),
    { name: 'unknown-version', version: 'v99', allow: { app_labels: { '*': ['*'] } } },
  ];
  const users: UserRoles[] = Array.from({ length: 120 }, (_, i) => {
    // Few distinct role sets, so that keys hold several users.
    const roles = picker(i % 17).some(cluster.roles, 1, 5);
    if (i % 7 === 3) roles.splice(i % roles.length, 0, corners[i % corners.length] as Role);
    return {
      name: `user-${i}`,
      roles,
      traits: i % 3 === 0 ? makeTraits(p) : makeTraits(picker(1)),
    };
  });
  const selected = new Set(
    cluster.resources.flatMap((resource, position) =>
      resource.labels['env'] === 'prod' ? [position] : [],
    ),
  );
  // One user at a time, as the step does.
  const evaluator = new StandingAccessEvaluator(catalog, { selected, maxExact: 1_000_000 });
  const byUser = new Map(users.map((user) => [user.name, evaluator.add(user)]));
  const summary = evaluator.result();

  const expected = users.map((user) =>
    cluster.resources.map((resource) =>
      new AccessEvaluator(user.roles, user.traits).evaluate(resource),
    ),
  );

  it('shares answers (fewer evaluations than users and kinds) and covers every reach', () => {
    expect(summary.evaluations).toBeLessThan(users.length * catalog.byKind.size);
    const reaches = new Set(expected.flat().map(reachOf));
    expect([...reaches].sort()).toEqual(['reached', 'unevaluated', 'unreached']);
  });

  it('counts each user’s reached and unevaluated resources per kind, with their principals', () => {
    users.forEach((user, u) => {
      const byKind: Record<
        string,
        { reached: number; unevaluated: number; principals: Set<string> }
      > = {};
      expected[u]!.forEach((result) => {
        const reach = reachOf(result);
        if (reach === 'unreached') return;
        const kind = (byKind[result.kind] ??= {
          reached: 0,
          unevaluated: 0,
          principals: new Set(),
        });
        kind[reach] += 1;
        if (reach === 'reached') principalsOf(result).forEach((x) => kind.principals.add(x));
      });
      const got = byUser.get(user.name)!.byKind;
      expect(
        Object.fromEntries(
          Object.entries(got).map(([kind, s]) => [
            kind,
            { reached: s!.reached, unevaluated: s!.unevaluated, principals: s!.principals },
          ]),
        ),
        user.name,
      ).toEqual(
        Object.fromEntries(
          Object.entries(byKind).map(([kind, s]) => [
            kind,
            {
              reached: s.reached,
              unevaluated: s.unevaluated,
              principals: [...s.principals].sort(),
            },
          ]),
        ),
      );
    });
  });

  it('counts, per resource, the users who reach it and those for whom it is unevaluated', () => {
    cluster.resources.forEach((resource, position) => {
      const reaching = expected.filter((results) => reachOf(results[position]!) === 'reached');
      const open = expected.filter((results) => reachOf(results[position]!) === 'unevaluated');
      expect(summary.usersReaching[position], resource.name).toBe(reaching.length);
      expect(summary.usersUnevaluated[position], resource.name).toBe(open.length);
    });
  });

  it('spells out the selected resources per user with the exact principals', () => {
    const want = users.flatMap((user, u) =>
      [...selected].flatMap((position) => {
        const result = expected[u]![position]!;
        return reachOf(result) === 'reached'
          ? [`${user.name} ${position} ${principalsOf(result).join(',')} ${result.grantedBy}`]
          : [];
      }),
    );
    const got = summary.exact.map(
      (row) => `${row.user} ${row.position} ${row.principals.join(',')} ${row.grantedBy}`,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(got.sort()).toEqual(want.sort());
    expect(summary.exactTotal).toBe(want.length);
  });

  it('stops at the cap and still counts what it left out', () => {
    const capping = new StandingAccessEvaluator(catalog, { selected, maxExact: 5 });
    users.forEach((user) => capping.add(user));
    const capped = capping.result();
    expect(capped.exact).toHaveLength(5);
    expect(capped.exactTotal).toBe(summary.exactTotal);
  });
});
