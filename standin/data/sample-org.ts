/**
 * The sample organisation ("Acme"): a small, hand-written cluster that tests and `npm run demo`
 * use, with the awkward cases of each resource. A pure function of `now` (which defaults to a
 * fixed instant so snapshots stay stable); the benchmark's large clusters are in ./scaled-org.ts.
 */
import { goMarshal } from '../protobuf-wire';
import type { ClusterData } from '../cluster-data';
import { clusterAuthPreference } from '../services/auth';
import type {
  AccessList,
  AccessListMember,
  AccessRequestV3,
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
  DatabaseServerV3,
  Device,
  GithubConnectorV3,
  KubernetesServerV3,
  LockV2,
  OidcConnectorV3,
  AppServerV3,
  SamlConnectorV2,
  ServerV2,
  WindowsDesktopV3,
} from '../../src/teleport/types';
import {
  DEFAULT_NOW,
  MINUTE_MS,
  HOUR_MS,
  DAY_MS,
  DAY_S,
  HOUR_NS,
  YEAR_ONE_SECONDS,
  PRESET_LABELS,
  ts,
  tsSeconds,
  shift,
  labels,
  auditDate,
  ping,
} from './common';

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
    role('team-hosts', "SSH to the hosts of one's own team, as one's email name", {
      options: { maxSessionTtl: 8 * HOUR_NS },
      allow: {
        logins: ['{{email.local(external.email)}}'],
        nodeLabelsExpression: 'contains(user.spec.traits["team"], labels["team"])',
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
        // Contractors never reach production desktops (the domain controller and finance).
        windowsDesktopLabels: labels({ env: ['prod'] }),
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
        roles: ['editor', 'access', 'auditor', 'wildcard-admin'],
        traits: traits({ logins: ['admin', 'ubuntu'], windows_logins: ['Administrator'] }),
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
        roles: ['access', 'k8s-dev', 'team-hosts'],
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
  return clusterAuthPreference('dynamic', {
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
  });
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
 * The settings every collection of the sample organisation uses beside the connection (the demo,
 * the end-to-end, image and question tests): production resources spelled out per user.
 */
export const SAMPLE_COLLECT_SETTINGS = { EXACT_ACCESS_LABELS: 'env=prod' } as const;

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
    nodes: sampleNodes(),
    appServers: sampleAppServers(),
    kubeServers: sampleKubeServers(),
    databaseServers: sampleDatabaseServers(),
    windowsDesktops: sampleWindowsDesktops(),
    userLoginStates: sampleUserLoginStates(),
    accessRequests: sampleAccessRequests(now),
  };
}

/** IDs (metadata names) of the sample organisation's access requests, for tests that look them up. */
export const sampleAccessRequestIds = {
  /** kevin's prod-ssh, approved by alice (a fellow Platform engineer), four hours. */
  kevinApproved: 'a7c1e2d3-0b4f-4e5a-9c6d-1e2f3a4b5c6d',
  /** ivan's prod-ssh, awaiting review. */
  ivanPending: 'b8d2f3e4-1c5a-4f6b-8d7e-2f3a4b5c6d7e',
  /** carol's access to the web-1 node only, approved by judy, a day long. */
  carolResource: 'c9e3a4f5-2d6b-4a7c-9e8f-3a4b5c6d7e8f',
  /** kevin's prod-ssh of yesterday, approved, past its access expiry. */
  kevinExpired: 'd0f4b5a6-3e7c-4b8d-8f9a-4b5c6d7e8f90',
  /** ivan's earlier prod-ssh, denied by judy. */
  ivanDenied: 'e1a5c6b7-4f8d-4c9e-9a0b-5c6d7e8f9a01',
} as const;

/** The web-1 node carol's request names, as Teleport writes a requested resource. */
export const SAMPLE_WEB_1_NODE = '5f0c6f4e-2b1a-4d8e-9c3b-7a6e5d4c3b2a';

/**
 * Access requests in every state the integration meets: one pending, one approved for a role, one
 * approved for a single node (resource-scoped), one approved but past its access expiry, and one
 * denied. Approval sets the resource expiry to the access expiry (lib/services/access_request.go
 * `ApplyAccessReview`); the expired one has none, so the listing still returns it and only its
 * access expiry says it is over.
 */
function sampleAccessRequests(now: Date): AccessRequestV3[] {
  const at = (ms: number): Timestamp => ts(shift(now, ms));
  const ids = sampleAccessRequestIds;
  const request = (id: string, spec: NonNullable<AccessRequestV3['spec']>): AccessRequestV3 => ({
    kind: 'access_request',
    version: 'v3',
    metadata: { name: id },
    spec,
  });
  const suggested = ['alice@acme.com', 'judy@acme.com'];
  type Review = NonNullable<NonNullable<AccessRequestV3['spec']>['reviews']>[number];
  const review = (
    author: string,
    proposedState: Review['proposedState'],
    created: Timestamp,
    reason?: string,
  ): Review => ({
    author,
    proposedState,
    created,
    ...(reason === undefined ? {} : { reason }),
  });
  return [
    request(ids.kevinApproved, {
      user: 'kevin@acme.com',
      roles: ['prod-ssh'],
      state: 'APPROVED',
      created: at(-1 * HOUR_MS),
      expires: at(3 * HOUR_MS),
      sessionTtl: at(3 * HOUR_MS),
      resourceExpiry: at(3 * HOUR_MS),
      requestReason: 'Hotfix for INC-4821 on the production web tier',
      resolveReason: 'On call this week',
      suggestedReviewers: suggested,
      reviews: [review('alice@acme.com', 'APPROVED', at(-50 * MINUTE_MS), 'On call this week')],
    }),
    request(ids.ivanPending, {
      user: 'ivan@contractor.io',
      roles: ['prod-ssh'],
      state: 'PENDING',
      created: at(-20 * MINUTE_MS),
      expires: at(8 * HOUR_MS),
      sessionTtl: at(8 * HOUR_MS),
      resourceExpiry: at(7 * DAY_MS),
      requestReason: 'Check the staging-to-production migration',
      suggestedReviewers: suggested,
    }),
    request(ids.carolResource, {
      user: 'carol@acme.com',
      roles: ['access'],
      state: 'APPROVED',
      created: at(-2 * HOUR_MS),
      expires: at(22 * HOUR_MS),
      sessionTtl: at(10 * HOUR_MS),
      resourceExpiry: at(22 * HOUR_MS),
      requestReason: 'Quarterly data export from the web tier',
      resolveReason: 'One node, one day',
      requestedResourceIds: [
        { clusterName: 'acme.teleport.sh', kind: 'node', name: SAMPLE_WEB_1_NODE },
      ],
      reviews: [review('judy@acme.com', 'APPROVED', at(-90 * MINUTE_MS), 'One node, one day')],
    }),
    request(ids.kevinExpired, {
      user: 'kevin@acme.com',
      roles: ['prod-ssh'],
      state: 'APPROVED',
      created: at(-30 * HOUR_MS),
      expires: at(-26 * HOUR_MS),
      sessionTtl: at(-26 * HOUR_MS),
      requestReason: 'Customer demo environment',
      reviews: [review('judy@acme.com', 'APPROVED', at(-29 * HOUR_MS))],
    }),
    request(ids.ivanDenied, {
      user: 'ivan@contractor.io',
      roles: ['prod-ssh'],
      state: 'DENIED',
      created: at(-2 * HOUR_MS),
      expires: at(6 * HOUR_MS),
      resourceExpiry: at(6 * HOUR_MS),
      requestReason: 'Look at the production logs',
      resolveReason: 'Contractors work in staging',
      reviews: [
        review('judy@acme.com', 'DENIED', at(-100 * MINUTE_MS), 'Contractors work in staging'),
      ],
    }),
  ];
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

/**
 * SSH nodes: production hosts on AWS (one whose `arch` comes from a command label), a staging host
 * on Google Compute Engine that dials in through a reverse tunnel, a CI runner on Azure (both
 * installed by Teleport's discovery, with its labels: lib/srv/server/installer/autodiscover.go
 * `fetchNodeAutoDiscoverLabels`), and a developer box without labels.
 */
function sampleNodes(): ServerV2[] {
  const node = (
    id: string,
    hostname: string,
    labels: Record<string, string>,
    spec: NonNullable<ServerV2['spec']> = {},
  ): ServerV2 => ({
    kind: 'node',
    version: 'v2',
    metadata: { name: id, labels },
    spec: { hostname, version: '17.4.8', ...spec },
  });
  // As an EC2 Instance Connect node carries them (lib/srv/discovery/common/server.go
  // NewAWSNodeFromEC2Instance), and as an agent's own heartbeat does: account and instance id only
  // (lib/inventory/metadata/metadata.go fetchCloudMetadata).
  const aws = (instanceId: string) => ({
    aws: {
      accountId: '123456789012',
      instanceId,
      region: 'eu-west-1',
      vpcId: 'vpc-0a1b2c3d',
      subnetId: 'subnet-0f1e2d3c',
    },
  });
  const heartbeat = (instanceId: string) => ({ aws: { accountId: '123456789012', instanceId } });
  return [
    node(
      SAMPLE_WEB_1_NODE,
      'web-1.prod.acme.internal',
      { env: 'prod', team: 'platform', 'teleport.dev/origin': 'config-file' },
      { addr: '10.0.1.10:3022', cloudMetadata: aws('i-0123456789abcdef0') },
    ),
    node(
      '6a1d7e5f-3c2b-4e9f-8d4c-8b7f6e5d4c3b',
      'db-1.prod.acme.internal',
      { env: 'prod', team: 'data', arch: 'unknown' },
      {
        addr: '10.0.2.20:3022',
        cmdLabels: {
          arch: { period: 3_600_000_000_000, command: ['uname', '-m'], result: 'x86_64' },
        },
        cloudMetadata: heartbeat('i-0fedcba9876543210'),
      },
    ),
    node(
      '7b2e8f6a-4d3c-4f0a-9e5d-9c8a7f6e5d4c',
      'app-1.staging.acme.internal',
      {
        env: 'staging',
        team: 'platform',
        'teleport.dev/project-id': 'acme-staging',
        'teleport.internal/project-id': 'acme-staging',
        'teleport.internal/zone': 'europe-west1-b',
        'teleport.internal/name': 'app-1',
      },
      { useTunnel: true },
    ),
    node(
      '9d4a0b8c-6f5e-4b2c-9a7f-be0c9b8a7f6e',
      'ci-runner-1',
      {
        team: 'ci',
        'teleport.internal/subscription-id': '0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b',
        'teleport.internal/vm-id': '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
        'teleport.internal/region': 'westeurope',
        'teleport.internal/resource-group': 'ci-runners',
      },
      { addr: '10.8.0.4:3022' },
    ),
    node('8c3f9a7b-5e4d-4a1b-8f6e-ad9b8a7f6e5d', 'erin-laptop', {}, { addr: '192.0.2.44:3022' }),
  ];
}

/**
 * Kubernetes clusters as their kube agents report them: the production EKS cluster served by two
 * agents (high availability: two records, one cluster), a staging EKS cluster whose `k8s-version`
 * label comes from a command, the data team's GKE cluster, and a developer cluster without labels.
 */
function sampleKubeServers(): KubernetesServerV3[] {
  const agent = (
    hostname: string,
    hostId: string,
    cluster: NonNullable<NonNullable<KubernetesServerV3['spec']>['cluster']>,
  ): KubernetesServerV3 => ({
    kind: 'kube_server',
    version: 'v3',
    metadata: { name: cluster.metadata?.name },
    spec: { hostname, hostId, version: '17.4.8', cluster },
  });
  const eks = (name: string, labels: Record<string, string>, dynamic = {}) => ({
    kind: 'kube_cluster',
    version: 'v3',
    metadata: { name, labels: { ...labels, 'teleport.dev/cloud': 'AWS' } },
    spec: {
      dynamicLabels: dynamic,
      aws: { accountId: '123456789012', region: 'eu-west-1', name },
    },
  });
  const prod = eks('prod-eks', { env: 'prod', team: 'platform' });
  return [
    agent('kube-agent-a', '0b5c2d7e-1f3a-4c6b-9d8e-1a2b3c4d5e6f', prod),
    agent('kube-agent-b', '1c6d3e8f-2a4b-4d7c-8e9f-2b3c4d5e6f70', prod),
    agent(
      'kube-agent-staging',
      '2d7e4f9a-3b5c-4e8d-9f0a-3c4d5e6f7081',
      eks(
        'staging-eks',
        { env: 'staging', team: 'platform' },
        {
          'k8s-version': {
            period: 3_600_000_000_000,
            command: ['kubectl', 'version', '--short'],
            result: 'v1.31',
          },
        },
      ),
    ),
    agent('kube-agent-gke', '4f9a6b1c-5d7e-4a0f-9b2c-5e6f708192a4', {
      kind: 'kube_cluster',
      version: 'v3',
      metadata: { name: 'analytics-gke', labels: { team: 'data', 'teleport.dev/cloud': 'GCP' } },
      spec: { gcp: { projectId: 'acme-data', location: 'europe-west1', name: 'analytics' } },
    }),
    agent('erin-laptop', '3e8f5a0b-4c6d-4f9e-8a1b-4d5e6f708192', {
      kind: 'kube_cluster',
      version: 'v3',
      metadata: { name: 'erin-kind' },
      spec: {},
    }),
  ];
}

/**
 * Databases as their database agents report them: the production RDS PostgreSQL instance served
 * by two agents (high availability: two records, one database), an Aurora MySQL cluster whose AWS
 * facts the agent discovered (status) and whose `role` comes from a command, Cloud SQL PostgreSQL
 * and MySQL instances, and a staging CockroachDB whose URI carries a user and password (the
 * integration keeps neither).
 */
function sampleDatabaseServers(): DatabaseServerV3[] {
  type Database = NonNullable<NonNullable<DatabaseServerV3['spec']>['database']>;
  const agent = (hostname: string, hostId: string, database: Database): DatabaseServerV3 => ({
    kind: 'db_server',
    version: 'v3',
    metadata: { name: database.metadata?.name },
    spec: { hostname, hostId, version: '17.4.8', database },
  });
  // A Cloud SQL instance (DatabaseV3.GetGCP) served by the GCP database agent.
  const cloudSql = (
    name: string,
    team: string,
    protocol: string,
    uri: string,
    projectId: string,
    instanceId: string,
  ) =>
    agent('db-agent-gcp', '7c2d9e4f-8a0b-4d3c-9e5f-8192a3b4c5d7', {
      kind: 'db',
      version: 'v3',
      metadata: { name, labels: { team, 'teleport.dev/cloud': 'GCP' } },
      spec: { protocol, uri, gcp: { projectId, instanceId } },
    });
  const orders: Database = {
    kind: 'db',
    version: 'v3',
    metadata: {
      name: 'orders-prod',
      description: 'Orders (RDS PostgreSQL)',
      labels: { env: 'prod', team: 'data', engine: 'postgres', 'teleport.dev/cloud': 'AWS' },
    },
    spec: {
      protocol: 'postgres',
      uri: 'orders-prod.c9akciq32.eu-west-1.rds.amazonaws.com:5432',
      aws: {
        region: 'eu-west-1',
        accountId: '123456789012',
        rds: { instanceId: 'orders-prod', resourceId: 'db-ABCDEFGHIJKLMNOP', iamAuth: true },
      },
    },
  };
  return [
    agent('db-agent-a', '4f9a6b1c-5d7e-4a0f-9b2c-5e6f708192a3', orders),
    agent('db-agent-b', '5a0b7c2d-6e8f-4b1a-8c3d-6f708192a3b4', orders),
    agent('db-agent-a', '4f9a6b1c-5d7e-4a0f-9b2c-5e6f708192a3', {
      kind: 'db',
      version: 'v3',
      metadata: { name: 'analytics', labels: { env: 'prod', team: 'data' } },
      spec: {
        protocol: 'mysql',
        uri: 'analytics.cluster-c9akciq32.eu-west-1.rds.amazonaws.com:3306',
        dynamicLabels: {
          role: {
            period: 600_000_000_000,
            command: ['/usr/local/bin/aurora-role', 'analytics'],
            result: 'writer',
          },
        },
      },
      status: {
        aws: {
          region: 'eu-west-1',
          accountId: '123456789012',
          rds: { clusterId: 'analytics', resourceId: 'cluster-QRSTUVWXYZ012345' },
        },
      },
    }),
    cloudSql('reports', 'data', 'postgres', '10.20.0.3:5432', 'acme-data', 'reports'),
    cloudSql('billing', 'payments', 'mysql', '10.20.0.5:3306', 'acme-payments', 'billing-mysql'),
    agent('db-agent-staging', '6b1c8d3e-7f9a-4c2b-9d4e-708192a3b4c5', {
      kind: 'db',
      version: 'v3',
      metadata: { name: 'ledger-staging', labels: { env: 'staging', team: 'payments' } },
      spec: {
        protocol: 'cockroachdb',
        uri: 'postgres://teleport:s3cr3t@ledger.staging.acme.internal:26257/ledger',
      },
    }),
  ];
}

/**
 * Windows desktops as Windows Desktop Services report them: a domain controller that two services
 * report (two records, one desktop), a domain-joined workstation, and a standalone kiosk known only
 * by its IP address.
 */
function sampleWindowsDesktops(): WindowsDesktopV3[] {
  const desktop = (
    name: string,
    labels: Record<string, string>,
    spec: NonNullable<WindowsDesktopV3['spec']>,
  ): WindowsDesktopV3 => ({
    header: { kind: 'windows_desktop', version: 'v3', metadata: { name, labels } },
    spec,
  });
  const dc1 = (hostId: string) =>
    desktop(
      'dc1-acme-local',
      { env: 'prod', 'teleport.dev/ou': 'OU=Domain Controllers,DC=acme,DC=local' },
      { addr: 'dc1.acme.local:3389', domain: 'acme.local', hostId },
    );
  return [
    dc1('7c2d9e4f-8a0b-4d3c-8e5f-8192a3b4c5d6'),
    dc1('8d3e0f5a-9b1c-4e4d-9f6a-92a3b4c5d6e7'),
    desktop(
      'ws-finance-01-acme-local',
      { env: 'prod', team: 'finance' },
      {
        addr: 'ws-finance-01.acme.local:3389',
        domain: 'acme.local',
        hostId: '7c2d9e4f-8a0b-4d3c-8e5f-8192a3b4c5d6',
      },
    ),
    desktop(
      'kiosk-7',
      { env: 'staging' },
      { addr: '10.0.5.17:3389', nonAd: true, hostId: '8d3e0f5a-9b1c-4e4d-9f6a-92a3b4c5d6e7' },
    ),
  ];
}

/**
 * Applications: Grafana served by two agents (high availability), with a dynamic label, and an
 * internal wiki whose URI carries credentials the graph must not keep.
 */
function sampleAppServers(): AppServerV3[] {
  const grafana = {
    kind: 'app',
    version: 'v3',
    metadata: {
      name: 'grafana',
      description: 'Dashboards',
      labels: { env: 'prod', team: 'platform' },
    },
    spec: {
      uri: 'http://grafana.monitoring.svc:3000',
      publicAddr: 'grafana.acme.teleport.sh',
      dynamicLabels: {
        region: { period: 3_600_000_000_000, command: ['cat', '/etc/region'], result: 'eu-west-1' },
      },
    },
  };
  const agent = (
    hostId: string,
    hostname: string,
    app: NonNullable<AppServerV3['spec']>['app'],
  ): AppServerV3 => ({
    kind: 'app_server',
    version: 'v3',
    metadata: { name: app?.metadata?.name ?? '' },
    spec: { version: '17.4.8', hostname, hostId, app },
  });
  return [
    agent('c1d2e3f4-0000-4000-8000-000000000001', 'app-agent-1', grafana),
    agent('c1d2e3f4-0000-4000-8000-000000000002', 'app-agent-2', grafana),
    agent('c1d2e3f4-0000-4000-8000-000000000001', 'app-agent-1', {
      kind: 'app',
      version: 'v3',
      metadata: { name: 'wiki', labels: { env: 'staging' } },
      spec: { uri: 'https://editor:hunter2@wiki.internal:8443/start?token=abc' },
    }),
  ];
}
