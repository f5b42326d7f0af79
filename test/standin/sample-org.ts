/**
 * Cluster data for the stand-in: a small, hand-written sample organisation ("Acme") that tests and
 * `npm run demo` use, and a seeded generator of large organisations for the benchmark.
 *
 * Both are pure functions of their arguments: the same `now` (and options) gives the same data.
 * Neither reads the clock; `now` defaults to a fixed instant so snapshots stay stable.
 */
import { goMarshal } from '../helpers/protobuf-wire';
import type { ClusterData } from './auth-server';
import type {
  AccessList,
  AccessListMember,
  AccessListOwner,
  AccessListReview,
  IneligibleStatus,
  LabelValues,
  ReviewDayOfMonth,
  ReviewFrequency,
  RoleConditions,
  RoleV6,
  Timestamp,
  UserV2,
  AuthPreferenceV2,
  Bot,
  Device,
  GithubConnectorV3,
  LockV2,
  OidcConnectorV3,
  SamlConnectorV2,
} from '../../src/teleport/types';

const DEFAULT_NOW = '2026-11-01T00:00:00Z';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DAY_S = 86_400;
/** Role option durations are int64 nanoseconds. */
const HOUR_NS = 3600 * 1e9;

/** `seconds` of the zero `time.Time` (0001-01-01T00:00:00Z), which Teleport sends for "unset". */
const YEAR_ONE_SECONDS = -62_135_596_800;

const PRESET_LABELS = { 'teleport.internal/resource-type': 'preset' } as const;

function ts(date: Date): Timestamp {
  return { seconds: Math.floor(date.getTime() / 1000), nanos: 0 };
}

function tsSeconds(seconds: number): Timestamp {
  return { seconds, nanos: 0 };
}

function shift(now: Date, ms: number): Date {
  return new Date(now.getTime() + ms);
}

/** `{ key: [values] }` as the proto's `LabelValues` wrapper. */
function labels(map: Record<string, string[]>): LabelValues {
  const values: Record<string, { values: string[] }> = {};
  for (const [key, list] of Object.entries(map)) {
    values[key] = { values: [...list] };
  }
  return { values };
}

/** The date a review recurrence lands on: `months` after `from`'s month, on the chosen day. */
function auditDate(from: Date, months: number, day: ReviewDayOfMonth): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  switch (day) {
    case 'REVIEW_DAY_OF_MONTH_FIFTEENTH':
      return new Date(Date.UTC(year, month, 15));
    case 'REVIEW_DAY_OF_MONTH_LAST':
      return new Date(Date.UTC(year, month + 1, 0));
    default:
      return new Date(Date.UTC(year, month, 1));
  }
}

function ping(now: Date): ClusterData['ping'] {
  const expiry = new Date(
    Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate(), now.getUTCHours()),
  );
  return {
    serverVersion: '17.4.8',
    signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1',
    serverFeatures: { cloud: true, productType: 'PRODUCT_TYPE_EUB' },
    proxyPublicAddr: 'acme.teleport.sh:443',
    licenseExpiry: ts(expiry),
  };
}

// ---------------------------------------------------------------------------------------------
// The sample organisation

/** Names (UUIDs) of the sample organisation's access lists, for tests that look them up. */
export const sampleAccessListIds = {
  productionSsh: '3f6c1a52-8d4e-4b7a-9c21-5e0f7a9b2d13',
  databaseReaders: '7b2e9d40-1c5f-4e83-a6d7-92f4c0b8e155',
  platformEngineers: 'c91d4e7a-2b60-4f18-8e3c-6a5d0f1b7c29',
  contractors: '0e8f3b6d-5a1c-47e2-b9d4-1f7c2a6e8d30',
  securityReviewers: '5d4a7c1e-9f2b-4c63-8a0e-3b6f9d2c7e41',
  emptyList: 'e2c7b9f1-4d3a-4e5b-9f60-8c1d2a7b3e52',
} as const;

const REVIEW_IDS = [
  '9a1f6c3e-2d4b-4e7a-8c15-0b3d5f7a9e21',
  '4c8e2a7d-6b1f-4d93-a0c2-7e5f1b3d9a42',
  'b7d3f1a9-0c6e-4a28-9d54-2f8a6c1e3b63',
  '2e5b9d7c-3a1f-4c86-b9e0-5d7f3a1c8e84',
  'f0a4c8e2-7d3b-4f15-8a69-1c5e9b3d7fa5',
  '6d2f8b4a-9e1c-4b37-a5d8-3f7b1e9c5ac6',
] as const;

type RoleSpec = NonNullable<RoleV6['spec']>;

function role(
  name: string,
  description: string,
  spec: RoleSpec,
  metadataLabels?: Record<string, string>,
): RoleV6 {
  return {
    kind: 'role',
    version: 'v7',
    metadata: {
      name,
      namespace: 'default',
      description,
      ...(metadataLabels ? { labels: { ...metadataLabels } } : {}),
    },
    spec,
  };
}

function sampleRoles(): RoleV6[] {
  const crud = ['list', 'create', 'read', 'update', 'delete'];
  const listRead = ['list', 'read'];
  const wildcard = (): LabelValues => labels({ '*': ['*'] });
  const accessAllow: RoleConditions = {
    logins: ['{{internal.logins}}'],
    namespaces: ['default'],
    nodeLabels: wildcard(),
    appLabels: wildcard(),
    clusterLabels: wildcard(),
    databaseLabels: wildcard(),
    kubernetesLabels: wildcard(),
    windowsDesktopLabels: wildcard(),
    kubeGroups: ['{{internal.kubernetes_groups}}'],
    kubeUsers: ['{{internal.kubernetes_users}}'],
    databaseNames: ['{{internal.db_names}}'],
    databaseUsers: ['{{internal.db_users}}'],
    databaseRoles: ['{{internal.db_roles}}'],
    awsRoleArns: ['{{internal.aws_role_arns}}'],
    azureIdentities: ['{{internal.azure_identities}}'],
    gcpServiceAccounts: ['{{internal.gcp_service_accounts}}'],
    windowsDesktopLogins: ['{{internal.windows_logins}}'],
    kubernetesResources: [{ kind: '*', namespace: '*', name: '*', verbs: ['*'] }],
    rules: [
      { resources: ['event'], verbs: listRead },
      {
        resources: ['session'],
        verbs: ['read', 'list'],
        where: 'contains(session.participants, user.metadata.name)',
      },
      { resources: ['instance'], verbs: listRead },
    ],
  };
  const presetOptions = (): NonNullable<RoleSpec['options']> => ({
    maxSessionTtl: 30 * HOUR_NS,
    forwardAgent: true,
    portForwarding: { value: true },
    sshFileCopy: { value: true },
    requireMfaType: 'OFF',
  });

  return [
    // Teleport's presets, as a v17 cluster creates them.
    role(
      'access',
      'Access cluster resources',
      {
        options: { ...presetOptions(), createHostUserMode: 'HOST_USER_MODE_UNSPECIFIED' },
        allow: accessAllow,
        deny: {},
      },
      PRESET_LABELS,
    ),
    role(
      'editor',
      'Edit cluster configuration',
      {
        options: presetOptions(),
        allow: {
          rules: [
            {
              resources: [
                'user',
                'role',
                'bot',
                'token',
                'lock',
                'oidc',
                'saml',
                'github',
                'access_list',
                'cert_authority',
                'trusted_cluster',
                'remote_cluster',
                'cluster_auth_preference',
                'cluster_networking_config',
                'session_recording_config',
                'device',
                'integration',
              ],
              verbs: crud,
            },
            { resources: ['event', 'session', 'session_tracker'], verbs: listRead },
          ],
        },
        deny: {},
      },
      PRESET_LABELS,
    ),
    role(
      'auditor',
      'Review cluster events and replay sessions',
      {
        options: presetOptions(),
        allow: {
          rules: [
            { resources: ['session'], verbs: listRead },
            { resources: ['event'], verbs: listRead },
            { resources: ['session_tracker'], verbs: listRead },
            { resources: ['cluster_alert'], verbs: listRead },
            { resources: ['security_report'], verbs: [...listRead, 'use'] },
          ],
        },
        deny: {},
      },
      PRESET_LABELS,
    ),
    role(
      'requester',
      'Request access to resources and roles',
      {
        options: presetOptions(),
        allow: { request: { roles: ['access'], searchAsRoles: ['access'] } },
        deny: {},
      },
      PRESET_LABELS,
    ),
    role(
      'reviewer',
      'Review access requests',
      {
        options: presetOptions(),
        allow: { reviewRequests: { roles: ['access'], previewAsRoles: ['access'] } },
        deny: {},
      },
      PRESET_LABELS,
    ),

    // Acme's own roles.
    role('jupiterone-reader', 'Read-only identity data for the JupiterOne integration', {
      options: { maxSessionTtl: 12 * HOUR_NS },
      allow: {
        rules: [
          {
            resources: ['user', 'role', 'access_list', 'access_list_member', 'access_list_review'],
            verbs: listRead,
          },
        ],
      },
      deny: {},
    }),
    role('prod-ssh', 'SSH to production hosts with per-session MFA', {
      options: {
        maxSessionTtl: 8 * HOUR_NS,
        requireMfaType: 'SESSION',
        forwardAgent: false,
        portForwarding: { value: false },
        sshFileCopy: { value: false },
        clientIdleTimeout: 0.5 * HOUR_NS,
        disconnectExpiredCert: true,
        createHostUserMode: 'HOST_USER_MODE_KEEP',
      },
      allow: {
        logins: ['ubuntu', 'ec2-user'],
        nodeLabels: labels({ env: ['prod'] }),
        hostGroups: ['prod-operators'],
        hostSudoers: ['ALL=(ALL) NOPASSWD: /usr/bin/systemctl restart *'],
      },
      deny: {},
    }),
    role('db-readonly', 'Read-only access to analytics databases', {
      options: { maxSessionTtl: 12 * HOUR_NS },
      allow: {
        databaseLabels: labels({ env: ['prod', 'staging'], engine: ['postgres'] }),
        databaseNames: ['analytics', 'reporting'],
        databaseUsers: ['readonly'],
        databaseRoles: ['reader'],
      },
      deny: {},
    }),
    role('k8s-dev', 'Kubernetes access to development namespaces', {
      options: { maxSessionTtl: 12 * HOUR_NS },
      allow: {
        kubeGroups: ['developers', 'system:authenticated'],
        kubeUsers: ['{{internal.kubernetes_users}}'],
        kubernetesLabels: labels({ env: ['dev', 'staging'] }),
        kubernetesResources: [
          { kind: 'pod', namespace: 'dev-*', name: '*', verbs: ['get', 'list', 'watch', 'exec'] },
          { kind: 'deployment', namespace: 'dev-*', name: '*', verbs: ['get', 'list', 'update'] },
          { kind: 'namespace', namespace: '', name: 'dev-*', verbs: ['get', 'list'] },
        ],
      },
      deny: {},
    }),
    role('wildcard-admin', 'Legacy full admin role; slated for removal', {
      options: { maxSessionTtl: 30 * HOUR_NS, forwardAgent: true },
      allow: {
        logins: ['root'],
        nodeLabels: wildcard(),
        rules: [{ resources: ['*'], verbs: ['*'] }],
      },
      deny: {},
    }),
    role('break-glass', 'Emergency access; every use is reviewed', {
      options: { maxSessionTtl: 1 * HOUR_NS, requireMfaType: 'SESSION_AND_HARDWARE_KEY' },
      allow: {
        logins: ['ubuntu', 'ec2-user', 'admin'],
        nodeLabels: wildcard(),
        impersonate: { users: ['*'], roles: ['*'] },
      },
      deny: { logins: ['root'] },
    }),
    role('contractor', 'Staging access for contractors; no session recordings', {
      options: {
        maxSessionTtl: 4 * HOUR_NS,
        clientIdleTimeout: 0.25 * HOUR_NS,
        disconnectExpiredCert: true,
      },
      allow: {
        logins: ['contractor'],
        nodeLabels: labels({ env: ['staging'] }),
        appLabels: labels({ env: ['staging'] }),
      },
      deny: {
        nodeLabels: labels({ env: ['prod'] }),
        rules: [{ resources: ['session'], verbs: ['*'] }],
      },
    }),
    role('access-request-prod', 'Request just-in-time production SSH access', {
      allow: {
        request: {
          roles: ['prod-ssh'],
          searchAsRoles: ['prod-ssh'],
          suggestedReviewers: ['alice@acme.com', 'judy@acme.com'],
        },
      },
      deny: {},
    }),
    role(
      'bot-jenkins',
      'Automatically generated role for bot jenkins',
      {
        options: { maxSessionTtl: 12 * HOUR_NS },
        allow: {
          rules: [{ resources: ['cert_authority'], verbs: ['readnosecrets'] }],
          impersonate: { roles: ['prod-ssh', 'db-readonly'] },
        },
        deny: {},
      },
      { 'teleport.internal/bot': 'jenkins' },
    ),
  ];
}

type UserSpec = NonNullable<UserV2['spec']>;

function user(
  name: string,
  spec: UserSpec,
  extras: { status?: UserV2['status']; labels?: Record<string, string>; expires?: Timestamp } = {},
): UserV2 {
  return {
    kind: 'user',
    version: 'v2',
    metadata: {
      name,
      namespace: 'default',
      ...(extras.labels ? { labels: extras.labels } : {}),
      ...(extras.expires ? { expires: { ...extras.expires } } : {}),
    },
    spec,
    ...(extras.status ? { status: extras.status } : {}),
  };
}

function traits(map: Record<string, string[]>): LabelValues {
  return labels(map);
}

function sampleUsers(now: Date): UserV2[] {
  const at = (ms: number): Timestamp => ts(shift(now, ms));
  const byAdmin = (daysAgo: number): UserSpec['createdBy'] => ({
    user: { name: 'admin' },
    time: at(-daysAgo * DAY_MS),
  });
  const strongMfa: UserV2['status'] = {
    passwordState: 'PASSWORD_STATE_SET',
    mfaWeakestDevice: 'MFA_DEVICE_KIND_WEBAUTHN',
  };
  const totp: UserV2['status'] = {
    passwordState: 'PASSWORD_STATE_SET',
    mfaWeakestDevice: 'MFA_DEVICE_KIND_TOTP',
  };
  const sso = (
    type: 'saml' | 'oidc' | 'github',
    connectorId: string,
    identity: string,
    hoursLeft: number,
    userId?: string,
  ): Pick<
    UserSpec,
    'samlIdentities' | 'oidcIdentities' | 'githubIdentities' | 'createdBy' | 'expires'
  > => {
    const external = [{ connectorId, username: identity, ...(userId ? { userId } : {}) }];
    return {
      ...(type === 'saml' ? { samlIdentities: external } : {}),
      ...(type === 'oidc' ? { oidcIdentities: external } : {}),
      ...(type === 'github' ? { githubIdentities: external } : {}),
      createdBy: {
        connector: { type, id: connectorId, identity },
        time: at(-(24 - hoursLeft) * HOUR_MS),
      },
      expires: at(hoursLeft * HOUR_MS),
    };
  };
  const ssoExpiry = (hoursLeft: number): Timestamp => at(hoursLeft * HOUR_MS);

  return [
    user(
      'admin',
      {
        roles: ['editor', 'access', 'auditor'],
        traits: traits({ logins: ['admin', 'ubuntu'] }),
        createdBy: { time: at(-720 * DAY_MS) },
      },
      { status: { ...strongMfa } },
    ),
    user(
      'alice@acme.com',
      {
        roles: ['access', 'editor', 'reviewer'],
        traits: traits({
          logins: ['alice', 'ubuntu'],
          email: ['alice@acme.com'],
          team: ['platform'],
          kubernetes_groups: ['platform'],
          db_users: ['alice', 'readonly'],
          aws_role_arns: ['arn:aws:iam::123456789012:role/PlatformEngineer'],
        }),
        createdBy: byAdmin(540),
        trustedDeviceIds: ['b1f0c3d2-57a8-4e69-9d1b-2c4e6f8a0b13'],
      },
      { status: { ...strongMfa } },
    ),
    user(
      'bob',
      {
        roles: ['access', 'prod-ssh'],
        traits: traits({ logins: ['bob', 'ubuntu'], team: ['sre'] }),
        createdBy: byAdmin(400),
      },
      {
        status: { passwordState: 'PASSWORD_STATE_SET', mfaWeakestDevice: 'MFA_DEVICE_KIND_UNSET' },
      },
    ),
    user(
      'carol@acme.com',
      {
        roles: ['access', 'requester', 'db-readonly'],
        traits: traits({
          groups: ['engineering', 'data'],
          team: ['data'],
          email: ['carol@acme.com'],
        }),
        ...sso('saml', 'okta', 'carol@acme.com', 8),
      },
      { expires: ssoExpiry(8) },
    ),
    user(
      'dave@acme.com',
      {
        roles: ['access', 'k8s-dev'],
        traits: traits({ team: ['platform'], email: ['dave@acme.com'] }),
        ...sso('oidc', 'google', 'dave@acme.com', 10),
      },
      { expires: ssoExpiry(10) },
    ),
    user(
      'erin-codes',
      {
        roles: ['access', 'k8s-dev'],
        traits: traits({ github_teams: ['acme/platform'], team: ['platform'], logins: ['erin'] }),
        ...sso('github', 'github', 'erin-codes', 12, '5873421'),
      },
      { expires: ssoExpiry(12) },
    ),
    user(
      'bot-jenkins',
      { roles: ['bot-jenkins'], createdBy: byAdmin(200) },
      { labels: { 'teleport.internal/bot': 'jenkins' } },
    ),
    user(
      'mallory@acme.com',
      {
        roles: ['access', 'contractor'],
        traits: traits({ logins: ['mallory'] }),
        createdBy: byAdmin(90),
        status: {
          isLocked: true,
          lockedMessage: 'too many failed logins',
          lockedTime: at(-10 * MINUTE_MS),
          lockExpires: at(20 * MINUTE_MS),
        },
      },
      { status: { ...totp } },
    ),
    user(
      'zoë',
      { roles: ['access'], traits: traits({ logins: ['zoe'] }), createdBy: byAdmin(30) },
      { status: { ...strongMfa } },
    ),
    user(
      'jupiterone',
      { roles: ['jupiterone-reader'], createdBy: byAdmin(14) },
      { status: { passwordState: 'PASSWORD_STATE_UNSET' } },
    ),
    user(
      'frank@acme.com',
      {
        roles: ['access', 'legacy-deleted-role'],
        traits: traits({ logins: ['frank'], team: ['data'] }),
        createdBy: byAdmin(610),
      },
      { status: { ...totp } },
    ),
    user(
      'grace@acme.com',
      { roles: [], expires: tsSeconds(YEAR_ONE_SECONDS), createdBy: byAdmin(3) },
      { status: { ...strongMfa } },
    ),
    user(
      'heidi@acme.com',
      {
        roles: ['auditor', 'reviewer'],
        traits: traits({ groups: ['security'], team: ['security'], email: ['heidi@acme.com'] }),
        ...sso('saml', 'okta', 'heidi@acme.com', 6),
      },
      { expires: ssoExpiry(6) },
    ),
    user(
      'ivan@contractor.io',
      {
        roles: ['contractor', 'access-request-prod'],
        traits: traits({ logins: ['contractor'], company: ['Contractor IO'] }),
        createdBy: { user: { name: 'alice@acme.com' }, time: at(-45 * DAY_MS) },
      },
      { status: { ...totp } },
    ),
    user(
      'judy@acme.com',
      {
        roles: ['access', 'break-glass', 'reviewer'],
        traits: traits({ logins: ['judy', 'ubuntu'], team: ['platform'] }),
        createdBy: byAdmin(480),
      },
      { status: { ...strongMfa } },
    ),
    user(
      'kevin@acme.com',
      {
        roles: ['access', 'requester', 'access-request-prod'],
        traits: traits({
          groups: ['sales-engineering'],
          team: ['sales'],
          email: ['kevin@acme.com'],
        }),
        ...sso('saml', 'okta', 'kevin@acme.com', 4),
      },
      { expires: ssoExpiry(4) },
    ),
  ];
}

interface SampleMember {
  list: string;
  name: string;
  joinedDaysAgo: number;
  /** Days from now; negative = already expired. */
  expiresInDays?: number;
  reason: string;
  addedBy: string;
  status: IneligibleStatus;
  kind?: 'MEMBERSHIP_KIND_LIST';
}

function member(now: Date, entry: SampleMember): AccessListMember {
  return {
    header: { kind: 'access_list_member', version: 'v1', metadata: { name: entry.name } },
    spec: {
      accessList: entry.list,
      name: entry.name,
      joined: ts(shift(now, -entry.joinedDaysAgo * DAY_MS)),
      ...(entry.expiresInDays !== undefined
        ? { expires: ts(shift(now, entry.expiresInDays * DAY_MS)) }
        : {}),
      reason: entry.reason,
      addedBy: entry.addedBy,
      ineligibleStatus: entry.status,
      membershipKind: entry.kind ?? 'MEMBERSHIP_KIND_USER',
    },
  };
}

function sampleMembers(now: Date): AccessListMember[] {
  const ids = sampleAccessListIds;
  const E = 'INELIGIBLE_STATUS_ELIGIBLE';
  const entries: SampleMember[] = [
    // Production SSH: five users and one nested list (Database readers).
    {
      list: ids.productionSsh,
      name: 'alice@acme.com',
      joinedDaysAgo: 300,
      reason: 'Platform on-call',
      addedBy: 'admin',
      status: E,
    },
    {
      list: ids.productionSsh,
      name: 'bob',
      joinedDaysAgo: 250,
      reason: 'SRE on-call rotation',
      addedBy: 'alice@acme.com',
      status: E,
    },
    {
      list: ids.productionSsh,
      name: 'judy@acme.com',
      joinedDaysAgo: 200,
      reason: 'Platform lead',
      addedBy: 'alice@acme.com',
      status: E,
    },
    {
      list: ids.productionSsh,
      name: 'erin-codes',
      joinedDaysAgo: 100,
      expiresInDays: -10,
      reason: 'Incident INC-2291 follow-up',
      addedBy: 'alice@acme.com',
      status: 'INELIGIBLE_STATUS_EXPIRED',
    },
    {
      list: ids.productionSsh,
      name: 'zoë',
      joinedDaysAgo: 20,
      reason: 'Shadowing on-call',
      addedBy: 'judy@acme.com',
      status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS',
    },
    {
      list: ids.productionSsh,
      name: ids.databaseReaders,
      joinedDaysAgo: 180,
      reason: 'Database readers may inspect production hosts',
      addedBy: 'alice@acme.com',
      status: E,
      kind: 'MEMBERSHIP_KIND_LIST',
    },

    // Database readers.
    {
      list: ids.databaseReaders,
      name: 'carol@acme.com',
      joinedDaysAgo: 330,
      reason: 'Data team',
      addedBy: 'admin',
      status: E,
    },
    {
      list: ids.databaseReaders,
      name: 'alice@acme.com',
      joinedDaysAgo: 320,
      reason: 'Schema migrations',
      addedBy: 'carol@acme.com',
      status: E,
    },
    {
      list: ids.databaseReaders,
      name: 'frank@acme.com',
      joinedDaysAgo: 600,
      reason: 'Reporting',
      addedBy: 'admin',
      status: E,
    },
    {
      list: ids.databaseReaders,
      name: 'heidi@acme.com',
      joinedDaysAgo: 15,
      expiresInDays: 30,
      reason: 'Quarterly data-access audit',
      addedBy: 'carol@acme.com',
      status: E,
    },
    {
      list: ids.databaseReaders,
      name: 'bob',
      joinedDaysAgo: 70,
      expiresInDays: -40,
      reason: 'Temporary: query tuning',
      addedBy: 'carol@acme.com',
      status: 'INELIGIBLE_STATUS_EXPIRED',
    },
    {
      list: ids.databaseReaders,
      name: 'former-employee@acme.com',
      joinedDaysAgo: 700,
      reason: 'Analytics',
      addedBy: 'admin',
      status: 'INELIGIBLE_STATUS_USER_NOT_EXIST',
    },

    // Platform engineers: five users and one nested list (Production SSH).
    {
      list: ids.platformEngineers,
      name: 'alice@acme.com',
      joinedDaysAgo: 500,
      reason: 'Founding member',
      addedBy: 'admin',
      status: E,
    },
    {
      list: ids.platformEngineers,
      name: 'judy@acme.com',
      joinedDaysAgo: 480,
      reason: 'Platform lead',
      addedBy: 'admin',
      status: E,
    },
    {
      list: ids.platformEngineers,
      name: 'dave@acme.com',
      joinedDaysAgo: 150,
      reason: 'Joined platform team',
      addedBy: 'judy@acme.com',
      status: E,
    },
    {
      list: ids.platformEngineers,
      name: 'erin-codes',
      joinedDaysAgo: 120,
      reason: 'Joined platform team',
      addedBy: 'judy@acme.com',
      status: E,
    },
    {
      list: ids.platformEngineers,
      name: 'kevin@acme.com',
      joinedDaysAgo: 40,
      expiresInDays: 50,
      reason: 'Customer proof of concept',
      addedBy: 'judy@acme.com',
      status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS',
    },
    {
      list: ids.platformEngineers,
      name: ids.productionSsh,
      joinedDaysAgo: 240,
      reason: 'On-call engineers need platform access',
      addedBy: 'judy@acme.com',
      status: E,
      kind: 'MEMBERSHIP_KIND_LIST',
    },

    // Contractors.
    {
      list: ids.contractors,
      name: 'ivan@contractor.io',
      joinedDaysAgo: 45,
      expiresInDays: 20,
      reason: 'SOW-2026-014',
      addedBy: 'former-employee@acme.com',
      status: E,
    },
    {
      list: ids.contractors,
      name: 'mallory@acme.com',
      joinedDaysAgo: 90,
      expiresInDays: -5,
      reason: 'SOW-2026-009',
      addedBy: 'former-employee@acme.com',
      status: 'INELIGIBLE_STATUS_EXPIRED',
    },
    {
      list: ids.contractors,
      name: 'grace@acme.com',
      joinedDaysAgo: 3,
      reason: 'Onboarding vendor',
      addedBy: 'admin',
      status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS',
    },

    // Security reviewers.
    {
      list: ids.securityReviewers,
      name: 'heidi@acme.com',
      joinedDaysAgo: 80,
      reason: 'Security team',
      addedBy: 'admin',
      status: E,
    },
    {
      list: ids.securityReviewers,
      name: 'alice@acme.com',
      joinedDaysAgo: 80,
      reason: 'Platform representative',
      addedBy: 'heidi@acme.com',
      status: E,
    },
    {
      list: ids.securityReviewers,
      name: 'judy@acme.com',
      joinedDaysAgo: 60,
      reason: 'Break-glass approver',
      addedBy: 'heidi@acme.com',
      status: E,
    },
    {
      list: ids.securityReviewers,
      name: 'carol@acme.com',
      joinedDaysAgo: 10,
      reason: 'Data-access reviews',
      addedBy: 'heidi@acme.com',
      status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS',
    },
  ];
  return entries.map((entry) => member(now, entry));
}

function owner(
  name: string,
  description: string,
  ineligibleStatus: IneligibleStatus = 'INELIGIBLE_STATUS_ELIGIBLE',
  membershipKind: AccessListOwner['membershipKind'] = 'MEMBERSHIP_KIND_USER',
): AccessListOwner {
  return { name, description, ineligibleStatus, membershipKind };
}

type ListSpec = NonNullable<AccessList['spec']>;

function audit(
  nextAuditDate: Date,
  frequency: ReviewFrequency,
  dayOfMonth: ReviewDayOfMonth,
  notifyDays = 14,
): NonNullable<ListSpec['audit']> {
  return {
    nextAuditDate: ts(nextAuditDate),
    recurrence: { frequency, dayOfMonth },
    notifications: { start: { seconds: notifyDays * DAY_S, nanos: 0 } },
  };
}

function sampleAccessLists(now: Date, members: AccessListMember[]): AccessList[] {
  const ids = sampleAccessListIds;
  const daysAgo = (days: number): Date => shift(now, -days * DAY_MS);
  const nextFifteenth =
    now.getUTCDate() < 15
      ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 15))
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15));

  const list = (
    name: string,
    spec: ListSpec,
    relations: { memberOf?: string[]; ownerOf?: string[] } = {},
  ): AccessList => {
    let memberCount = 0;
    let memberListCount = 0;
    for (const entry of members) {
      if (entry.spec?.accessList !== name) {
        continue;
      }
      if (entry.spec.membershipKind === 'MEMBERSHIP_KIND_LIST') {
        memberListCount += 1;
      } else {
        memberCount += 1;
      }
    }
    return {
      header: { kind: 'access_list', version: 'v1', metadata: { name } },
      spec,
      status: {
        memberCount,
        memberListCount,
        ownerOf: relations.ownerOf ?? [],
        memberOf: relations.memberOf ?? [],
      },
    };
  };

  return [
    list(
      ids.productionSsh,
      {
        title: 'Production SSH',
        description: 'Standing SSH access to production hosts for on-call engineers.',
        owners: [
          owner('alice@acme.com', 'Platform on-call manager'),
          owner(
            ids.securityReviewers,
            'Security reviewers co-own production access',
            'INELIGIBLE_STATUS_ELIGIBLE',
            'MEMBERSHIP_KIND_LIST',
          ),
        ],
        audit: audit(
          auditDate(daysAgo(30), 3, 'REVIEW_DAY_OF_MONTH_FIRST'),
          'REVIEW_FREQUENCY_THREE_MONTHS',
          'REVIEW_DAY_OF_MONTH_FIRST',
        ),
        // Every value listed is required (lib/accesslists/hierarchy.go UserMeetsRequirements).
        membershipRequires: {
          roles: ['access'],
          traits: [{ key: 'team', values: ['platform'] }],
        },
        ownershipRequires: { roles: ['reviewer'], traits: [] },
        grants: { roles: ['prod-ssh'], traits: [{ key: 'logins', values: ['ubuntu'] }] },
        ownerGrants: { roles: ['reviewer'], traits: [] },
        type: '',
      },
      { memberOf: [ids.platformEngineers] },
    ),
    list(
      ids.databaseReaders,
      {
        title: 'Database readers',
        description: 'Read-only access to the analytics and reporting databases.',
        owners: [
          owner('carol@acme.com', 'Data team lead'),
          owner('frank@acme.com', 'Reporting owner', 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS'),
        ],
        audit: audit(
          auditDate(daysAgo(80), 6, 'REVIEW_DAY_OF_MONTH_FIFTEENTH'),
          'REVIEW_FREQUENCY_SIX_MONTHS',
          'REVIEW_DAY_OF_MONTH_FIFTEENTH',
        ),
        membershipRequires: { roles: ['access'], traits: [] },
        ownershipRequires: { roles: ['db-readonly'], traits: [] },
        grants: {
          roles: ['db-readonly'],
          traits: [
            { key: 'db_names', values: ['analytics', 'reporting'] },
            { key: 'db_users', values: ['readonly'] },
          ],
        },
        type: '',
      },
      { memberOf: [ids.productionSsh] },
    ),
    list(ids.platformEngineers, {
      title: 'Platform engineers',
      description: 'Everyone on the platform team, including the on-call rotation.',
      owners: [
        owner('judy@acme.com', 'Platform lead'),
        owner('alice@acme.com', 'Platform on-call manager'),
      ],
      audit: audit(
        auditDate(daysAgo(165), 12, 'REVIEW_DAY_OF_MONTH_LAST'),
        'REVIEW_FREQUENCY_ONE_YEAR',
        'REVIEW_DAY_OF_MONTH_LAST',
      ),
      membershipRequires: { roles: ['access'], traits: [{ key: 'team', values: ['platform'] }] },
      grants: { roles: ['k8s-dev'], traits: [{ key: 'kubernetes_groups', values: ['platform'] }] },
      ownerGrants: { roles: ['reviewer'], traits: [] },
      type: '',
    }),
    list(ids.contractors, {
      title: 'Contractors',
      description: 'Time-boxed staging access for external contractors.',
      owners: [
        owner(
          'former-employee@acme.com',
          'Vendor manager (left Acme)',
          'INELIGIBLE_STATUS_USER_NOT_EXIST',
        ),
        owner('grace@acme.com', 'Interim vendor manager', 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS'),
      ],
      audit: audit(
        auditDate(daysAgo(130), 1, 'REVIEW_DAY_OF_MONTH_FIRST'),
        'REVIEW_FREQUENCY_ONE_MONTH',
        'REVIEW_DAY_OF_MONTH_FIRST',
        7,
      ),
      membershipRequires: { roles: ['contractor'], traits: [] },
      ownershipRequires: { roles: ['reviewer'], traits: [] },
      grants: { roles: ['contractor'], traits: [] },
      type: '',
    }),
    list(
      ids.securityReviewers,
      {
        title: 'Security reviewers',
        description: 'Security team members who review access across Acme.',
        owners: [owner('heidi@acme.com', 'Head of security')],
        audit: audit(
          nextFifteenth,
          'REVIEW_FREQUENCY_THREE_MONTHS',
          'REVIEW_DAY_OF_MONTH_FIFTEENTH',
          30,
        ),
        membershipRequires: { roles: ['reviewer'], traits: [] },
        grants: { roles: ['auditor', 'reviewer'], traits: [] },
        // A role that was deleted: Teleport skips these owner grants whole (generator.go
        // handleAccessListOwnership), so heidi gets nothing as this list's owner.
        ownerGrants: { roles: ['security-lead'], traits: [] },
        type: '',
      },
      { ownerOf: [ids.productionSsh] },
    ),
    list(ids.emptyList, {
      title: 'Empty list',
      description: 'Managed by Terraform; nobody has been added yet.',
      owners: [owner('admin', 'Cluster administrator')],
      // retired-auditor was deleted after the list was written: whoever joins gets nothing from it.
      grants: { roles: ['access-request-prod', 'retired-auditor'], traits: [] },
      type: 'static',
    }),
  ];
}

function sampleReviews(now: Date): AccessListReview[] {
  const ids = sampleAccessListIds;
  const review = (
    index: number,
    accessList: string,
    reviewers: string[],
    daysAgo: number,
    notes: string,
    changes?: NonNullable<AccessListReview['spec']>['changes'],
  ): AccessListReview => ({
    header: { kind: 'access_list_review', version: 'v1', metadata: { name: REVIEW_IDS[index]! } },
    spec: {
      accessList,
      reviewers,
      reviewDate: ts(shift(now, -daysAgo * DAY_MS)),
      notes,
      ...(changes ? { changes } : {}),
    },
  });
  return [
    review(
      0,
      ids.productionSsh,
      ['alice@acme.com', 'heidi@acme.com'],
      30,
      'Quarterly review; removed a departed SRE.',
      {
        removedMembers: ['oscar@acme.com'],
      },
    ),
    review(1, ids.productionSsh, ['alice@acme.com'], 121, 'No changes.'),
    review(
      2,
      ids.productionSsh,
      ['alice@acme.com', 'judy@acme.com'],
      212,
      'Moved to quarterly reviews; require a team trait.',
      {
        membershipRequirementsChanged: {
          roles: ['access'],
          traits: [{ key: 'team', values: ['platform', 'sre'] }],
        },
        reviewFrequencyChanged: 'REVIEW_FREQUENCY_THREE_MONTHS',
        reviewDayOfMonthChanged: 'REVIEW_DAY_OF_MONTH_FIRST',
      },
    ),
    review(
      3,
      ids.databaseReaders,
      ['carol@acme.com'],
      80,
      'Removed engineers who moved off the data team.',
      {
        removedMembers: ['erin-codes'],
      },
    ),
    review(4, ids.platformEngineers, ['judy@acme.com', 'alice@acme.com'], 165, 'Annual review.'),
    review(5, ids.contractors, ['former-employee@acme.com'], 130, 'Extended SOW-2026-009.', {
      reviewFrequencyChanged: 'REVIEW_FREQUENCY_ONE_MONTH',
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// SSO connectors, bots, locks, the auth preference and trusted devices

const PROXY = 'https://acme.teleport.sh:443';

/** Acme's identity providers: Okta (SAML) for staff, Google (OIDC) and GitHub for engineers. */
function sampleSsoConnectors(): Pick<
  ClusterData,
  'samlConnectors' | 'oidcConnectors' | 'githubConnectors'
> {
  const okta: SamlConnectorV2 = {
    kind: 'saml',
    version: 'v2',
    metadata: { name: 'okta', namespace: 'default', description: 'Acme staff sign-in' },
    spec: {
      issuer: 'http://www.okta.com/exk8acme4teleport2sso',
      sso: 'https://acme.okta.com/app/acme_teleport_1/exk8acme4teleport2sso/sso/saml',
      display: 'Okta',
      assertionConsumerService: `${PROXY}/v1/webapi/saml/acs/okta`,
      audience: `${PROXY}/v1/webapi/saml/acs/okta`,
      serviceProviderIssuer: `${PROXY}/v1/webapi/saml/acs/okta`,
      entityDescriptorUrl: 'https://acme.okta.com/app/exk8acme4teleport2sso/sso/saml/metadata',
      provider: 'okta',
      attributesToRoles: [
        { name: 'groups', value: 'engineering', roles: ['access'] },
        { name: 'groups', value: 'data', roles: ['db-readonly'] },
        { name: 'groups', value: 'security', roles: ['auditor', 'reviewer'] },
        { name: 'groups', value: 'sales-engineering', roles: ['requester', 'access-request-prod'] },
        { name: 'groups', value: 'it-admins', roles: ['editor'] },
      ],
      allowIdpInitiated: false,
      mfaSettings: { enabled: true },
      forceAuthn: 'FORCE_AUTHN_NO',
    },
  };
  const google: OidcConnectorV3 = {
    kind: 'oidc',
    version: 'v3',
    metadata: { name: 'google', namespace: 'default' },
    spec: {
      issuerUrl: 'https://accounts.google.com',
      clientId: '918273645012-8f3kq2acme7teleport0oidc5h1.apps.googleusercontent.com',
      display: 'Google Workspace',
      scope: ['openid', 'email'],
      prompt: 'select_account',
      claimsToRoles: [
        { claim: 'hd', value: 'acme.com', roles: ['access'] },
        { claim: 'groups', value: 'platform@acme.com', roles: ['k8s-dev'] },
        // A regular expression whose capture names the role: no fixed role to relate to.
        { claim: 'groups', value: '^team-(.*)@acme.com$', roles: ['$1'] },
      ],
      googleAdminEmail: 'workspace-admin@acme.com',
      redirectUrls: { values: [`${PROXY}/v1/webapi/oidc/callback`] },
      allowUnverifiedEmail: false,
      usernameClaim: 'email',
      maxAge: { value: 12 * HOUR_NS },
      pkceMode: 'enabled',
    },
  };
  const github: GithubConnectorV3 = {
    kind: 'github',
    version: 'v3',
    metadata: { name: 'github', namespace: 'default' },
    spec: {
      clientId: 'Iv1.8a2cacme5teleport',
      redirectUrl: `${PROXY}/v1/webapi/github/callback`,
      display: 'GitHub',
      teamsToRoles: [
        { organization: 'acme', team: 'platform', roles: ['access', 'k8s-dev'] },
        { organization: 'acme', team: 'sre', roles: ['access', 'prod-ssh'] },
      ],
      endpointUrl: 'https://github.com',
      apiEndpointUrl: 'https://api.github.com',
    },
  };
  return { samlConnectors: [okta], oidcConnectors: [google], githubConnectors: [github] };
}

/**
 * Two Machine ID bots: Jenkins (whose user and role the cluster lists) and Terraform, created after
 * the user listing was read, so its user is not (yet) in the graph, as happens on a live cluster.
 */
function sampleBots(): Bot[] {
  return [
    {
      kind: 'bot',
      version: 'v1',
      metadata: { name: 'jenkins', description: 'CI deployments to production' },
      spec: {
        roles: ['prod-ssh', 'db-readonly'],
        traits: [{ name: 'logins', values: ['deploy'] }],
        maxSessionTtl: { seconds: 12 * 3600, nanos: 0 },
      },
      status: { userName: 'bot-jenkins', roleName: 'bot-jenkins' },
    },
    {
      kind: 'bot',
      version: 'v1',
      metadata: { name: 'terraform', description: 'Manages Teleport resources as code' },
      spec: { roles: ['editor'], maxSessionTtl: { seconds: 3600, nanos: 0 } },
      status: { userName: 'bot-terraform', roleName: 'bot-terraform' },
    },
  ];
}

/** Trusted device IDs, shared by the devices and the lock on a lost laptop. */
export const sampleDeviceIds = {
  aliceMac: 'b1f0c3d2-57a8-4e69-9d1b-2c4e6f8a0b13',
  daveLaptop: '6e2d9f41-0b7c-4a35-8e16-93c5d2a7f408',
  judyMac: 'f4a8c2e6-1d3b-4f79-a5c0-7e92b8d1c364',
  workstation: '2c9e7b15-8a4d-4c63-b0f2-5d18e6a9c7b2',
} as const;

/** Three locks: a user under review, a role frozen for an audit, and a lost laptop. */
function sampleLocks(now: Date): LockV2[] {
  const at = (ms: number): Timestamp => ts(shift(now, ms));
  const lock = (name: string, spec: NonNullable<LockV2['spec']>): LockV2 => ({
    kind: 'lock',
    version: 'v2',
    metadata: { name },
    spec,
  });
  return [
    lock('0f5e8a2c-3b1d-4e6f-9a7c-1d2e3f4a5b6c', {
      target: { user: 'mallory@acme.com' },
      message: 'Contract ended; access suspended pending review.',
      expires: at(7 * DAY_MS),
      createdAt: at(-2 * DAY_MS),
      createdBy: 'alice@acme.com',
    }),
    lock('7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', {
      target: { role: 'contractor' },
      message: 'Contractor access frozen during the quarterly audit.',
      expires: at(2 * DAY_MS),
      createdAt: at(-1 * DAY_MS),
      createdBy: 'heidi@acme.com',
    }),
    lock('c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', {
      target: { device: sampleDeviceIds.judyMac },
      message: 'Laptop reported lost.',
      createdAt: at(-3 * HOUR_MS),
      createdBy: 'judy@acme.com',
    }),
  ];
}

/** SAML by default with local users still allowed (break-glass admins), WebAuthn and OTP. */
function sampleAuthPreference(): AuthPreferenceV2 {
  return {
    kind: 'cluster_auth_preference',
    version: 'v2',
    metadata: { name: 'cluster-auth-preference', labels: { 'teleport.dev/origin': 'dynamic' } },
    spec: {
      type: 'saml',
      secondFactor: 'on',
      connectorName: 'okta',
      disconnectExpiredCert: { value: true },
      // SSO only: local logins are off.
      allowLocalAuth: { value: false },
      messageOfTheDay: 'Authorised use only. Sessions are recorded.',
      lockingMode: 'best_effort',
      webauthn: { rpId: 'acme.teleport.sh' },
      allowPasswordless: { value: true },
      requireMfaType: 'OFF',
      deviceTrust: { mode: 'optional', autoEnroll: true },
      allowHeadless: { value: true },
      defaultSessionTtl: 12 * HOUR_NS,
      signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1',
      secondFactors: ['SECOND_FACTOR_TYPE_OTP', 'SECOND_FACTOR_TYPE_WEBAUTHN'],
    },
  };
}

/**
 * Four devices: two Macs from Jamf (one lost and locked), a TPM-attested Windows laptop from
 * Intune, and a Linux workstation registered but never enrolled, with no owner yet.
 */
function sampleDevices(now: Date): Device[] {
  const at = (ms: number): Timestamp => ts(shift(now, ms));
  const mac = (
    id: string,
    serial: string,
    owner: string,
    username: string,
    daysAgo: number,
    externalId: string,
  ): Device => ({
    apiVersion: 'v1',
    id,
    osType: 'OS_TYPE_MACOS',
    assetTag: serial,
    createTime: at(-daysAgo * DAY_MS),
    updateTime: at(-1 * DAY_MS),
    enrollStatus: 'DEVICE_ENROLL_STATUS_ENROLLED',
    credential: { deviceAttestationType: 'DEVICE_ATTESTATION_TYPE_UNSPECIFIED' },
    collectedData: [
      {
        collectTime: at(-daysAgo * DAY_MS),
        recordTime: at(-daysAgo * DAY_MS),
        osType: 'OS_TYPE_MACOS',
        serialNumber: serial,
        modelIdentifier: 'MacBookPro18,3',
        osVersion: '14.5',
        osBuild: '23F79',
        osUsername: username,
      },
      {
        collectTime: at(-1 * DAY_MS),
        recordTime: at(-1 * DAY_MS),
        osType: 'OS_TYPE_MACOS',
        serialNumber: serial,
        modelIdentifier: 'MacBookPro18,3',
        osVersion: '15.1',
        osBuild: '24B83',
        osUsername: username,
      },
    ],
    source: { name: 'jamf', origin: 'DEVICE_ORIGIN_JAMF' },
    profile: {
      updateTime: at(-1 * DAY_MS),
      modelIdentifier: 'MacBookPro18,3',
      osVersion: '15.1',
      osBuild: '24B83',
      osUsernames: [username],
      jamfBinaryVersion: '11.10.1',
      externalId,
    },
    owner,
  });
  return [
    mac(sampleDeviceIds.aliceMac, 'C02XL0GJJGH5', 'alice@acme.com', 'alice', 200, '1042'),
    mac(sampleDeviceIds.judyMac, 'C02ZK1PXMD6T', 'judy@acme.com', 'judy', 380, '1187'),
    {
      apiVersion: 'v1',
      id: sampleDeviceIds.daveLaptop,
      osType: 'OS_TYPE_WINDOWS',
      assetTag: 'ACME-LT-0412',
      createTime: at(-150 * DAY_MS),
      updateTime: at(-2 * DAY_MS),
      enrollStatus: 'DEVICE_ENROLL_STATUS_ENROLLED',
      credential: { deviceAttestationType: 'DEVICE_ATTESTATION_TYPE_TPM_EKCERT_TRUSTED' },
      collectedData: [
        {
          collectTime: at(-2 * DAY_MS),
          recordTime: at(-2 * DAY_MS),
          osType: 'OS_TYPE_WINDOWS',
          serialNumber: 'PF3A9K2L',
          systemSerialNumber: 'PF3A9K2L',
          modelIdentifier: '20XW004GUS',
          osVersion: '10.0.22631',
          osBuild: '22631',
          osUsername: 'ACME\\dave',
          reportedAssetTag: 'ACME-LT-0412',
        },
      ],
      source: { name: 'intune', origin: 'DEVICE_ORIGIN_INTUNE' },
      owner: 'dave@acme.com',
    },
    {
      apiVersion: 'v1',
      id: sampleDeviceIds.workstation,
      osType: 'OS_TYPE_LINUX',
      assetTag: 'ACME-WS-0077',
      createTime: at(-5 * DAY_MS),
      updateTime: at(-5 * DAY_MS),
      enrollStatus: 'DEVICE_ENROLL_STATUS_NOT_ENROLLED',
    },
  ];
}

/**
 * Acme's cluster: 14 roles (5 Teleport presets), 16 users (local, SAML, OIDC, GitHub, a bot, a
 * locked user, a user holding a deleted role), 6 access lists nested two deep, 25 memberships and 6
 * reviews, with the awkward cases (expired and ineligible members, a member who is not a user, an
 * overdue list, a list with no eligible owner) an integration must cope with; and 3 SSO connectors
 * with their role mappings, 2 bots, 3 locks, the auth preference and 4 trusted devices.
 */
export function sampleOrganisation(now: Date = new Date(DEFAULT_NOW)): ClusterData {
  const members = sampleMembers(now);
  return {
    ping: ping(now),
    users: sampleUsers(now),
    roles: sampleRoles(),
    accessLists: sampleAccessLists(now, members),
    members,
    reviews: sampleReviews(now),
    ...sampleSsoConnectors(),
    bots: sampleBots(),
    locks: sampleLocks(now),
    // As Teleport's Go code sends it: allow_local_auth false is an empty BoolValue.
    authPreference: goMarshal('types.AuthPreferenceV2', sampleAuthPreference()),
    devices: sampleDevices(now),
    userLoginStates: sampleUserLoginStates(),
  };
}

/**
 * The login state Teleport stored at bob's last login, when his Database readers membership had
 * not yet expired: it still lists db-readonly, which he no longer gets.
 */
function sampleUserLoginStates(): NonNullable<ClusterData['userLoginStates']> {
  return [
    {
      header: { kind: 'user_login_state', version: 'v1', metadata: { name: 'bob' } },
      spec: { roles: ['access', 'db-readonly'], userType: 'local', originalRoles: ['access'] },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Scaled organisations for benchmarks

export interface ScaledOrganisationOptions {
  users: number;
  roles: number;
  accessLists: number;
  /** All memberships, nested ones included. */
  memberships: number;
  /** Memberships whose member is another list. */
  nestedMemberships: number;
  reviews: number;
  traitsPerUser: number;
  seed?: number;
}

/** mulberry32: a tiny, fast, seeded 32-bit PRNG giving floats in [0, 1). */
class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** A 32-bit integer hash of (value, salt): the same input always gives the same bits. */
function mix32(value: number, salt: number): number {
  let h = Math.imul(value ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(value: number, width: number): string {
  return value
    .toString(16)
    .padStart(8, '0')
    .slice(8 - width);
}

/**
 * A UUID-shaped name (8-4-4-4-12 hex, version nibble 4) derived from an index alone. The index is
 * spelled out in the last group, so names never collide; `variant` keeps kinds apart.
 */
function indexUuid(index: number, variant: '8' | '9' | 'a' | 'b'): string {
  const salt = variant.charCodeAt(0) * 16;
  return (
    `${hex(mix32(index, salt + 1), 8)}-${hex(mix32(index, salt + 2), 4)}-4${hex(mix32(index, salt + 3), 3)}-` +
    `${variant}${hex(mix32(index, salt + 4), 3)}-${index.toString(16).padStart(12, '0')}`
  );
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `scaledOrganisation: ${name} must be a non-negative integer, got ${value}`,
    );
  }
}

/** Trait names and plausible values for each; traits beyond these get generic names and values. */
const TRAIT_POOLS: readonly (readonly [string, readonly string[]])[] = [
  ['logins', ['ubuntu', 'ec2-user', 'admin', 'deploy', 'readonly']],
  ['team', ['platform', 'sre', 'data', 'security', 'sales', 'finance', 'support']],
  ['department', ['engineering', 'operations', 'finance', 'sales', 'people']],
  ['location', ['eu-west', 'us-east', 'us-west', 'apac']],
  ['cost_center', ['cc-1001', 'cc-2002', 'cc-3003', 'cc-4004']],
  ['kubernetes_groups', ['developers', 'viewers', 'platform', 'system:authenticated']],
  ['db_users', ['readonly', 'analyst', 'app', 'migrator']],
  [
    'manager',
    ['user-000001@bench.example', 'user-000002@bench.example', 'user-000003@bench.example'],
  ],
  ['title', ['engineer', 'senior engineer', 'manager', 'analyst', 'director']],
  [
    'aws_role_arns',
    ['arn:aws:iam::123456789012:role/ReadOnly', 'arn:aws:iam::123456789012:role/Developer'],
  ],
];
const GENERIC_TRAIT_VALUES: readonly string[] = ['alpha', 'beta', 'gamma', 'delta'];
const TEAMS = TRAIT_POOLS[1]![1];
const FREQUENCIES: readonly ReviewFrequency[] = [
  'REVIEW_FREQUENCY_ONE_MONTH',
  'REVIEW_FREQUENCY_THREE_MONTHS',
  'REVIEW_FREQUENCY_SIX_MONTHS',
  'REVIEW_FREQUENCY_ONE_YEAR',
];
const DAYS_OF_MONTH: readonly ReviewDayOfMonth[] = [
  'REVIEW_DAY_OF_MONTH_FIRST',
  'REVIEW_DAY_OF_MONTH_FIFTEENTH',
  'REVIEW_DAY_OF_MONTH_LAST',
];
const MEMBER_REASONS = [
  'Team member',
  'On-call rotation',
  'Project access',
  'Temporary access',
  'Transferred in',
];
const REVIEW_NOTES = [
  'No changes.',
  'Removed inactive members.',
  'Quarterly review.',
  'Tightened requirements.',
];

function scaledRole(index: number, name: string): RoleV6 {
  const variant = index % 4;
  const allow: RoleConditions =
    variant === 0
      ? {
          logins: ['ubuntu', `svc-${index}`],
          nodeLabels: labels({ env: [index % 3 === 0 ? 'prod' : 'staging'] }),
        }
      : variant === 1
        ? {
            databaseLabels: labels({ engine: ['postgres'] }),
            databaseNames: [`db-${index}`],
            databaseUsers: ['readonly'],
          }
        : variant === 2
          ? {
              kubeGroups: [`group-${index}`],
              kubernetesLabels: labels({ env: ['dev'] }),
              kubernetesResources: [
                { kind: 'pod', namespace: `ns-${index}`, name: '*', verbs: ['get', 'list'] },
              ],
            }
          : { rules: [{ resources: ['user', 'role', 'access_list'], verbs: ['list', 'read'] }] };
  return {
    kind: 'role',
    version: 'v7',
    metadata: { name, namespace: 'default', description: `Benchmark role ${index + 1}` },
    spec: {
      options: {
        maxSessionTtl: (variant + 1) * 4 * HOUR_NS,
        ...(index % 5 === 0 ? { requireMfaType: 'SESSION' as const } : {}),
      },
      allow,
      deny: index % 10 === 9 ? { logins: ['root'] } : {},
    },
  };
}

/**
 * A large, deterministic organisation for benchmarks: the same options (and `now`) always give the
 * same data. Memberships are spread unevenly over lists, each (list, member) pair occurs once, and
 * nested memberships only point from a list to a later list, so the hierarchy has no cycles.
 */
export function scaledOrganisation(
  options: ScaledOrganisationOptions,
  now: Date = new Date(DEFAULT_NOW),
): ClusterData {
  const {
    users: userCount,
    roles: roleCount,
    accessLists: listCount,
    memberships,
    nestedMemberships,
    reviews: reviewCount,
    traitsPerUser,
  } = options;
  for (const [name, value] of Object.entries({
    userCount,
    roleCount,
    listCount,
    memberships,
    nestedMemberships,
    reviewCount,
    traitsPerUser,
  })) {
    requireCount(name, value);
  }
  const userMemberships = memberships - nestedMemberships;
  if (userMemberships < 0) {
    throw new RangeError('scaledOrganisation: nestedMemberships exceeds memberships');
  }
  if (userMemberships > userCount * listCount) {
    throw new RangeError('scaledOrganisation: more user memberships than (list, user) pairs');
  }
  const maxNested = (listCount * (listCount - 1)) / 2;
  if (nestedMemberships > maxNested) {
    throw new RangeError(
      `scaledOrganisation: at most ${maxNested} acyclic nested memberships fit ${listCount} lists`,
    );
  }
  if (listCount > 0 && userCount === 0) {
    throw new RangeError('scaledOrganisation: access lists need at least one user to own them');
  }
  if (reviewCount > 0 && (listCount === 0 || userCount === 0)) {
    throw new RangeError('scaledOrganisation: reviews need access lists and users');
  }

  const random = new Mulberry32(options.seed ?? 0x5eed1e55);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const daysFromNow = (days: number): Timestamp => ({
    seconds: nowSeconds + Math.round(days * DAY_S),
    nanos: 0,
  });

  // Names are built once and shared by every object that refers to them.
  const roleNames: string[] = new Array<string>(roleCount);
  for (let i = 0; i < roleCount; i += 1) {
    roleNames[i] = `role-${String(i + 1).padStart(4, '0')}`;
  }
  const userNames: string[] = new Array<string>(userCount);
  for (let i = 0; i < userCount; i += 1) {
    userNames[i] = `user-${String(i + 1).padStart(6, '0')}@bench.example`;
  }
  const listNames: string[] = new Array<string>(listCount);
  for (let i = 0; i < listCount; i += 1) {
    listNames[i] = indexUuid(i, '8');
  }
  const traitKeys: string[] = [];
  const traitValuePools: (readonly string[])[] = [];
  for (let k = 0; k < traitsPerUser; k += 1) {
    const pool = TRAIT_POOLS[k];
    traitKeys.push(pool ? pool[0] : `trait_${String(k + 1).padStart(2, '0')}`);
    traitValuePools.push(pool ? pool[1] : GENERIC_TRAIT_VALUES);
  }

  // Roles.
  const roles: RoleV6[] = new Array<RoleV6>(roleCount);
  for (let i = 0; i < roleCount; i += 1) {
    roles[i] = scaledRole(i, roleNames[i]!);
  }

  // Users.
  const users: UserV2[] = new Array<UserV2>(userCount);
  for (let i = 0; i < userCount; i += 1) {
    const name = userNames[i]!;
    const held: string[] = [];
    const wanted = Math.min(roleCount, 1 + random.int(3));
    while (held.length < wanted) {
      const candidate = roleNames[random.int(roleCount)]!;
      if (!held.includes(candidate)) {
        held.push(candidate);
      }
    }
    const traitValues: Record<string, { values: string[] }> = {};
    for (let k = 0; k < traitKeys.length; k += 1) {
      const pool = traitValuePools[k]!;
      const first = random.pick(pool);
      const second = random.next() < 0.2 ? random.pick(pool) : first;
      traitValues[traitKeys[k]!] = { values: second === first ? [first] : [first, second] };
    }
    const createdAt = { seconds: nowSeconds - (1 + random.int(1000)) * DAY_S, nanos: 0 };
    const kind = random.next();
    if (kind < 0.3) {
      // SAML user with a session-length expiry.
      const expires = daysFromNow((1 + random.int(12)) / 24);
      users[i] = {
        kind: 'user',
        version: 'v2',
        metadata: { name, namespace: 'default', expires },
        spec: {
          roles: held,
          traits: { values: traitValues },
          samlIdentities: [{ connectorId: 'okta', username: name }],
          createdBy: { connector: { type: 'saml', id: 'okta', identity: name }, time: createdAt },
          expires: { seconds: expires.seconds, nanos: 0 },
        },
      };
    } else {
      const locked = random.next() < 0.005;
      users[i] = {
        kind: 'user',
        version: 'v2',
        metadata: { name, namespace: 'default' },
        spec: {
          roles: held,
          traits: { values: traitValues },
          createdBy: { user: { name: 'admin' }, time: createdAt },
          ...(locked
            ? {
                status: {
                  isLocked: true,
                  lockedMessage: 'too many failed logins',
                  lockedTime: daysFromNow(-1 / 96),
                  lockExpires: daysFromNow(1 / 96),
                },
              }
            : {}),
        },
        status: {
          passwordState: 'PASSWORD_STATE_SET',
          mfaWeakestDevice:
            random.next() < 0.05
              ? 'MFA_DEVICE_KIND_UNSET'
              : random.next() < 0.5
                ? 'MFA_DEVICE_KIND_TOTP'
                : 'MFA_DEVICE_KIND_WEBAUTHN',
        },
      };
    }
  }

  // Nested memberships: unique (parent, child) pairs with child > parent, so no cycles.
  const nestedPairs = new Set<number>();
  const nestedParents: number[] = [];
  const nestedChildren: number[] = [];
  const addPair = (parent: number, child: number): void => {
    const key = parent * listCount + child;
    if (!nestedPairs.has(key)) {
      nestedPairs.add(key);
      nestedParents.push(parent);
      nestedChildren.push(child);
    }
  };
  for (
    let attempts = 0;
    nestedParents.length < nestedMemberships && attempts < nestedMemberships * 20;
    attempts += 1
  ) {
    const parent = random.int(listCount - 1);
    const child = parent + 1 + random.int(listCount - 1 - parent);
    addPair(parent, child);
  }
  // Dense requests: fill what random draws missed, in order.
  for (
    let parent = 0;
    parent < listCount - 1 && nestedParents.length < nestedMemberships;
    parent += 1
  ) {
    for (
      let child = parent + 1;
      child < listCount && nestedParents.length < nestedMemberships;
      child += 1
    ) {
      addPair(parent, child);
    }
  }
  const nestedOrder = Array.from(nestedParents.keys()).sort(
    (a, b) => nestedParents[a]! - nestedParents[b]! || nestedChildren[a]! - nestedChildren[b]!,
  );

  // How many user members each list gets: uneven weights, capped at the number of users.
  const perList = new Uint32Array(listCount);
  if (listCount > 0 && userMemberships > 0) {
    const weights = new Float64Array(listCount);
    let total = 0;
    for (let j = 0; j < listCount; j += 1) {
      const w = 0.2 + random.next() * random.next() * 4;
      weights[j] = w;
      total += w;
    }
    let assigned = 0;
    for (let j = 0; j < listCount; j += 1) {
      const count = Math.min(userCount, Math.floor((userMemberships * weights[j]!) / total));
      perList[j] = count;
      assigned += count;
    }
    for (let j = 0; assigned < userMemberships; j = (j + 1) % listCount) {
      if (perList[j]! < userCount) {
        perList[j] = perList[j]! + 1;
        assigned += 1;
      }
    }
  }

  // Members, grouped by list: user members first, then nested lists.
  const members: AccessListMember[] = new Array<AccessListMember>(memberships);
  const memberListCounts = new Uint32Array(listCount);
  let m = 0;
  let nestedCursor = 0;
  for (let j = 0; j < listCount; j += 1) {
    const accessList = listNames[j]!;
    const count = perList[j]!;
    // Distinct users: start + k·step (mod users) with step coprime to users.
    const start = random.int(userCount);
    let step = 1;
    if (userCount > 2) {
      step = 1 + random.int(userCount - 1);
      while (gcd(step, userCount) !== 1) {
        step = (step % (userCount - 1)) + 1;
      }
    }
    for (let k = 0; k < count; k += 1) {
      const name = userNames[(start + k * step) % userCount]!;
      const roll = random.next();
      let ineligibleStatus: IneligibleStatus = 'INELIGIBLE_STATUS_ELIGIBLE';
      let expires: Timestamp | undefined;
      if (roll < 0.03) {
        ineligibleStatus = 'INELIGIBLE_STATUS_EXPIRED';
        expires = daysFromNow(-(1 + random.int(90)));
      } else if (roll < 0.05) {
        ineligibleStatus = 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS';
      } else if (roll < 0.25) {
        expires = daysFromNow(1 + random.int(180));
      }
      const spec: NonNullable<AccessListMember['spec']> = {
        accessList,
        name,
        joined: { seconds: nowSeconds - (1 + random.int(700)) * DAY_S, nanos: 0 },
        reason: MEMBER_REASONS[k % MEMBER_REASONS.length]!,
        addedBy: userNames[random.int(userCount)]!,
        ineligibleStatus,
        membershipKind: 'MEMBERSHIP_KIND_USER',
      };
      if (expires) {
        spec.expires = expires;
      }
      members[m] = {
        header: { kind: 'access_list_member', version: 'v1', metadata: { name } },
        spec,
      };
      m += 1;
    }
    while (nestedCursor < nestedOrder.length && nestedParents[nestedOrder[nestedCursor]!] === j) {
      const child = listNames[nestedChildren[nestedOrder[nestedCursor]!]!]!;
      members[m] = {
        header: { kind: 'access_list_member', version: 'v1', metadata: { name: child } },
        spec: {
          accessList,
          name: child,
          joined: { seconds: nowSeconds - (1 + random.int(700)) * DAY_S, nanos: 0 },
          reason: 'Nested team',
          addedBy: userNames[random.int(userCount)]!,
          ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE',
          membershipKind: 'MEMBERSHIP_KIND_LIST',
        },
      };
      memberListCounts[j] = memberListCounts[j]! + 1;
      m += 1;
      nestedCursor += 1;
    }
  }

  // Access lists.
  const accessLists: AccessList[] = new Array<AccessList>(listCount);
  for (let j = 0; j < listCount; j += 1) {
    const owners: AccessListOwner[] = [];
    const ownerCount = 1 + random.int(2);
    for (let o = 0; o < ownerCount; o += 1) {
      const ownerName = userNames[random.int(userCount)]!;
      if (owners.some((existing) => existing.name === ownerName)) {
        continue;
      }
      owners.push({
        name: ownerName,
        description: 'List owner',
        ineligibleStatus:
          random.next() < 0.05
            ? 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS'
            : 'INELIGIBLE_STATUS_ELIGIBLE',
        membershipKind: 'MEMBERSHIP_KIND_USER',
      });
    }
    // Now and then a later list co-owns this one (owner edges also point forward: no cycles).
    if (j < listCount - 1 && random.next() < 0.02) {
      owners.push({
        name: listNames[j + 1 + random.int(listCount - 1 - j)]!,
        description: 'Owning team',
        ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE',
        membershipKind: 'MEMBERSHIP_KIND_LIST',
      });
    }
    const grants: string[] = roleCount > 0 ? [roleNames[random.int(roleCount)]!] : [];
    const isStatic = random.next() < 0.05;
    accessLists[j] = {
      header: { kind: 'access_list', version: 'v1', metadata: { name: listNames[j]! } },
      spec: {
        title: `Bench list ${j + 1}`,
        description: `Generated access list ${j + 1}`,
        owners,
        ...(isStatic
          ? {}
          : {
              audit: {
                nextAuditDate: daysFromNow(random.int(360) - 90),
                recurrence: {
                  frequency: random.pick(FREQUENCIES),
                  dayOfMonth: random.pick(DAYS_OF_MONTH),
                },
                notifications: { start: { seconds: 14 * DAY_S, nanos: 0 } },
              },
            }),
        membershipRequires:
          j % 4 === 0 && roleCount > 0
            ? {
                roles: [roleNames[random.int(roleCount)]!],
                traits: [{ key: 'team', values: [random.pick(TEAMS)] }],
              }
            : { roles: [], traits: [] },
        grants: {
          roles: grants,
          traits: j % 3 === 0 ? [{ key: 'logins', values: ['ubuntu'] }] : [],
        },
        type: isStatic ? 'static' : '',
      },
      status: { memberCount: perList[j]!, memberListCount: memberListCounts[j]! },
    };
  }

  // Reviews.
  const reviews: AccessListReview[] = new Array<AccessListReview>(reviewCount);
  for (let r = 0; r < reviewCount; r += 1) {
    const reviewers = [userNames[random.int(userCount)]!];
    if (random.next() < 0.3) {
      const second = userNames[random.int(userCount)]!;
      if (second !== reviewers[0]) {
        reviewers.push(second);
      }
    }
    const spec: NonNullable<AccessListReview['spec']> = {
      accessList: listNames[random.int(listCount)]!,
      reviewers,
      reviewDate: daysFromNow(-(1 + random.int(730))),
      notes: REVIEW_NOTES[r % REVIEW_NOTES.length]!,
    };
    if (random.next() < 0.2) {
      spec.changes = { removedMembers: [userNames[random.int(userCount)]!] };
    }
    reviews[r] = {
      header: { kind: 'access_list_review', version: 'v1', metadata: { name: indexUuid(r, 'a') } },
      spec,
    };
  }

  return { ping: ping(now), users, roles, accessLists, members, reviews };
}
