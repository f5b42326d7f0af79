import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type {
  Role as AccessRole,
  RoleConditions as AccessRoleConditions,
} from '../../evaluators/access';
import type { LabelValues, RoleConditions, RoleRule, RoleV6 } from '../../teleport';

type RoleOptions = NonNullable<NonNullable<RoleV6['spec']>['options']>;
import { Entities } from '../constants';
import {
  definedOnly,
  enumValue,
  keys,
  labelSelectors,
  nonEmpty,
  nonEmptyString,
  scalarIn,
} from '../graph-values';

/** Teleport marks its preset roles with this label. */
const PRESET_LABEL = 'teleport.internal/resource-type';

/**
 * Resources whose write access lets a holder grant themselves (or anyone) access: roles, users,
 * access lists and their members, join tokens, CAs, SSO connectors that map identities to roles,
 * and bots.
 */
const SENSITIVE_RESOURCES = new Set([
  'role',
  'user',
  'access_list',
  'access_list_member',
  'token',
  'cert_authority',
  'saml',
  'oidc',
  'github',
  'auth_connector',
  'bot',
  '*',
]);
const WRITE_VERBS = new Set(['create', 'update', 'delete', 'rotate', 'create_enroll_token', '*']);

/** `user,role:list,read`: one string a rule, for display and search. */
function ruleText(rule: RoleRule): string {
  return `${(rule.resources ?? []).join(',')}:${(rule.verbs ?? []).join(',')}`;
}

function unique(values: Iterable<string>): string[] | undefined {
  const set = [...new Set(values)].filter((value) => value !== '');
  return set.length > 0 ? set.sort() : undefined;
}

/** True when the rules give write access to something that controls access itself, or everything. */
export function grantsAdministration(rules: RoleRule[] | undefined): boolean {
  return (rules ?? []).some(
    (rule) =>
      (rule.resources ?? []).some((resource) => SENSITIVE_RESOURCES.has(resource)) &&
      (rule.verbs ?? []).some((verb) => WRITE_VERBS.has(verb)),
  );
}

function isWildcardRule(rule: RoleRule): boolean {
  return (rule.resources ?? []).includes('*') && (rule.verbs ?? []).includes('*');
}

/** Properties for one side (allow or deny) of a role, prefixed with that side's name. */
function conditionProperties(
  side: 'allow' | 'deny',
  conditions: RoleConditions | undefined,
): Record<string, unknown> {
  const c = conditions ?? {};
  const rules = c.rules ?? [];
  return {
    [`${side}Logins`]: nonEmpty(c.logins),
    [`${side}WindowsDesktopLogins`]: nonEmpty(c.windowsDesktopLogins),
    [`${side}NodeLabels`]: nonEmpty(labelSelectors(c.nodeLabels)),
    [`${side}AppLabels`]: nonEmpty(labelSelectors(c.appLabels)),
    [`${side}DatabaseLabels`]: nonEmpty(labelSelectors(c.databaseLabels)),
    [`${side}KubernetesLabels`]: nonEmpty(labelSelectors(c.kubernetesLabels)),
    [`${side}WindowsDesktopLabels`]: nonEmpty(labelSelectors(c.windowsDesktopLabels)),
    [`${side}ClusterLabels`]: nonEmpty(labelSelectors(c.clusterLabels)),
    [`${side}NodeLabelsExpression`]: nonEmptyString(c.nodeLabelsExpression),
    [`${side}AppLabelsExpression`]: nonEmptyString(c.appLabelsExpression),
    [`${side}ClusterLabelsExpression`]: nonEmptyString(c.clusterLabelsExpression),
    [`${side}KubernetesLabelsExpression`]: nonEmptyString(c.kubernetesLabelsExpression),
    [`${side}DatabaseLabelsExpression`]: nonEmptyString(c.databaseLabelsExpression),
    [`${side}DatabaseServiceLabelsExpression`]: nonEmptyString(c.databaseServiceLabelsExpression),
    [`${side}WindowsDesktopLabelsExpression`]: nonEmptyString(c.windowsDesktopLabelsExpression),
    [`${side}GroupLabelsExpression`]: nonEmptyString(c.groupLabelsExpression),
    [`${side}WorkloadIdentityLabelsExpression`]: nonEmptyString(c.workloadIdentityLabelsExpression),
    [`${side}Rules`]: nonEmpty(rules.map(ruleText)),
    [`${side}RuleResources`]: unique(rules.flatMap((rule) => rule.resources ?? [])),
    [`${side}RuleVerbs`]: unique(rules.flatMap((rule) => rule.verbs ?? [])),
    [`${side}KubeGroups`]: nonEmpty(c.kubeGroups),
    [`${side}KubeUsers`]: nonEmpty(c.kubeUsers),
    [`${side}KubernetesResources`]: nonEmpty(
      (c.kubernetesResources ?? []).map(
        (resource) =>
          `${resource.kind ?? ''}:${resource.namespace ?? ''}/${resource.name ?? ''}:${(resource.verbs ?? []).join(',')}`,
      ),
    ),
    [`${side}DatabaseNames`]: nonEmpty(c.databaseNames),
    [`${side}DatabaseUsers`]: nonEmpty(c.databaseUsers),
    [`${side}DatabaseRoles`]: nonEmpty(c.databaseRoles),
    [`${side}AwsRoleArns`]: nonEmpty(c.awsRoleArns),
    [`${side}AzureIdentities`]: nonEmpty(c.azureIdentities),
    [`${side}GcpServiceAccounts`]: nonEmpty(c.gcpServiceAccounts),
    [`${side}HostSudoers`]: nonEmpty(c.hostSudoers),
    [`${side}ImpersonateUsers`]: nonEmpty(c.impersonate?.users),
    [`${side}ImpersonateRoles`]: nonEmpty(c.impersonate?.roles),
    [`${side}RequestRoles`]: nonEmpty(c.request?.roles),
    [`${side}RequestSearchAsRoles`]: nonEmpty(c.request?.searchAsRoles),
    [`${side}ReviewRequestRoles`]: nonEmpty(c.reviewRequests?.roles),
  };
}

export type PortForwardMode = 'on' | 'off' | 'local' | 'remote';

/**
 * The SSH port forwarding one role allows, as upstream's RoleSet.SSHPortForwardMode
 * (lib/services/role.go) decides it for a set of that role alone: `ssh_port_forwarding` when the
 * role has it (a local or remote `enabled: false` denies that direction), the legacy
 * `port_forwarding` only when it does not. Undefined when the role sets neither, which upstream
 * treats as allowed unless another role of the user denies it.
 */
export function portForwardModeOf(options: RoleOptions | undefined): PortForwardMode | undefined {
  const config = options?.sshPortForwarding;
  if (config === undefined) {
    const legacy = scalarIn(options?.portForwarding, 'value', false);
    return legacy === undefined ? undefined : legacy ? 'on' : 'off';
  }
  const denyLocal = scalarIn(config.local?.enabled, 'value', false) === false;
  const denyRemote = scalarIn(config.remote?.enabled, 'value', false) === false;
  if (denyLocal && denyRemote) {
    return 'off';
  }
  return denyRemote ? 'local' : denyLocal ? 'remote' : 'on';
}

export function createRoleEntity(role: RoleV6): Entity {
  const name = role.metadata?.name ?? '';
  const allow = role.spec?.allow;
  const options = role.spec?.options;
  const mfa = enumValue(options?.requireMfaType, '', 'off');
  const portForwardMode = portForwardModeOf(options);
  const maxSessionTtlNanos = options?.maxSessionTtl;
  const impersonatesAnyone =
    (allow?.impersonate?.users ?? []).includes('*') ||
    (allow?.impersonate?.roles ?? []).includes('*');
  return createIntegrationEntity({
    entityData: {
      source: role,
      assign: {
        _key: keys.role(name),
        _type: Entities.ROLE._type,
        _class: Entities.ROLE._class,
        name,
        displayName: name,
        systemRole: role.metadata?.labels?.[PRESET_LABEL] === 'preset',
        superAdmin: (allow?.rules ?? []).some(isWildcardRule),
        admin: grantsAdministration(allow?.rules) || impersonatesAnyone,
        requireSessionMfa: mfa !== 'off',
        ...definedOnly({
          description: nonEmptyString(role.metadata?.description),
          version: nonEmptyString(role.version),
          sessionMfaRequirement: mfa,
          maxSessionTtl: maxSessionTtlNanos ? Math.round(maxSessionTtlNanos / 1e9) : undefined,
          forwardAgent: options?.forwardAgent,
          portForwardingMode: portForwardMode,
          // Both directions allowed, as upstream's RoleSet.CanPortForward asks.
          portForwarding: portForwardMode === undefined ? undefined : portForwardMode === 'on',
          ...conditionProperties('allow', allow),
          ...conditionProperties('deny', role.spec?.deny),
        }),
      },
    },
  });
}

function selectorOf(labels: LabelValues | undefined): Record<string, string[]> | undefined {
  const entries = Object.entries(labels?.values ?? {});
  return entries.length > 0
    ? Object.fromEntries(entries.map(([key, values]) => [key, [...(values?.values ?? [])]]))
    : undefined;
}

function conditionsOf(conditions: RoleConditions | undefined): AccessRoleConditions {
  const c = conditions ?? {};
  return {
    namespaces: nonEmpty(c.namespaces),
    node_labels: selectorOf(c.nodeLabels),
    node_labels_expression: nonEmptyString(c.nodeLabelsExpression),
    app_labels: selectorOf(c.appLabels),
    app_labels_expression: nonEmptyString(c.appLabelsExpression),
    kubernetes_labels: selectorOf(c.kubernetesLabels),
    kubernetes_labels_expression: nonEmptyString(c.kubernetesLabelsExpression),
    db_labels: selectorOf(c.databaseLabels),
    db_labels_expression: nonEmptyString(c.databaseLabelsExpression),
    windows_desktop_labels: selectorOf(c.windowsDesktopLabels),
    windows_desktop_labels_expression: nonEmptyString(c.windowsDesktopLabelsExpression),
    logins: nonEmpty(c.logins),
    windows_desktop_logins: nonEmpty(c.windowsDesktopLogins),
    kubernetes_groups: nonEmpty(c.kubeGroups),
    kubernetes_users: nonEmpty(c.kubeUsers),
    db_users: nonEmpty(c.databaseUsers),
    db_names: nonEmpty(c.databaseNames),
  };
}

/** The role as the access evaluator reads it: the fields named as in Teleport's role YAML. */
export function accessRoleOf(role: RoleV6): AccessRole {
  return {
    name: role.metadata?.name ?? '',
    version: nonEmptyString(role.version) ?? 'v7',
    allow: conditionsOf(role.spec?.allow),
    deny: conditionsOf(role.spec?.deny),
  };
}
