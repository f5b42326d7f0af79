import { describe, expect, it } from 'vitest';
import { createRoleEntity, grantsAdministration } from '../../src/steps/roles/converters';
import type { RoleV6 } from '../../src/teleport';
import { decodeAs, embedded, field, message, varintField } from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';
import { Steps } from '../../src/steps/constants';
import { useStepRun } from '../harness/step-run';

function role(name: string, spec: RoleV6['spec'] = {}, labels?: Record<string, string>): RoleV6 {
  return { kind: 'role', version: 'v7', metadata: { name, labels }, spec };
}

describe('createRoleEntity: identity', () => {
  it('names and keys the role', () => {
    const entity = createRoleEntity({
      ...role('auditor'),
      metadata: { name: 'auditor', description: 'Reads the audit log' },
    });
    expect(entity._key).toBe('teleport_role:auditor');
    expect(entity._type).toBe('teleport_role');
    expect(entity._class).toEqual(['AccessRole']);
    expect(entity.name).toBe('auditor');
    expect(entity.displayName).toBe('auditor');
    expect(entity.description).toBe('Reads the audit log');
    expect(entity.version).toBe('v7');
  });

  it('marks preset roles as system roles from their label', () => {
    const preset = createRoleEntity(
      role('editor', {}, { 'teleport.internal/resource-type': 'preset' }),
    );
    expect(preset.systemRole).toBe(true);
    const custom = createRoleEntity(role('custom-editor', {}, { team: 'platform' }));
    expect(custom.systemRole).toBe(false);
    const otherValue = createRoleEntity(
      role('x', {}, { 'teleport.internal/resource-type': 'system' }),
    );
    expect(otherValue.systemRole).toBe(false);
  });
});

describe('createRoleEntity: administration', () => {
  it.each([
    ['role', 'create'],
    ['user', 'update'],
    ['access_list', 'delete'],
    ['token', 'create'],
    ['cert_authority', 'update'],
    ['role', '*'],
    ['*', 'create'],
  ])('is admin for write verbs on %s (%s)', (resource, verb) => {
    const entity = createRoleEntity(
      role('r', { allow: { rules: [{ resources: [resource], verbs: [verb] }] } }),
    );
    expect(entity.admin).toBe(true);
  });

  it('is not admin for read-only rules on sensitive resources', () => {
    const entity = createRoleEntity(
      role('reader', {
        allow: {
          rules: [
            {
              resources: ['role', 'user', 'access_list', 'token', 'cert_authority'],
              verbs: ['list', 'read'],
            },
          ],
        },
      }),
    );
    expect(entity.admin).toBe(false);
    expect(entity.superAdmin).toBe(false);
  });

  it('is not admin for write verbs on resources that do not control access', () => {
    const entity = createRoleEntity(
      role('session-manager', {
        allow: { rules: [{ resources: ['session', 'node'], verbs: ['*'] }] },
      }),
    );
    expect(entity.admin).toBe(false);
  });

  it('ignores deny rules when deciding admin', () => {
    const entity = createRoleEntity(
      role('denier', {
        deny: { rules: [{ resources: ['role'], verbs: ['create', 'update', 'delete'] }] },
      }),
    );
    expect(entity.admin).toBe(false);
    expect(entity.denyRules).toEqual(['role:create,update,delete']);
  });

  it('is super admin only for a */* rule', () => {
    const entity = createRoleEntity(
      role('root', { allow: { rules: [{ resources: ['*'], verbs: ['*'] }] } }),
    );
    expect(entity.superAdmin).toBe(true);
    expect(entity.admin).toBe(true);
    const almost = createRoleEntity(
      role('almost', { allow: { rules: [{ resources: ['*'], verbs: ['list', 'read'] }] } }),
    );
    expect(almost.superAdmin).toBe(false);
    expect(almost.admin).toBe(false);
  });

  it('is admin when it may impersonate anyone', () => {
    expect(
      createRoleEntity(role('imp-users', { allow: { impersonate: { users: ['*'] } } })).admin,
    ).toBe(true);
    expect(
      createRoleEntity(role('imp-roles', { allow: { impersonate: { roles: ['*'] } } })).admin,
    ).toBe(true);
    const narrow = createRoleEntity(
      role('imp-bot', { allow: { impersonate: { users: ['ci-bot'], roles: ['ci'] } } }),
    );
    expect(narrow.admin).toBe(false);
    expect(narrow.allowImpersonateUsers).toEqual(['ci-bot']);
    expect(narrow.allowImpersonateRoles).toEqual(['ci']);
  });

  it('grantsAdministration answers false for no rules', () => {
    expect(grantsAdministration(undefined)).toBe(false);
    expect(grantsAdministration([])).toBe(false);
    expect(grantsAdministration([{}])).toBe(false);
  });
});

describe('createRoleEntity: conditions', () => {
  const entity = createRoleEntity(
    role('ops', {
      allow: {
        logins: ['ubuntu', '', 'root'],
        nodeLabels: {
          values: { region: { values: ['eu-west-1'] }, env: { values: ['staging', 'prod'] } },
        },
        databaseLabels: { values: { '*': { values: ['*'] } } },
        rules: [
          { resources: ['user', 'role'], verbs: ['list', 'read'] },
          { resources: ['session'], verbs: ['read'] },
        ],
        kubeGroups: ['system:masters'],
        kubernetesResources: [
          { kind: 'pod', namespace: 'default', name: '*', verbs: ['get', 'list'] },
        ],
        request: { roles: ['dba'], searchAsRoles: ['access'] },
        reviewRequests: { roles: ['dba'] },
        databaseUsers: ['readonly'],
      },
      deny: { logins: ['root'], nodeLabels: { values: { env: { values: ['prod'] } } } },
    }),
  );

  it('lists allow and deny logins, dropping empty ones', () => {
    expect(entity.allowLogins).toEqual(['ubuntu', 'root']);
    expect(entity.denyLogins).toEqual(['root']);
  });

  it('writes label selectors as sorted key=value strings', () => {
    expect(entity.allowNodeLabels).toEqual(['env=prod', 'env=staging', 'region=eu-west-1']);
    expect(entity.allowDatabaseLabels).toEqual(['*=*']);
    expect(entity.denyNodeLabels).toEqual(['env=prod']);
    expect(entity).not.toHaveProperty('allowAppLabels');
  });

  it('writes rules as resources:verbs text, plus sorted resources and verbs', () => {
    expect(entity.allowRules).toEqual(['user,role:list,read', 'session:read']);
    expect(entity.allowRuleResources).toEqual(['role', 'session', 'user']);
    expect(entity.allowRuleVerbs).toEqual(['list', 'read']);
    expect(entity).not.toHaveProperty('denyRules');
  });

  it('keeps kubernetes, request and database conditions', () => {
    expect(entity.allowKubeGroups).toEqual(['system:masters']);
    expect(entity.allowKubernetesResources).toEqual(['pod:default/*:get,list']);
    expect(entity.allowRequestRoles).toEqual(['dba']);
    expect(entity.allowRequestSearchAsRoles).toEqual(['access']);
    expect(entity.allowReviewRequestRoles).toEqual(['dba']);
    expect(entity.allowDatabaseUsers).toEqual(['readonly']);
  });
});

describe('createRoleEntity: options', () => {
  it("maps requireMfaType 'OFF' to no session MFA", () => {
    const entity = createRoleEntity(role('r', { options: { requireMfaType: 'OFF' } }));
    expect(entity.requireSessionMfa).toBe(false);
    expect(entity.sessionMfaRequirement).toBe('off');
  });

  it("maps requireMfaType 'SESSION' to session MFA", () => {
    const entity = createRoleEntity(role('r', { options: { requireMfaType: 'SESSION' } }));
    expect(entity.requireSessionMfa).toBe(true);
    expect(entity.sessionMfaRequirement).toBe('session');
  });

  it('maps hardware-key requirements too', () => {
    const entity = createRoleEntity(
      role('r', { options: { requireMfaType: 'HARDWARE_KEY_TOUCH' } }),
    );
    expect(entity.requireSessionMfa).toBe(true);
    expect(entity.sessionMfaRequirement).toBe('hardware_key_touch');
  });

  it('treats an absent requireMfaType as off', () => {
    const entity = createRoleEntity(role('r', { options: {} }));
    expect(entity.requireSessionMfa).toBe(false);
    expect(entity.sessionMfaRequirement).toBe('off');
  });

  it('converts maxSessionTtl from nanoseconds to seconds', () => {
    const eightHours = 8 * 3600 * 1e9;
    expect(
      createRoleEntity(role('r', { options: { maxSessionTtl: eightHours } })).maxSessionTtl,
    ).toBe(28800);
    expect(createRoleEntity(role('r', { options: { maxSessionTtl: 0 } }))).not.toHaveProperty(
      'maxSessionTtl',
    );
  });

  it('keeps forwardAgent and portForwarding', () => {
    const entity = createRoleEntity(
      role('r', { options: { forwardAgent: false, portForwarding: { value: true } } }),
    );
    expect(entity.forwardAgent).toBe(false);
    expect(entity.portForwarding).toBe(true);
  });

  it('reads port_forwarding: false as Teleport marshals it (an empty BoolValue)', () => {
    // RoleV6{metadata{name}, spec{options{port_forwarding: BoolValue{}}}}
    const bytes = message(
      embedded(4, field(1, 'no-forwarding')),
      embedded(5, embedded(1, embedded(3))),
    );
    const entity = createRoleEntity(decodeAs<RoleV6>('types.RoleV6', bytes));
    expect(entity.portForwarding).toBe(false);
    expect(entity.portForwardingMode).toBe('off');
  });
});

describe('createRoleEntity: SSH port forwarding, as upstream decides it for one role', () => {
  // RoleV6{metadata{name}, spec{options{...}}}, with options as Go marshals them.
  const withOptions = (...options: Buffer[]): ReturnType<typeof createRoleEntity> =>
    createRoleEntity(
      decodeAs<RoleV6>(
        'types.RoleV6',
        message(embedded(4, field(1, 'r')), embedded(5, embedded(1, ...options))),
      ),
    );
  const enabled = (on: boolean): Buffer => embedded(1, on ? varintField(1, 1) : message());
  const local = (on: boolean): Buffer => embedded(1, enabled(on));
  const remote = (on: boolean): Buffer => embedded(2, enabled(on));
  const legacy = (on: boolean): Buffer => embedded(3, on ? varintField(1, 1) : message());
  const modern = (...directions: Buffer[]): Buffer => embedded(32, ...directions);

  it.each([
    ['remote denied', [modern(remote(false))], 'local', false],
    ['local denied', [modern(local(false))], 'remote', false],
    ['both denied', [modern(local(false), remote(false))], 'off', false],
    ['both allowed', [modern(local(true), remote(true))], 'on', true],
    ['set but empty', [modern()], 'on', true],
    ['legacy allowed', [legacy(true)], 'on', true],
    ['legacy denied', [legacy(false)], 'off', false],
    // The legacy field is read only when the role has no ssh_port_forwarding.
    ['legacy denied, modern allowed', [legacy(false), modern(local(true))], 'on', true],
    ['legacy allowed, modern denied', [legacy(true), modern(remote(false))], 'local', false],
  ] as const)('%s → %s', (_case, options, mode, both) => {
    const entity = withOptions(...options);
    expect(entity.portForwardingMode).toBe(mode);
    expect(entity.portForwarding).toBe(both);
  });

  it('says nothing when the role sets neither field', () => {
    const entity = withOptions(varintField(1, 1));
    expect(entity).not.toHaveProperty('portForwardingMode');
    expect(entity).not.toHaveProperty('portForwarding');
  });
});

describe('createRoleEntity: label expressions', () => {
  it('shows each expression beside the label selectors, for allow and deny', () => {
    // RoleV6{metadata{name}, spec{allow{node_labels, *_labels_expression}, deny{...}}}
    const bytes = message(
      embedded(4, field(1, 'by-expression')),
      embedded(
        5,
        embedded(
          2,
          field(30, 'labels["env"] == "prod"'),
          field(31, 'labels.team == "web"'),
          field(32, 'labels.region == "eu"'),
          field(33, 'labels.tier == "gold"'),
          field(34, 'labels.db == "pg"'),
          field(35, 'labels.svc == "db"'),
          field(36, 'labels.os == "windows"'),
          field(37, 'labels.group == "ops"'),
          field(45, 'labels.workload == "ci"'),
        ),
        embedded(3, field(30, 'labels.env == "dev"')),
      ),
    );
    const entity = createRoleEntity(decodeAs<RoleV6>('types.RoleV6', bytes));
    expect(entity).toMatchObject({
      allowNodeLabelsExpression: 'labels["env"] == "prod"',
      allowAppLabelsExpression: 'labels.team == "web"',
      allowClusterLabelsExpression: 'labels.region == "eu"',
      allowKubernetesLabelsExpression: 'labels.tier == "gold"',
      allowDatabaseLabelsExpression: 'labels.db == "pg"',
      allowDatabaseServiceLabelsExpression: 'labels.svc == "db"',
      allowWindowsDesktopLabelsExpression: 'labels.os == "windows"',
      allowGroupLabelsExpression: 'labels.group == "ops"',
      allowWorkloadIdentityLabelsExpression: 'labels.workload == "ci"',
      denyNodeLabelsExpression: 'labels.env == "dev"',
    });
    expect(entity).not.toHaveProperty('allowNodeLabels');
    expectGraph(entity).toMatchGraphObjectSchema({ _class: ['AccessRole'] });
  });
});

describe('createRoleEntity: sparse input', () => {
  it('does not crash when the spec is missing entirely', () => {
    const entity = createRoleEntity({ metadata: { name: 'bare' } });
    expect(entity._key).toBe('teleport_role:bare');
    expect(entity.admin).toBe(false);
    expect(entity.superAdmin).toBe(false);
    expect(entity.systemRole).toBe(false);
    expect(entity.requireSessionMfa).toBe(false);
    expect(entity).not.toHaveProperty('allowLogins');
    expect(entity).not.toHaveProperty('maxSessionTtl');
  });

  it('does not crash on an empty message', () => {
    const entity = createRoleEntity({});
    expect(entity._key).toBe('teleport_role:');
    expect(entity.name).toBe('');
  });
});

describe('createRoleEntity: schema', () => {
  it('matches the AccessRole schema', () => {
    const entities = [
      createRoleEntity(
        role(
          'editor',
          { allow: { rules: [{ resources: ['*'], verbs: ['*'] }] } },
          {
            'teleport.internal/resource-type': 'preset',
          },
        ),
      ),
      createRoleEntity(
        role('access', {
          options: {
            requireMfaType: 'SESSION',
            maxSessionTtl: 3600e9,
            portForwarding: { value: false },
          },
          allow: {
            logins: ['{{internal.logins}}'],
            nodeLabels: { values: { '*': { values: ['*'] } } },
          },
          deny: { logins: ['root'] },
        }),
      ),
      createRoleEntity({ metadata: { name: 'bare' } }),
    ];
    expectGraph(entities).toMatchGraphObjectSchema({
      _class: ['AccessRole'],
      _type: 'teleport_role',
    });
  });
});

describe('administrative power beyond roles and users', () => {
  it.each([
    [['access_list_member'], ['create']],
    [['saml', 'oidc', 'github'], ['update']],
    [['cert_authority'], ['rotate']],
    [['bot'], ['create']],
  ])('counts write access to %j (%j) as admin', (resources, verbs) => {
    expect(grantsAdministration([{ resources, verbs }])).toBe(true);
  });

  it('does not count reading them', () => {
    expect(
      grantsAdministration([
        { resources: ['access_list_member', 'saml', 'bot'], verbs: ['list', 'read'] },
      ]),
    ).toBe(false);
  });
});

describe('fetch-roles, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(Steps.ROLES);

  it('describes roles, with presets and administrative power marked', () => {
    expect(run.entity('teleport_role', 'editor')).toMatchObject({ systemRole: true, admin: true });
    expect(run.entity('teleport_role', 'jupiterone-reader')).toMatchObject({
      systemRole: false,
      admin: false,
      allowRuleVerbs: ['list', 'read'],
    });
    expect(run.entity('teleport_role', 'wildcard-admin')).toMatchObject({
      superAdmin: true,
      admin: true,
    });
    expect(run.entity('teleport_role', 'prod-ssh')).toMatchObject({
      allowLogins: ['ubuntu', 'ec2-user'],
      requireSessionMfa: true,
      maxSessionTtl: 8 * 3600,
    });
    expect(run.entity('teleport_role', 'break-glass')).toMatchObject({
      admin: true,
      denyLogins: ['root'],
    });
  });
});
