/**
 * Whether a set of roles, with a user's traits, grants access to a resource and with which
 * principals, as Teleport v18 decides it. Pure, no I/O. Each rule names its upstream function
 * (gravitational/teleport v18.0.0):
 *
 * - api/types/role.go `CheckAndSetDefaults`: the stored role's defaults (namespaces, v3 labels).
 * - lib/services/role.go `ApplyTraits`: templates in principals and label selectors.
 * - role.go `RoleSet.checkAccess`: deny first over every role (namespace, then labels or any
 *   principal), then one single role must match namespace, labels and every principal.
 * - role.go `CheckLabelsMatch`: allow needs labels and expression both (when set); deny either.
 * - api/types/role.go `GetLabelMatchers`: which selector applies to which kind.
 * - lib/services/access_checker.go `GetAllowedLoginsForResource`, `EnumerateEntities`;
 *   role.go `CheckKubeGroupsAndUsers` with `kubernetesClusterLabelMatcher`.
 *
 * Assumed, as Teleport's own listings assume (`AccessState{MFAVerified: true}`): per-session MFA
 * and device trust are satisfied. Access requests, Kubernetes resources inside a cluster, AWS
 * role ARNs and database roles/permissions are outside this module.
 */
import type { KindResources, ResourceCatalog } from './catalog';
import { Unevaluable, UpstreamError } from './go-regexp';
import { compileLabelExpression, CompiledLabelExpression } from './label-expressions';
import {
  compileSelector,
  CompiledSelector,
  LabelSelector,
  MatchOutcome,
  Outcomes,
  ResourceLabels,
} from './label-selectors';
import {
  Applied,
  applyLabelsTraits,
  applyValueTraitsSlice,
  deduplicate,
  isValidUnixLogin,
  isValidWindowsLogin,
  Traits,
} from './templates';
import { traitKeysReadBy } from './trait-keys';

export type ResourceKind = 'node' | 'kube_cluster' | 'db' | 'app' | 'windows_desktop';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'node',
  'kube_cluster',
  'db',
  'app',
  'windows_desktop',
];

/** The role fields that matter here, named as in Teleport's role YAML. */
export interface RoleConditions {
  namespaces?: string[];
  node_labels?: LabelSelector;
  node_labels_expression?: string;
  app_labels?: LabelSelector;
  app_labels_expression?: string;
  kubernetes_labels?: LabelSelector;
  kubernetes_labels_expression?: string;
  db_labels?: LabelSelector;
  db_labels_expression?: string;
  windows_desktop_labels?: LabelSelector;
  windows_desktop_labels_expression?: string;
  logins?: string[];
  windows_desktop_logins?: string[];
  kubernetes_groups?: string[];
  kubernetes_users?: string[];
  db_users?: string[];
  db_names?: string[];
}

export interface Role {
  name: string;
  /** `v3` … `v8`. */
  version: string;
  allow?: RoleConditions;
  deny?: RoleConditions;
}

export interface Resource {
  kind: ResourceKind;
  name: string;
  labels: ResourceLabels;
  /** Database facts that change how `db_users` match (api/types/database.go). */
  db?: {
    /** CockroachDB: users compare case-insensitively (`IsUsernameCaseInsensitive`). */
    caseInsensitiveUsers?: boolean;
    /** MongoDB Atlas, Redshift and AWS databases that take IAM role names as users. */
    awsIamRoleUsers?: boolean;
    /** An admin user is set: auto-provisioning may replace `db_users` (`IsAutoUsersEnabled`). */
    autoUserProvisioning?: boolean;
  };
}

/** `allowed`/`denied` are Teleport's answer; `error`: Teleport fails the check (no access). */
export type Decision = 'allowed' | 'denied' | 'error' | 'unevaluated';

export interface Enumeration {
  /** Named principals the check allows (empty when `*` is denied). */
  allowed: string[];
  /** Named principals the check refuses. */
  denied: string[];
  /** `*` allowed by a role that reaches the resource, and not denied. */
  wildcardAllowed: boolean;
  wildcardDenied: boolean;
}

export interface Principals {
  logins?: string[];
  windowsLogins?: string[];
  kubernetesGroups?: string[];
  kubernetesUsers?: string[];
  dbUsers?: Enumeration;
  dbNames?: Enumeration;
}

export interface Unevaluated {
  /** What could not be told: `access`, or a principal such as `login root`. */
  what: string;
  reason: string;
}

export interface AccessResult {
  kind: ResourceKind;
  name: string;
  /** Teleport's answer for the resource itself (its listings' check: no principal given). */
  decision: Decision;
  allowed: boolean;
  /** Why Teleport errs, or why the decision cannot be told. */
  reason?: string;
  /** Roles whose allow namespace and labels match the resource. */
  grantedBy: string[];
  /** Roles whose deny namespace and labels match the resource. */
  deniedBy: string[];
  /** Principals usable on the resource (templates applied, deny removed); only when allowed. */
  principals: Principals;
  unevaluated: Unevaluated[];
}

/** Resources that get the same answer, and that answer (with an empty `name`). */
export interface ResultClass {
  result: AccessResult;
  /** Catalog positions, ascending (compact: a partition's classes are cached for many sets). */
  positions: Int32Array;
}

// --- role compilation ----------------------------------------------------------------------------

const DEFAULT_NAMESPACE = 'default';
const WILDCARD = '*';
const KNOWN_VERSIONS = new Set(['v3', 'v4', 'v5', 'v6', 'v7', 'v8']);

const LABEL_FIELDS: Record<
  ResourceKind,
  { labels: keyof RoleConditions; expression: keyof RoleConditions }
> = {
  // api/types/role.go GetLabelMatchers.
  node: { labels: 'node_labels', expression: 'node_labels_expression' },
  kube_cluster: { labels: 'kubernetes_labels', expression: 'kubernetes_labels_expression' },
  db: { labels: 'db_labels', expression: 'db_labels_expression' },
  app: { labels: 'app_labels', expression: 'app_labels_expression' },
  windows_desktop: {
    labels: 'windows_desktop_labels',
    expression: 'windows_desktop_labels_expression',
  },
};

type PrincipalField =
  | 'logins'
  | 'windows_desktop_logins'
  | 'kubernetes_groups'
  | 'kubernetes_users'
  | 'db_users'
  | 'db_names';

interface LabelMatchers {
  /** Which side: deny matches on labels or expression, allow needs both (`CheckLabelsMatch`). */
  isDeny: boolean;
  empty: boolean;
  labels: CompiledSelector;
  expression?: CompiledLabelExpression;
  /** Templates in the selector we could not apply. */
  unevaluated: string[];
}

interface Side {
  namespaces: string[];
  matchers: Record<ResourceKind, LabelMatchers>;
  principals: Record<PrincipalField, Applied<string[]>>;
}

/**
 * role.go `CheckLabelsMatch` of one role side on the resource being evaluated. Pure, so every
 * caller may ask it once (`directLabels`) or read it from outcomes computed for many resources at
 * once (`AccessEvaluator.evaluateAll`): the answers are the same.
 */
type LabelLookup = (matchers: LabelMatchers) => MatchOutcome;

interface RoleView {
  name: string;
  invalid?: string;
  /**
   * The kinds whose answers the role can change (`kindsChangedBy`): an invalid role changes every
   * kind's; a valid one only a kind it has labels (either side) or principals (either side) for.
   * Elsewhere its labels never match and it holds no principal to grant, deny or leave
   * unevaluated, so every rule above reads it as absent and the kind's answers are those of the
   * other roles.
   */
  kinds: number;
  allow: Side;
  deny: Side;
  /** role.go `getKubeLabelMatchers`: for kube principals, empty deny labels count as `*: *`. */
  kubeDeny: LabelMatchers;
}

const selectorCache = new Map<string, CompiledSelector>();
const expressionCache = new Map<string, CompiledLabelExpression>();

function cachedSelector(selector: LabelSelector): CompiledSelector {
  const key = JSON.stringify(
    Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  let compiled = selectorCache.get(key);
  if (!compiled) {
    compiled = compileSelector(selector);
    selectorCache.set(key, compiled);
  }
  return compiled;
}

function cachedExpression(source: string): CompiledLabelExpression {
  let compiled = expressionCache.get(source);
  if (!compiled) {
    compiled = compileLabelExpression(source);
    expressionCache.set(source, compiled);
  }
  return compiled;
}

const nonEmpty = (selector: LabelSelector | undefined): selector is LabelSelector =>
  selector !== undefined && Object.keys(selector).length > 0;

/**
 * api/types/role.go `CheckAndSetDefaults`, as the server applies it to every stored role it reads
 * (lib/services/role.go `UnmarshalRoleV6` → `ValidateRole`). The backend stores roles as JSON
 * without namespaces (`json:"-"`) and with `omitempty` selectors, so an empty value here is what
 * Teleport sees as unset: the defaults are idempotent on roles read back from the server.
 */
export function withStoredDefaults(role: Role): Role {
  const allow: RoleConditions = { ...role.allow };
  const deny: RoleConditions = { ...role.deny };
  // checkAndSetRoleConditionNamespaces: unset namespaces are ["default"], on both sides.
  allow.namespaces = allow.namespaces?.length ? allow.namespaces : [DEFAULT_NAMESPACE];
  deny.namespaces = deny.namespaces?.length ? deny.namespaces : [DEFAULT_NAMESPACE];
  if (role.version === 'v3') {
    const everything = (): LabelSelector => ({ [WILDCARD]: [WILDCARD] });
    // v3: node labels default to `*` only when the role has logins (templates count).
    if (!nonEmpty(allow.node_labels) && (allow.logins?.length ?? 0) > 0) {
      allow.node_labels = everything();
    }
    if (!nonEmpty(allow.app_labels)) allow.app_labels = everything();
    if (!nonEmpty(allow.kubernetes_labels)) allow.kubernetes_labels = everything();
    if (!nonEmpty(allow.db_labels)) allow.db_labels = everything();
  }
  return { ...role, allow, deny };
}

/**
 * Compiled roles are cached for the whole collection (one per role, and one per trait values of a
 * templated role), so what most sides hold (no selector, no principal, nothing unevaluated) is one
 * shared object rather than a copy in each: read only. (The arrays are not frozen: V8 takes slower
 * paths over frozen arrays, and these are read for every class of every group.)
 */
const NOTHING: readonly string[] = [];
const NO_PRINCIPALS: Applied<string[]> = Object.freeze({
  value: NOTHING as string[],
  unevaluated: NOTHING as string[],
});
const DEFAULT_NAMESPACES: readonly string[] = [DEFAULT_NAMESPACE];
const noMatchers = (isDeny: boolean): LabelMatchers =>
  Object.freeze({
    isDeny,
    empty: true,
    labels: cachedSelector({}),
    unevaluated: NOTHING as string[],
  });
const NO_MATCHERS = { allow: noMatchers(false), deny: noMatchers(true) };
const orNothing = (values: string[]): string[] =>
  values.length > 0 ? values : (NOTHING as string[]);

function compileSide(conditions: RoleConditions, traits: Traits, isDeny: boolean): Side {
  const matchers = {} as Record<ResourceKind, LabelMatchers>;
  for (const kind of RESOURCE_KINDS) {
    const fields = LABEL_FIELDS[kind];
    const raw = conditions[fields.labels] as LabelSelector | undefined;
    const source = (conditions[fields.expression] as string | undefined) ?? '';
    if (!nonEmpty(raw) && source === '') {
      matchers[kind] = NO_MATCHERS[isDeny ? 'deny' : 'allow'];
      continue;
    }
    // ApplyTraits: only the selector is templated; expressions read traits when evaluated.
    const applied = nonEmpty(raw) ? applyLabelsTraits(raw, traits) : { value: {}, unevaluated: [] };
    matchers[kind] = {
      isDeny,
      empty: !nonEmpty(applied.value) && source === '',
      labels: cachedSelector(applied.value),
      expression: source === '' ? undefined : cachedExpression(source),
      unevaluated: orNothing(applied.unevaluated),
    };
  }
  const apply = (
    values: string[] | undefined,
    valid?: (value: string) => boolean,
  ): Applied<string[]> => {
    if (!values?.length) return NO_PRINCIPALS;
    const applied = applyValueTraitsSlice(values, traits);
    const kept = valid ? applied.value.filter(valid) : applied.value;
    return { value: orNothing(deduplicate(kept)), unevaluated: orNothing(applied.unevaluated) };
  };
  const namespaces = conditions.namespaces ?? [DEFAULT_NAMESPACE];
  return {
    namespaces:
      namespaces.length === 1 && namespaces[0] === DEFAULT_NAMESPACE
        ? (DEFAULT_NAMESPACES as string[])
        : namespaces,
    matchers,
    principals: {
      // ApplyTraits: logins filtered to valid Unix names, Windows logins to valid Windows names.
      logins: apply(conditions.logins, isValidUnixLogin),
      windows_desktop_logins: apply(conditions.windows_desktop_logins, isValidWindowsLogin),
      kubernetes_groups: apply(conditions.kubernetes_groups),
      kubernetes_users: apply(conditions.kubernetes_users),
      db_users: apply(conditions.db_users),
      db_names: apply(conditions.db_names),
    },
  };
}

/**
 * Roles without templates read no trait when compiled (label expressions read them when matched),
 * so they are compiled once and shared by every evaluator; the others once per evaluator.
 */
const traitFreeRoles = new WeakMap<Role, RoleView | null>();

function compiledRole(role: Role, traits: Traits): RoleView {
  let known = traitFreeRoles.get(role);
  if (known === undefined) {
    known = JSON.stringify(role).includes('{{') ? null : compileRole(role, {});
    traitFreeRoles.set(role, known);
  }
  return known ?? templatedRole(role, traits);
}

/**
 * Roles with templates, compiled once per distinct value of the traits they read (users share
 * trait values far more often than whole role sets), a bounded number per role.
 */
const templatedRoles = new WeakMap<
  Role,
  { reads: readonly string[] | 'all'; views: Map<string, RoleView> }
>();
const MAX_VIEWS_PER_ROLE = 256;

function templatedRole(role: Role, traits: Traits): RoleView {
  let templated = templatedRoles.get(role);
  if (!templated) {
    // Label expressions read traits when matched, not when the role is compiled.
    const reads = traitKeysReadBy(role, { expressions: false });
    templated = { reads: reads === 'all' ? 'all' : [...reads].sort(), views: new Map() };
    templatedRoles.set(role, templated);
  }
  const { reads, views } = templated;
  const key = JSON.stringify(
    reads === 'all'
      ? Object.keys(traits)
          .sort()
          .map((trait) => [trait, traits[trait]])
      : reads.length === 1
        ? (traits[reads[0] as string] ?? null)
        : reads.map((trait) => traits[trait] ?? null),
  );
  let view = views.get(key);
  if (!view) {
    view = compileRole(role, traits);
    if (views.size >= MAX_VIEWS_PER_ROLE) views.clear();
    views.set(key, view);
  }
  return view;
}

/** The principal fields each kind's answers read (`allowedLogins`, `kubePrincipals`, `enumerate`). */
const PRINCIPAL_FIELDS: Record<ResourceKind, readonly PrincipalField[]> = {
  node: ['logins'],
  windows_desktop: ['windows_desktop_logins'],
  kube_cluster: ['kubernetes_groups', 'kubernetes_users'],
  db: ['db_users', 'db_names'],
  app: [],
};

/** One bit per kind, for `RoleView.kinds` and `kindsChangedBy`. */
export const KIND_BITS = Object.fromEntries(
  RESOURCE_KINDS.map((kind, index) => [kind, 1 << index]),
) as Record<ResourceKind, number>;

/**
 * The kinds (as `KIND_BITS`) whose answers a role can change, whatever the user's traits (read
 * before templates are applied: a template can only empty a selector or a principal list, never
 * fill an empty one). Roles outside a kind's set can be left out of its evaluation without
 * changing any answer (`RoleView.kinds`, `StandingAccessEvaluator`).
 */
export function kindsChangedBy(role: Role): number {
  let bits = kindsByRole.get(role);
  if (bits === undefined) {
    bits = findKindsChangedBy(role);
    kindsByRole.set(role, bits);
  }
  return bits;
}

/** Found once per role: every compiled view of a templated role and every user key reads it. */
const kindsByRole = new WeakMap<Role, number>();

function findKindsChangedBy(role: Role): number {
  if (!KNOWN_VERSIONS.has(role.version))
    return RESOURCE_KINDS.reduce((bits, kind) => bits | KIND_BITS[kind], 0);
  const { allow = {}, deny = {} } = withStoredDefaults(role);
  let bits = 0;
  for (const kind of RESOURCE_KINDS) {
    const fields = LABEL_FIELDS[kind];
    const changes = [allow, deny].some(
      (side) =>
        nonEmpty(side[fields.labels] as LabelSelector | undefined) ||
        ((side[fields.expression] as string | undefined) ?? '') !== '' ||
        PRINCIPAL_FIELDS[kind].some((field) => (side[field]?.length ?? 0) > 0),
    );
    if (changes) bits |= KIND_BITS[kind];
  }
  return bits;
}

/** role.go `getKubeLabelMatchers`: empty deny labels count as `*: *` for kube principals. */
const KUBE_DENY_EVERYWHERE: LabelMatchers = Object.freeze({
  isDeny: true,
  empty: false,
  labels: cachedSelector({ [WILDCARD]: [WILDCARD] }),
  unevaluated: NOTHING as string[],
});

function compileRole(role: Role, traits: Traits): RoleView {
  const normalised = withStoredDefaults(role);
  const deny = compileSide(normalised.deny ?? {}, traits, true);
  const kubeDeny = deny.matchers.kube_cluster;
  const view: Omit<RoleView, 'kinds'> = {
    name: role.name,
    invalid: KNOWN_VERSIONS.has(role.version)
      ? undefined
      : `role ${role.name} has version ${JSON.stringify(role.version)}, which Teleport does not load`,
    allow: compileSide(normalised.allow ?? {}, traits, false),
    deny,
    kubeDeny: kubeDeny.empty ? KUBE_DENY_EVERYWHERE : kubeDeny,
  };
  return { ...view, kinds: kindsChangedBy(role) };
}

// --- the check -----------------------------------------------------------------------------------

/** A principal a role condition must (allow) or may (deny) hold. */
interface PrincipalMatcher {
  describe: string;
  field: PrincipalField;
  match(values: readonly string[]): boolean | Unevaluable;
}

type Outcome =
  | { result: 'allowed'; role: string }
  | { result: 'denied'; role: string }
  | { result: 'nomatch' }
  | { result: 'error'; reason: string }
  | { result: 'unevaluated'; reason: string };

function failureOutcome(failure: UpstreamError | Unevaluable, role: string): Outcome {
  return failure instanceof Unevaluable
    ? { result: 'unevaluated', reason: `role ${role}: ${failure.message}` }
    : { result: 'error', reason: `role ${role}: ${failure.message}` };
}

/** role.go `MatchNamespace`: resources here live in the default namespace. */
function matchNamespace(namespaces: readonly string[]): boolean {
  for (const namespace of namespaces) {
    if (namespace === DEFAULT_NAMESPACE || namespace === WILDCARD) return true;
  }
  return false;
}

/**
 * role.go `CheckLabelsMatch`, given the selector's and the expression's outcomes on the resource
 * (asked for only where upstream evaluates them).
 */
function checkLabelsMatch(
  matchers: LabelMatchers,
  selectorOutcome: () => MatchOutcome,
  expressionOutcome: () => MatchOutcome,
): MatchOutcome {
  const isDeny = matchers.isDeny;
  if (matchers.empty) {
    return false;
  }
  if (matchers.unevaluated.length > 0) {
    return new Unevaluable(`label selector templates: ${matchers.unevaluated.join('; ')}`);
  }
  let labelsMatch = true;
  if (!matchers.labels.empty) {
    const outcome = selectorOutcome();
    if (outcome instanceof Error) {
      return outcome;
    }
    if (isDeny && outcome) {
      return true;
    }
    labelsMatch = outcome;
  }
  if (matchers.expression) {
    const outcome = expressionOutcome();
    if (outcome instanceof Error || isDeny) {
      return outcome;
    }
    return labelsMatch && outcome;
  }
  return isDeny ? false : labelsMatch;
}

/** `CheckLabelsMatch` on one resource, each role side computed once. */
function directLabels(resource: Resource, traits: Traits): LabelLookup {
  const memo = new Map<LabelMatchers, MatchOutcome>();
  return (matchers) => {
    let outcome = memo.get(matchers);
    if (outcome === undefined) {
      outcome = checkLabelsMatch(
        matchers,
        () => matchers.labels.match(resource.labels),
        () => matchers.expression?.match(resource.labels, traits) ?? false,
      );
      memo.set(matchers, outcome);
    }
    return outcome;
  };
}

/**
 * `CheckLabelsMatch` of one role side on every resource of a kind, from the catalog's selector
 * and expression outcomes (shared by all evaluators). Where both are false so is the result
 * (`checkLabelsMatch` returns true or an error only from one of them), so only the positions
 * where either is not false are looked at.
 */
function catalogLabels(group: KindResources, matchers: LabelMatchers, traits: Traits): Outcomes {
  if (matchers.empty || matchers.unevaluated.length > 0) {
    // Decided before any label is read.
    const outcome = checkLabelsMatch(matchers, unreachable, unreachable);
    return outcome === false ? Outcomes.NONE : new Outcomes(outcome, new Map());
  }
  if (!matchers.expression) {
    // Reads no trait: the same for every evaluator holding this side (compiled roles are shared).
    return group.sideOutcomes(matchers, () => catalogSideLabels(group, matchers, traits));
  }
  return catalogSideLabels(group, matchers, traits);
}

function catalogSideLabels(
  group: KindResources,
  matchers: LabelMatchers,
  traits: Traits,
): Outcomes {
  const selector = matchers.labels.empty ? Outcomes.NONE : group.selector(matchers.labels);
  const expression = matchers.expression
    ? group.expression(matchers.expression, traits)
    : Outcomes.NONE;
  const flags = `${matchers.isDeny}${matchers.labels.empty}${matchers.expression !== undefined}`;
  return group.combine(flags, [selector, expression], () => {
    const at = (position: number) =>
      checkLabelsMatch(
        matchers,
        () => selector.get(position),
        () => expression.get(position),
      );
    const listed = new Map<number, MatchOutcome>();
    if (selector.every !== undefined || expression.every !== undefined) {
      group.resources.forEach((_, position) => {
        const outcome = at(position);
        if (outcome !== false) listed.set(position, outcome);
      });
    } else {
      for (const position of new Set([...selector.listed, ...expression.listed])) {
        const outcome = at(position);
        if (outcome !== false) listed.set(position, outcome);
      }
    }
    // True for every resource (a `*: *` selector, say): said once, so that evaluators need not
    // tell the resources apart by it.
    if (listed.size === group.resources.length && [...listed.values()].every((o) => o === true)) {
      return new Outcomes(true, new Map());
    }
    return new Outcomes(undefined, listed);
  });
}

const noLabels: LabelLookup = () => false;

/** A copy of an answer for another resource of the same kind: no two answers share an object. */
function copyResult(result: AccessResult, name: string): AccessResult {
  const copy: AccessResult = {
    kind: result.kind,
    name,
    decision: result.decision,
    allowed: result.allowed,
    grantedBy: result.grantedBy.slice(),
    deniedBy: result.deniedBy.slice(),
    principals: {},
    unevaluated: result.unevaluated.map((entry) => ({ ...entry })),
  };
  if (result.reason !== undefined) copy.reason = result.reason;
  const principals = copy.principals as Record<string, string[] | Enumeration>;
  for (const [key, value] of Object.entries(result.principals) as [
    string,
    string[] | Enumeration,
  ][]) {
    principals[key] = Array.isArray(value)
      ? value.slice()
      : { ...value, allowed: value.allowed.slice(), denied: value.denied.slice() };
  }
  return copy;
}

function unreachable(): never {
  throw new Error('label outcome asked for where CheckLabelsMatch reads no label');
}

function principalMatch(side: Side, matcher: PrincipalMatcher): boolean | Unevaluable {
  const values = side.principals[matcher.field];
  if (values.unevaluated.length > 0) {
    return new Unevaluable(`${matcher.field} templates: ${values.unevaluated.join('; ')}`);
  }
  return matcher.match(values.value);
}

export class AccessEvaluator {
  private roles: RoleView[];
  /** Per kind, an evaluator of just the roles that can change the kind's answers (null: all). */
  private readonly scopes = new Map<ResourceKind, AccessEvaluator | null>();
  private readonly candidates = new Map<
    'logins' | 'windows_desktop_logins',
    { unevaluated: readonly Unevaluated[]; logins: readonly string[] }
  >();

  /** Roles in the user's order (it decides which error Teleport meets first), and traits. */
  constructor(
    roles: readonly Role[],
    private readonly traits: Traits,
  ) {
    this.roles = roles.map((role) => compiledRole(role, traits));
  }

  /** role.go `RoleSet.checkAccess`, for `roles` (the whole set or one role). */
  private checkAccess(
    resource: Resource,
    matchers: readonly PrincipalMatcher[],
    labelsOf: LabelLookup,
    roles: readonly RoleView[] = this.roles,
  ): Outcome {
    const invalid = roles.find((role) => role.invalid);
    if (invalid) {
      return { result: 'unevaluated', reason: invalid.invalid as string };
    }
    for (const role of roles) {
      if (!matchNamespace(role.deny.namespaces)) {
        continue;
      }
      const labels = labelsOf(role.deny.matchers[resource.kind]);
      if (labels instanceof Error) {
        return failureOutcome(labels, role.name);
      }
      if (labels) {
        return { result: 'denied', role: role.name };
      }
      // Deny is greedy: any principal in the deny condition denies.
      for (const matcher of matchers) {
        const match = principalMatch(role.deny, matcher);
        if (match instanceof Error) {
          return failureOutcome(match, role.name);
        }
        if (match) {
          return { result: 'denied', role: role.name };
        }
      }
    }
    for (const role of roles) {
      if (!matchNamespace(role.allow.namespaces)) {
        continue;
      }
      const labels = labelsOf(role.allow.matchers[resource.kind]);
      if (labels instanceof Error) {
        return failureOutcome(labels, role.name);
      }
      if (!labels) {
        continue;
      }
      // Allow is not greedy: this same role must hold every principal asked for.
      let all = true;
      for (const matcher of matchers) {
        const match = principalMatch(role.allow, matcher);
        if (match instanceof Error) {
          return failureOutcome(match, role.name);
        }
        if (!match) {
          all = false;
          break;
        }
      }
      if (all) {
        return { result: 'allowed', role: role.name };
      }
    }
    return { result: 'nomatch' };
  }

  evaluate(resource: Resource): AccessResult {
    return this.evaluateWith(resource, directLabels(resource, this.traits));
  }

  /**
   * `evaluate` for every resource of the catalog, in its order, with the same answers (each its
   * own object); built on `resultClasses`.
   *
   * `onlyReached` leaves out the resources no role's allow or deny labels reach: for them
   * `evaluate` answers `denied`, with no role and no principal (unless a role is invalid, when
   * they are kept).
   */
  evaluateAll(catalog: ResourceCatalog, options: { onlyReached?: boolean } = {}): AccessResult[] {
    const results: (AccessResult | undefined)[] = new Array(catalog.resources.length);
    for (const { result, positions } of this.resultClasses(catalog, options)) {
      for (const position of positions) {
        results[position] = copyResult(result, (catalog.resources[position] as Resource).name);
      }
    }
    return options.onlyReached
      ? results.filter((result) => result !== undefined)
      : (results as AccessResult[]);
  }

  /**
   * The answers for every resource of the catalog, grouped: resources that every role side's
   * labels treat alike (and, for databases, with the same database facts) get the same answer
   * (`evaluateWith` reads a resource only through these, and its name), so each class is
   * evaluated once. The label outcomes of each role side come from the catalog (computed once per
   * selector, expression and relevant traits, shared with every other evaluator), and so does the
   * partition of the resources by them (`KindResources.partition`): the work per role set grows
   * with the number of classes, not of resources. Each class's `result` names no resource (its
   * `name` is empty); `positions` are catalog positions, shared: read only.
   */
  resultClasses(catalog: ResourceCatalog, options: { onlyReached?: boolean } = {}): ResultClass[] {
    const classes: ResultClass[] = [];
    for (const kind of catalog.byKind.keys()) {
      classes.push(...this.kindResultClasses(catalog, kind, options));
    }
    return classes;
  }

  /** `resultClasses` for the resources of one kind. */
  kindResultClasses(
    catalog: ResourceCatalog,
    kind: ResourceKind,
    options: { onlyReached?: boolean } = {},
  ): ResultClass[] {
    const classes: ResultClass[] = [];
    const group = catalog.byKind.get(kind);
    if (group) {
      const keepUnreached = !options.onlyReached || this.roles.some((role) => role.invalid);
      this.scopedTo(kind).kindClasses(kind, group, keepUnreached, classes);
    }
    return classes;
  }

  /** This evaluator, or one of just the roles that can change the kind's answers (`kinds`). */
  private scopedTo(kind: ResourceKind): AccessEvaluator {
    let scoped = this.scopes.get(kind);
    if (scoped === undefined) {
      const bit = KIND_BITS[kind];
      const roles = this.roles.filter((role) => (role.kinds & bit) !== 0);
      scoped = null;
      if (roles.length < this.roles.length) {
        scoped = new AccessEvaluator([], this.traits);
        scoped.roles = roles;
      }
      this.scopes.set(kind, scoped);
    }
    return scoped ?? this;
  }

  /** `resultClasses` for one kind, added to `classes`. */
  private kindClasses(
    kind: ResourceKind,
    group: KindResources,
    keepUnreached: boolean,
    classes: ResultClass[],
  ): void {
    // No role can reach a resource of the kind: one unreached class, left out if asked.
    if (!keepUnreached && this.roles.length === 0) return;
    // Each distinct role side and its outcome table (a handful: arrays beat maps here).
    const sides: LabelMatchers[] = [];
    const sideTables: Outcomes[] = [];
    const tables: Outcomes[] = [];
    const addSide = (matchers: LabelMatchers) => {
      if (sides.includes(matchers)) return;
      const table = catalogLabels(group, matchers, this.traits);
      sides.push(matchers);
      sideTables.push(table);
      if (!tables.includes(table)) tables.push(table);
    };
    for (const role of this.roles) {
      addSide(role.allow.matchers[kind]);
      addSide(role.deny.matchers[kind]);
      if (kind === 'kube_cluster') addSide(role.kubeDeny);
    }
    if (!keepUnreached && tables.every((table) => table === Outcomes.NONE)) return;
    // In one order whatever the order of the roles, so that role sets holding the same tables
    // share the kind's partition.
    tables.sort((a, b) => group.id(a) - group.id(b));
    const columns = sideTables.map((table) => tables.indexOf(table));
    for (const { codes, positions, first } of group.partition(tables)) {
      const reached = codes.some((code) => code !== false);
      if (!reached && !keepUnreached) continue;
      const result = reached
        ? this.evaluateWith(first, (matchers) => {
            const side = sides.indexOf(matchers);
            if (side < 0) throw new Error('label outcomes missing for a role side');
            return codes[columns[side] as number] as MatchOutcome;
          })
        : // Every allow and deny lookup is false here (kubeDeny is read only when allowed).
          this.evaluateWith(first, noLabels);
      result.name = '';
      classes.push({ result, positions });
    }
  }

  private evaluateWith(resource: Resource, labelsOf: LabelLookup): AccessResult {
    const outcome = this.checkAccess(resource, [], labelsOf);
    const result: AccessResult = {
      kind: resource.kind,
      name: resource.name,
      decision: outcome.result === 'nomatch' ? 'denied' : outcome.result,
      allowed: outcome.result === 'allowed',
      grantedBy: this.matchingRoles(resource, false, labelsOf),
      deniedBy: this.matchingRoles(resource, true, labelsOf),
      principals: {},
      unevaluated: [],
    };
    if (outcome.result === 'error' || outcome.result === 'unevaluated') {
      result.reason = outcome.reason;
    }
    if (outcome.result === 'unevaluated') {
      result.unevaluated.push({ what: 'access', reason: outcome.reason });
    }
    if (!result.allowed) {
      return result;
    }
    switch (resource.kind) {
      case 'node':
        result.principals.logins = this.allowedLogins(
          resource,
          'logins',
          result.unevaluated,
          labelsOf,
        );
        break;
      case 'windows_desktop':
        result.principals.windowsLogins = this.allowedLogins(
          resource,
          'windows_desktop_logins',
          result.unevaluated,
          labelsOf,
        );
        break;
      case 'kube_cluster':
        this.kubePrincipals(result, labelsOf);
        break;
      case 'db':
        this.dbPrincipals(resource, result, labelsOf);
        break;
      case 'app':
        break;
    }
    return result;
  }

  /** Roles whose namespace and labels match on one side (informational; errors left out). */
  private matchingRoles(resource: Resource, isDeny: boolean, labelsOf: LabelLookup): string[] {
    return this.roles
      .filter((role) => {
        const side = isDeny ? role.deny : role.allow;
        return matchNamespace(side.namespaces) && labelsOf(side.matchers[resource.kind]) === true;
      })
      .map((role) => role.name);
  }

  /**
   * access_checker.go `GetAllowedLoginsForResource` (nodes and Windows desktops): every login of
   * the set not denied by any role, each then checked with `checkAccess` and a login matcher. The
   * per-login checks are done in one pass over the roles, in the same order and with the same
   * outcomes (`loginsByPerLoginChecks` in the tests compares the two).
   */
  private allowedLogins(
    resource: Resource,
    field: 'logins' | 'windows_desktop_logins',
    unevaluated: Unevaluated[],
    labelsOf: LabelLookup,
  ): string[] {
    const candidates = this.loginCandidates(field);
    for (const entry of candidates.unevaluated) unevaluated.push({ ...entry });
    const undecided = new Set(candidates.logins);
    const giveUp = (reason: string) => {
      for (const login of undecided) unevaluated.push({ what: `${field} ${login}`, reason });
      return [];
    };
    if (this.roles.some((role) => role.invalid)) {
      return giveUp(this.roles.find((role) => role.invalid)?.invalid ?? '');
    }
    // Deny loop: a candidate is in no deny list, so only labels, errors and unknowns decide.
    for (const role of this.roles) {
      if (!matchNamespace(role.deny.namespaces)) continue;
      const labels = labelsOf(role.deny.matchers[resource.kind]);
      if (labels instanceof Unevaluable) return giveUp(`role ${role.name}: ${labels.message}`);
      if (labels !== false) return [];
      if (role.deny.principals[field].unevaluated.length > 0) {
        return giveUp(`role ${role.name}: ${field} templates not evaluated`);
      }
    }
    // Allow loop: the first role (in order) whose labels match and that lists the login.
    const allowed: string[] = [];
    for (const role of this.roles) {
      if (undecided.size === 0) break;
      if (!matchNamespace(role.allow.namespaces)) continue;
      const labels = labelsOf(role.allow.matchers[resource.kind]);
      if (labels instanceof Unevaluable)
        return [...allowed.sort(), ...giveUp(`role ${role.name}: ${labels.message}`)];
      if (labels instanceof UpstreamError) break;
      if (!labels) continue;
      if (role.allow.principals[field].unevaluated.length > 0) {
        return [
          ...allowed.sort(),
          ...giveUp(`role ${role.name}: ${field} templates not evaluated`),
        ];
      }
      for (const login of role.allow.principals[field].value) {
        if (undecided.delete(login)) allowed.push(login);
      }
    }
    return allowed.sort();
  }

  /** What `allowedLogins` finds before looking at the resource, once per evaluator. */
  private loginCandidates(field: 'logins' | 'windows_desktop_logins'): {
    unevaluated: readonly Unevaluated[];
    logins: readonly string[];
  } {
    let candidates = this.candidates.get(field);
    if (candidates) {
      return candidates;
    }
    const unevaluated: Unevaluated[] = [];
    for (const role of this.roles) {
      for (const side of [role.allow, role.deny]) {
        for (const reason of side.principals[field].unevaluated) {
          unevaluated.push({ what: field, reason: `role ${role.name}: ${reason}` });
        }
      }
    }
    const notDenied = new Map<string, boolean>();
    for (const role of this.roles) {
      for (const login of role.allow.principals[field].value) {
        if (!notDenied.has(login)) notDenied.set(login, true);
      }
      for (const login of role.deny.principals[field].value) {
        notDenied.set(login, false);
      }
    }
    const logins = [...notDenied].filter(([, ok]) => ok).map(([login]) => login);
    candidates = { unevaluated, logins };
    this.candidates.set(field, candidates);
    return candidates;
  }

  /** The same as `allowedLogins`, one `checkAccess` per login (for tests and small sets). */
  loginsByPerLoginChecks(resource: Resource, field: 'logins' | 'windows_desktop_logins'): string[] {
    const labelsOf = directLabels(resource, this.traits);
    const candidates = new Map<string, boolean>();
    for (const role of this.roles) {
      for (const login of role.allow.principals[field].value) {
        if (!candidates.has(login)) candidates.set(login, true);
      }
      for (const login of role.deny.principals[field].value) candidates.set(login, false);
    }
    return [...candidates]
      .filter(
        ([login, ok]) =>
          ok &&
          this.checkAccess(resource, [exactMatcher(field, login)], labelsOf).result === 'allowed',
      )
      .map(([login]) => login)
      .sort();
  }

  /** role.go `CheckKubeGroupsAndUsers` with `kubernetesClusterLabelMatcher` (no namespace). */
  private kubePrincipals(result: AccessResult, labelsOf: LabelLookup): void {
    const groups = new Set<string>();
    const users = new Set<string>();
    // Each role whose matchers match, in order; false when one errs (then nothing is told).
    const eachMatching = (
      matchersOf: (role: RoleView) => LabelMatchers,
      apply: (role: RoleView) => void,
    ): boolean => {
      for (const role of this.roles) {
        const match = labelsOf(matchersOf(role));
        if (match instanceof Error) {
          result.unevaluated.push({
            what: 'kubernetes principals',
            reason: `role ${role.name}: ${match.message}`,
          });
          return false;
        }
        if (match) apply(role);
      }
      return true;
    };
    const allowed = eachMatching(
      (role) => role.allow.matchers.kube_cluster,
      (role) => {
        role.allow.principals.kubernetes_groups.value.forEach((group) => groups.add(group));
        role.allow.principals.kubernetes_users.value.forEach((user) => users.add(user));
      },
    );
    // getKubeLabelMatchers: an empty deny selector and expression count as `*: *`.
    if (
      !allowed ||
      !eachMatching(
        (role) => role.kubeDeny,
        (role) => {
          role.deny.principals.kubernetes_groups.value.forEach((group) => groups.delete(group));
          role.deny.principals.kubernetes_users.value.forEach((user) => users.delete(user));
        },
      )
    ) {
      return;
    }
    for (const role of this.roles) {
      for (const side of [role.allow, role.deny]) {
        for (const field of ['kubernetes_groups', 'kubernetes_users'] as const) {
          for (const reason of side.principals[field].unevaluated) {
            result.unevaluated.push({ what: field, reason: `role ${role.name}: ${reason}` });
          }
        }
      }
    }
    result.principals.kubernetesGroups = [...groups].sort();
    result.principals.kubernetesUsers = [...users].sort();
  }

  /** access_checker.go `EnumerateDatabaseUsers` / `EnumerateDatabaseNames` / `EnumerateEntities`. */
  private dbPrincipals(resource: Resource, result: AccessResult, labelsOf: LabelLookup): void {
    if (resource.db?.autoUserProvisioning) {
      result.unevaluated.push({
        what: 'db_users',
        reason: 'automatic user provisioning depends on role options this module does not take',
      });
    } else if (resource.db?.awsIamRoleUsers) {
      result.unevaluated.push({
        what: 'db_users',
        reason: 'AWS IAM role-name alternatives for database users are not evaluated',
      });
    } else {
      const caseFold = resource.db?.caseInsensitiveUsers ?? false;
      result.principals.dbUsers = this.enumerate(
        resource,
        'db_users',
        (user) => dbUserMatcher(user, caseFold),
        result,
        labelsOf,
      );
    }
    result.principals.dbNames = this.enumerate(
      resource,
      'db_names',
      dbNameMatcher,
      result,
      labelsOf,
    );
  }

  private enumerate(
    resource: Resource,
    field: 'db_users' | 'db_names',
    newMatcher: (entity: string) => PrincipalMatcher,
    result: AccessResult,
    labelsOf: LabelLookup,
  ): Enumeration {
    let wildcardAllowed = false;
    let wildcardDenied = false;
    const entities: string[] = [];
    for (const role of this.roles) {
      const byRole = this.checkAccess(resource, [], labelsOf, [role]);
      if (byRole.result === 'unevaluated') {
        result.unevaluated.push({ what: field, reason: byRole.reason });
      }
      const reaches = byRole.result === 'allowed';
      for (const entity of role.allow.principals[field].value) {
        if (entity === WILDCARD) {
          wildcardAllowed ||= reaches;
        } else if (reaches) {
          entities.push(entity);
        }
      }
      for (const entity of role.deny.principals[field].value) {
        if (entity === WILDCARD) {
          wildcardDenied = true;
        } else {
          entities.push(entity);
        }
      }
      for (const side of [role.allow, role.deny]) {
        for (const reason of side.principals[field].unevaluated) {
          result.unevaluated.push({ what: field, reason: `role ${role.name}: ${reason}` });
        }
      }
    }
    const allowed: string[] = [];
    const denied: string[] = [];
    for (const entity of deduplicate(entities)) {
      const outcome = this.checkAccess(resource, [newMatcher(entity)], labelsOf);
      if (outcome.result === 'allowed') {
        allowed.push(entity);
      } else if (outcome.result === 'unevaluated') {
        result.unevaluated.push({ what: `${field} ${entity}`, reason: outcome.reason });
      } else {
        denied.push(entity);
      }
    }
    return {
      allowed: wildcardDenied ? [] : allowed.sort(),
      denied: denied.sort(),
      wildcardAllowed: wildcardAllowed && !wildcardDenied,
      wildcardDenied,
    };
  }
}

/** role.go `loginMatcher` / `windowsLoginMatcher`: exact comparison, no wildcard. */
function exactMatcher(field: PrincipalField, value: string): PrincipalMatcher {
  return { describe: `${field} ${value}`, field, match: (values) => values.includes(value) };
}

/** role.go `databaseUserMatcher` / `MatchDatabaseUser`: exact (or case-folded) or `*`. */
function dbUserMatcher(user: string, caseFold: boolean): PrincipalMatcher {
  const folded = user.toLowerCase();
  return {
    describe: `db_users ${user}`,
    field: 'db_users',
    match: (values) => {
      // strings.EqualFold folds Unicode; only ASCII folding is mirrored here.
      if (caseFold && values.some((value) => /[^\x20-\x7e]/.test(value + user))) {
        return new Unevaluable('case-insensitive comparison beyond ASCII is not evaluated');
      }
      return values.some(
        (value) =>
          value === WILDCARD || (caseFold ? value.toLowerCase() === folded : value === user),
      );
    },
  };
}

/** role.go `DatabaseNameMatcher` / `MatchDatabaseName`: exact or `*`. */
function dbNameMatcher(name: string): PrincipalMatcher {
  return {
    describe: `db_names ${name}`,
    field: 'db_names',
    match: (values) => values.some((value) => value === name || value === WILDCARD),
  };
}
