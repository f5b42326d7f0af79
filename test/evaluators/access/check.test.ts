/**
 * The access check, one row per rule: deny before allow, one role for labels and principal,
 * principals per kind, templates, role defaults. Behaviours from lib/services/role_test.go
 * (TestCheckAccessToServer, TestCheckAccessToDatabase, TestCheckAccessToKubernetes,
 * TestGetAllowedLoginsForResource, TestApplyTraits, TestCheckAndSetDefaults) and the code named
 * per row; the rows and wording are ours.
 */
import { describe, expect, it } from 'vitest';
import {
  AccessEvaluator,
  AccessResult,
  KIND_BITS,
  kindsChangedBy,
  Resource,
  RESOURCE_KINDS,
  ResourceKind,
  Role,
} from '../../../src/evaluators/access';

interface Row {
  name: string;
  upstream: string;
  roles: Role[];
  traits?: Record<string, string[]>;
  resource: Resource;
  expect: Partial<AccessResult> & { principals?: AccessResult['principals'] };
}

const node = (labels: Record<string, string> = { env: 'prod' }): Resource => ({
  kind: 'node',
  name: 'n1',
  labels,
});
const role = (
  name: string,
  allow: Role['allow'] = {},
  deny: Role['deny'] = {},
  version = 'v7',
): Role => ({
  name,
  version,
  allow,
  deny,
});

const ROWS: Row[] = [
  {
    name: 'allow by labels, logins listed',
    upstream: 'role.go checkAccess; access_checker.go GetAllowedLoginsForResource',
    roles: [role('dev', { node_labels: { env: ['prod'] }, logins: ['ubuntu', 'root'] })],
    resource: node(),
    expect: { decision: 'allowed', grantedBy: ['dev'], principals: { logins: ['root', 'ubuntu'] } },
  },
  {
    name: 'no matching labels: denied',
    upstream: 'role.go checkAccess',
    roles: [role('dev', { node_labels: { env: ['dev'] }, logins: ['ubuntu'] })],
    resource: node(),
    expect: { decision: 'denied', grantedBy: [] },
  },
  {
    name: 'deny labels in any role win',
    upstream: 'role.go checkAccess (deny loop first)',
    roles: [
      role('dev', { node_labels: { '*': ['*'] }, logins: ['ubuntu'] }),
      role('block', {}, { node_labels: { env: ['prod'] } }),
    ],
    resource: node(),
    expect: { decision: 'denied', grantedBy: ['dev'], deniedBy: ['block'] },
  },
  {
    name: 'a denied login is removed everywhere, even with no deny labels',
    upstream: 'role.go checkAccess (deny matchers are greedy); GetAllowedLoginsForResource',
    roles: [
      role('dev', { node_labels: { '*': ['*'] }, logins: ['ubuntu', 'root'] }),
      role('noroot', {}, { logins: ['root'] }),
    ],
    resource: node(),
    expect: { decision: 'allowed', principals: { logins: ['ubuntu'] } },
  },
  {
    name: 'deny logins ["*"] is a literal, not a wildcard',
    upstream: 'role.go loginMatcher (exact comparison)',
    roles: [
      role('dev', { node_labels: { '*': ['*'] }, logins: ['ubuntu'] }),
      role('star', {}, { logins: ['*'] }),
    ],
    resource: node(),
    expect: { decision: 'allowed', principals: { logins: ['ubuntu'] } },
  },
  {
    name: 'a login and the labels must come from the same role',
    upstream: 'role.go checkAccess (MatchAll per role)',
    roles: [
      role('labels-only', { node_labels: { env: ['prod'] } }),
      role('login-only', { node_labels: { env: ['dev'] }, logins: ['root'] }),
    ],
    resource: node(),
    expect: { decision: 'allowed', grantedBy: ['labels-only'], principals: { logins: [] } },
  },
  {
    name: 'allow needs labels and expression both',
    upstream: 'role.go CheckLabelsMatch (allow is not greedy)',
    roles: [
      role('dev', {
        node_labels: { env: ['prod'] },
        node_labels_expression: 'labels["team"] == "x"',
        logins: ['u'],
      }),
    ],
    resource: node(),
    expect: { decision: 'denied' },
  },
  {
    name: 'deny needs labels or expression',
    upstream: 'role.go CheckLabelsMatch (deny is greedy)',
    roles: [
      role('dev', { node_labels: { '*': ['*'] }, logins: ['u'] }),
      role(
        'block',
        {},
        { node_labels: { env: ['dev'] }, node_labels_expression: 'labels["env"] == "prod"' },
      ),
    ],
    resource: node(),
    expect: { decision: 'denied', deniedBy: ['block'] },
  },
  {
    name: 'an expression alone grants, with traits',
    upstream: 'role.go matchLabelExpression; label_expressions.go',
    roles: [
      role('dev', {
        node_labels_expression: 'contains(user.spec.traits["envs"], labels["env"])',
        logins: ['u'],
      }),
    ],
    traits: { envs: ['prod'] },
    resource: node(),
    expect: { decision: 'allowed', principals: { logins: ['u'] } },
  },
  {
    name: 'an expression error is Teleport failing the check',
    upstream: 'role.go checkAccess (errors end the check)',
    roles: [
      role('bad', { node_labels_expression: 'regexp.match(labels["env"], "^(x$")', logins: ['u'] }),
      role('good', { node_labels: { '*': ['*'] }, logins: ['u'] }),
    ],
    resource: node(),
    expect: { decision: 'error', allowed: false },
  },
  {
    name: 'a granting role before an erroring one wins (order of the set)',
    upstream: 'role.go checkAccess (returns at the first allowing role)',
    roles: [
      role('good', { node_labels: { '*': ['*'] }, logins: ['u'] }),
      role('bad', { node_labels_expression: 'regexp.match(labels["env"], "^(x$")', logins: ['u'] }),
    ],
    resource: node(),
    expect: { decision: 'allowed' },
  },
  {
    name: 'templated logins, invalid ones dropped, missing traits dropped',
    upstream: 'role.go ApplyTraits, filterInvalidUnixLogins',
    roles: [
      role('dev', {
        node_labels: { '*': ['*'] },
        logins: [
          '{{internal.logins}}',
          '{{external.missing}}',
          'svc-{{email.local(external.email)}}',
        ],
      }),
    ],
    traits: { logins: ['alice', 'bad:login', '-x'], email: ['alice@example.com'] },
    resource: node(),
    expect: { decision: 'allowed', principals: { logins: ['alice', 'svc-alice'] } },
  },
  {
    name: 'templated label selectors',
    upstream: 'role.go ApplyTraits (applyLabelsTraits)',
    roles: [role('dev', { node_labels: { env: ['{{external.envs}}'] }, logins: ['u'] })],
    traits: { envs: ['staging', 'prod'] },
    resource: node(),
    expect: { decision: 'allowed' },
  },
  {
    name: 'v3: empty node labels become * when the role has logins',
    upstream: 'api/types/role.go CheckAndSetDefaults (V3)',
    roles: [role('old', { logins: ['u'] }, {}, 'v3')],
    resource: node(),
    expect: { decision: 'allowed', principals: { logins: ['u'] } },
  },
  {
    name: 'v3 without logins: no node access',
    upstream: 'api/types/role.go CheckAndSetDefaults (V3)',
    roles: [role('old', {}, {}, 'v3')],
    resource: node(),
    expect: { decision: 'denied' },
  },
  {
    name: 'v3: apps default to *',
    upstream: 'api/types/role.go CheckAndSetDefaults (V3)',
    roles: [role('old', {}, {}, 'v3')],
    resource: { kind: 'app', name: 'a', labels: {} },
    expect: { decision: 'allowed' },
  },
  {
    name: 'v4+: no label defaults',
    upstream: 'api/types/role.go CheckAndSetDefaults (V4, V5: labels stay empty)',
    roles: [role('new', { logins: ['u'] }, {}, 'v4')],
    resource: node(),
    expect: { decision: 'denied' },
  },
  {
    name: 'a namespace other than default never matches',
    upstream: 'role.go MatchNamespace',
    roles: [role('ns', { namespaces: ['other'], node_labels: { '*': ['*'] }, logins: ['u'] })],
    resource: node(),
    expect: { decision: 'denied' },
  },
  {
    name: 'an unknown role version is not evaluated',
    upstream: 'api/types/role.go CheckAndSetDefaults (unrecognized role version)',
    roles: [role('future', { node_labels: { '*': ['*'] }, logins: ['u'] }, {}, 'v9')],
    resource: node(),
    expect: { decision: 'unevaluated' },
  },
  {
    name: 'windows logins: validated and deny removed',
    upstream: 'role.go filterInvalidWindowsLogins; GetAllowedLoginsForResource',
    roles: [
      role('win', {
        windows_desktop_labels: { '*': ['*'] },
        windows_desktop_logins: ['Administrator', 'a*b', 'bob'],
      }),
      role('noadmin', {}, { windows_desktop_logins: ['Administrator'] }),
    ],
    resource: { kind: 'windows_desktop', name: 'w', labels: {} },
    expect: { decision: 'allowed', principals: { windowsLogins: ['bob'] } },
  },
  {
    name: 'kubernetes groups and users from matching roles, minus deny (empty deny labels = *)',
    upstream: 'role.go CheckKubeGroupsAndUsers, getKubeLabelMatchers',
    roles: [
      role('k', {
        kubernetes_labels: { env: ['prod'] },
        kubernetes_groups: ['viewers', 'admins'],
        kubernetes_users: ['{{external.kuser}}'],
      }),
      role('other', { kubernetes_labels: { env: ['dev'] }, kubernetes_groups: ['devs'] }),
      role('noadmins', {}, { kubernetes_groups: ['admins'] }),
    ],
    traits: { kuser: ['alice'] },
    resource: { kind: 'kube_cluster', name: 'k1', labels: { env: 'prod' } },
    expect: {
      decision: 'allowed',
      principals: { kubernetesGroups: ['viewers'], kubernetesUsers: ['alice'] },
    },
  },
  {
    name: 'database users and names, wildcard and deny',
    upstream: 'access_checker.go EnumerateEntities; role.go MatchDatabaseUser, MatchDatabaseName',
    roles: [
      role('db', {
        db_labels: { '*': ['*'] },
        db_users: ['alice', 'bob', '*'],
        db_names: ['main', 'audit'],
      }),
      role('nobob', {}, { db_users: ['bob'], db_names: ['audit'] }),
    ],
    resource: { kind: 'db', name: 'd', labels: {} },
    expect: {
      decision: 'allowed',
      principals: {
        dbUsers: {
          allowed: ['alice'],
          denied: ['bob'],
          wildcardAllowed: true,
          wildcardDenied: false,
        },
        dbNames: {
          allowed: ['main'],
          denied: ['audit'],
          wildcardAllowed: false,
          wildcardDenied: false,
        },
      },
    },
  },
  {
    name: 'database: a denied * empties the allowed users',
    upstream: 'role.go EnumerationResult.Allowed',
    roles: [
      role('db', { db_labels: { '*': ['*'] }, db_users: ['alice'] }),
      role('none', {}, { db_users: ['*'] }),
    ],
    resource: { kind: 'db', name: 'd', labels: {} },
    expect: {
      decision: 'allowed',
      principals: {
        dbUsers: { allowed: [], denied: ['alice'], wildcardAllowed: false, wildcardDenied: true },
        dbNames: { allowed: [], denied: [], wildcardAllowed: false, wildcardDenied: false },
      },
    },
  },
  {
    name: 'CockroachDB users compare case-insensitively',
    upstream: 'role.go NewDatabaseUserMatcher; api/types/database.go IsUsernameCaseInsensitive',
    roles: [
      role('db', { db_labels: { '*': ['*'] }, db_users: ['Alice'] }),
      role('d', {}, { db_users: ['alice'] }),
    ],
    resource: { kind: 'db', name: 'd', labels: {}, db: { caseInsensitiveUsers: true } },
    expect: {
      decision: 'allowed',
      principals: {
        dbUsers: {
          allowed: [],
          denied: ['Alice', 'alice'],
          wildcardAllowed: false,
          wildcardDenied: false,
        },
        dbNames: { allowed: [], denied: [], wildcardAllowed: false, wildcardDenied: false },
      },
    },
  },
  {
    name: 'app labels decide apps',
    upstream: 'api/types/role.go GetLabelMatchers (KindApp)',
    roles: [role('apps', { app_labels: { team: ['a*'] }, node_labels: { '*': ['*'] } })],
    resource: { kind: 'app', name: 'grafana', labels: { team: 'alpha' } },
    expect: { decision: 'allowed', grantedBy: ['apps'] },
  },
];

describe('access check: the table of rules', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const result = new AccessEvaluator(row.roles, row.traits ?? {}).evaluate(row.resource);
    expect(result).toMatchObject(row.expect);
    expect(result.allowed).toBe(result.decision === 'allowed');
  });
});

describe('logins in one pass equal one checkAccess per login', () => {
  it.each(
    ROWS.filter(
      (row) => row.resource.kind === 'node' || row.resource.kind === 'windows_desktop',
    ).map((row) => [row.name, row] as const),
  )('%s', (_name, row) => {
    const evaluator = new AccessEvaluator(row.roles, row.traits ?? {});
    const field = row.resource.kind === 'node' ? 'logins' : 'windows_desktop_logins';
    const result = evaluator.evaluate(row.resource);
    if (result.allowed) {
      const listed =
        field === 'logins' ? result.principals.logins : result.principals.windowsLogins;
      expect(listed).toEqual(evaluator.loginsByPerLoginChecks(row.resource, field));
    }
  });
});

describe('kindsChangedBy: the kinds a role can change, so the others may leave it out', () => {
  // api/types/role.go CheckAndSetDefaults (v3 defaults), role.go checkAccess (deny principals
  // deny whatever the labels), access_checker.go GetAllowedLoginsForResource (deny logins),
  // role.go getKubeLabelMatchers (empty deny labels count as `*: *` for kube principals).
  const rows: { name: string; role: Role; kinds: ResourceKind[] }[] = [
    { name: 'nothing', role: { name: 'r', version: 'v7' }, kinds: [] },
    {
      name: 'node labels and logins',
      role: { name: 'r', version: 'v7', allow: { node_labels: { env: ['prod'] }, logins: ['u'] } },
      kinds: ['node'],
    },
    {
      name: 'a label expression alone',
      role: { name: 'r', version: 'v7', allow: { db_labels_expression: 'labels["env"] == "x"' } },
      kinds: ['db'],
    },
    {
      name: 'deny logins without labels',
      role: { name: 'r', version: 'v7', deny: { logins: ['root'] } },
      kinds: ['node'],
    },
    {
      name: 'deny Kubernetes groups without labels',
      role: { name: 'r', version: 'v7', deny: { kubernetes_groups: ['admins'] } },
      kinds: ['kube_cluster'],
    },
    {
      name: 'allow database names without labels',
      role: { name: 'r', version: 'v7', allow: { db_names: ['x'] } },
      kinds: ['db'],
    },
    {
      name: 'Windows logins',
      role: { name: 'r', version: 'v7', allow: { windows_desktop_logins: ['Administrator'] } },
      kinds: ['windows_desktop'],
    },
    {
      name: 'v3 with logins: node, app, Kubernetes and database labels default to *',
      role: { name: 'r', version: 'v3', allow: { logins: ['u'] } },
      kinds: ['node', 'kube_cluster', 'db', 'app'],
    },
    {
      name: 'v3 without logins: node labels stay empty',
      role: { name: 'r', version: 'v3' },
      kinds: ['kube_cluster', 'db', 'app'],
    },
    {
      name: 'an unknown version errs for every kind',
      role: { name: 'r', version: 'v99' },
      kinds: ['node', 'kube_cluster', 'db', 'app', 'windows_desktop'],
    },
  ];
  it.each(rows)('$name', ({ role, kinds }) => {
    const bits = kindsChangedBy(role);
    expect(RESOURCE_KINDS.filter((kind) => (bits & KIND_BITS[kind]) !== 0)).toEqual(kinds);
  });
});
