/**
 * Scaled organisations for the benchmark: thousands of users, roles and access lists, generated
 * from a seed so that every run serves the same cluster.
 */
import type { ClusterData } from '../cluster-data';
import type {
  AccessRequestV3,
  DatabaseServerV3,
  KubernetesServerV3,
  ServerV2,
  WindowsDesktopV3,
  AccessList,
  AccessListMember,
  AccessListOwner,
  AccessListReview,
  IneligibleStatus,
  ReviewDayOfMonth,
  ReviewFrequency,
  RoleConditions,
  RoleV6,
  Timestamp,
  UserV2,
} from '../../src/teleport/types';
import { DEFAULT_NOW, DAY_S, HOUR_NS, labels, ping } from './common';

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
  /** Access requests in every state (none when absent). */
  accessRequests?: number;
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
const REQUEST_REASONS = ['Incident response', 'Deploy', 'Data fix', 'Customer escalation'];
const REVIEW_NOTES = [
  'No changes.',
  'Removed inactive members.',
  'Quarterly review.',
  'Tightened requirements.',
];

function scaledRole(index: number, name: string): RoleV6 {
  const variant = index % 4;
  // One role in sixteen is written the other ways Teleport allows: a `*` selector with
  // templated principals, a label expression on the user's traits, a regular expression.
  const other = index % 16 === variant;
  const allow: RoleConditions =
    variant === 0
      ? other
        ? { logins: ['{{internal.logins}}'], nodeLabels: labels({ '*': ['*'] }) }
        : index % 16 === 8
          ? {
              logins: ['{{internal.logins}}', `svc-${index}`],
              nodeLabelsExpression: 'contains(user.spec.traits["team"], labels["team"])',
            }
          : {
              logins: ['ubuntu', `svc-${index}`],
              nodeLabels: labels({ env: [index % 3 === 0 ? 'prod' : 'staging'] }),
            }
      : variant === 1
        ? {
            databaseLabels: other ? labels({ '*': ['*'] }) : labels({ engine: ['postgres'] }),
            databaseNames: [`db-${index}`],
            databaseUsers: other ? ['{{internal.db_users}}'] : ['readonly'],
          }
        : variant === 2
          ? {
              kubeGroups: other ? ['{{internal.kubernetes_groups}}'] : [`group-${index}`],
              kubernetesLabels: labels({ env: other ? ['^(dev|staging)$'] : ['dev'] }),
              kubernetesResources: [
                { kind: 'pod', namespace: `ns-${index}`, name: '*', verbs: ['get', 'list'] },
              ],
            }
          : {
              rules: [{ resources: ['user', 'role', 'access_list'], verbs: ['list', 'read'] }],
              ...(other
                ? {
                    windowsDesktopLabels: labels({ env: ['prod'] }),
                    windowsDesktopLogins: ['Administrator'],
                  }
                : {}),
            };
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

  return {
    ping: ping(now),
    users,
    roles,
    accessLists,
    members,
    reviews,
    accessRequests: scaledAccessRequests(options.accessRequests ?? 0, {
      seed: options.seed ?? 0x5eed1e55,
      nowSeconds,
      userNames,
      roleNames,
    }),
  };
}

/**
 * Access requests drawn from their own generator (so the rest of the organisation does not change
 * with their number): four in ten pending, four approved and unexpired (one in five of all limited
 * to a node of `scaledInfrastructure`), one approved and past its access expiry, one denied.
 */
function scaledAccessRequests(
  count: number,
  context: { seed: number; nowSeconds: number; userNames: string[]; roleNames: string[] },
): AccessRequestV3[] {
  requireCount('accessRequests', count);
  const { nowSeconds, userNames, roleNames } = context;
  if (count > 0 && (userNames.length === 0 || roleNames.length === 0)) {
    throw new RangeError('scaledOrganisation: access requests need users and roles');
  }
  const random = new Mulberry32(context.seed ^ 0x0acce55);
  const hoursFromNow = (hours: number): Timestamp => ({
    seconds: nowSeconds + Math.round(hours * 3600),
    nanos: 0,
  });
  return Array.from({ length: count }, (_, index): AccessRequestV3 => {
    const kind = index % 10;
    const state = kind < 4 ? 'PENDING' : kind < 9 ? 'APPROVED' : 'DENIED';
    // 8 is approved but expired: no resource expiry, so the listing still returns it.
    const accessHours = kind === 8 ? -2 : 1 + random.int(24);
    const reviewer = random.pick(userNames);
    return {
      kind: 'access_request',
      version: 'v3',
      metadata: { name: indexUuid(index, 'b') },
      spec: {
        user: random.pick(userNames),
        roles: [random.pick(roleNames)],
        state,
        created: hoursFromNow(-1),
        expires: hoursFromNow(accessHours),
        ...(kind === 8
          ? {}
          : { resourceExpiry: hoursFromNow(state === 'PENDING' ? 24 : accessHours) }),
        requestReason: REQUEST_REASONS[index % REQUEST_REASONS.length],
        ...(state === 'PENDING'
          ? {}
          : { reviews: [{ author: reviewer, proposedState: state, created: hoursFromNow(-0.5) }] }),
        ...(index % 5 === 0
          ? {
              requestedResourceIds: [
                {
                  clusterName: 'acme.teleport.sh',
                  kind: 'node',
                  name: indexUuid(index % 100, '8'),
                },
              ],
            }
          : {}),
      },
    };
  });
}

/** How much infrastructure a scaled cluster adds, for measuring the access layer. */
export interface ScaledInfrastructureOptions {
  nodes: number;
  databases: number;
  kubernetesClusters: number;
  windowsDesktops: number;
}

/**
 * Nodes, databases, Kubernetes clusters and Windows desktops with labels drawn from a few values
 * per key (env, team, region), so that the scaled roles' selectors match some and not others.
 */
export function scaledInfrastructure(
  options: ScaledInfrastructureOptions,
): Pick<ClusterData, 'nodes' | 'databaseServers' | 'kubeServers' | 'windowsDesktops'> {
  const envs = ['prod', 'staging', 'dev'];
  const teams = ['platform', 'data', 'payments', 'security'];
  const regions = ['eu-west-1', 'us-east-1', 'ap-south-1'];
  const labelsOf = (index: number) => ({
    env: envs[index % envs.length]!,
    team: teams[(index >> 2) % teams.length]!,
    region: regions[(index >> 4) % regions.length]!,
  });
  const nodes: ServerV2[] = Array.from({ length: options.nodes }, (_, i) => ({
    kind: 'node',
    version: 'v2',
    metadata: { name: indexUuid(i, '8'), labels: labelsOf(i) },
    spec: {
      hostname: `host-${i}.acme.internal`,
      addr: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:3022`,
    },
  }));
  /** A resource as Teleport heads it: its kind, version, name and the labels of index `i`. */
  const resource = (
    kind: string,
    name: string,
    i: number,
    labels: Record<string, string> = {},
  ) => ({
    kind,
    version: 'v3',
    metadata: { name, labels: { ...labelsOf(i), ...labels } },
  });
  /** Agent `agent` of a pool (its host UUIDs tagged `tag`) serving one resource, in `field`. */
  const served = <Field extends string, Resource extends { metadata: { name: string } }>(
    kind: string,
    [pool, agent, tag]: [string, number, Parameters<typeof indexUuid>[1]],
    field: Field,
    wrapped: Resource,
  ) => ({
    kind,
    version: 'v3',
    metadata: { name: wrapped.metadata.name },
    spec: {
      hostname: `${pool}-${agent}`,
      hostId: indexUuid(agent, tag),
      ...({ [field]: wrapped } as Record<Field, Resource>),
    },
  });
  const databaseServers: DatabaseServerV3[] = Array.from({ length: options.databases }, (_, i) => {
    const engine = i % 2 === 0 ? 'postgres' : 'mysql';
    // The engine as a label too: the scaled roles select databases by it.
    return served('db_server', ['db-agent', i % 10, '9'], 'database', {
      ...resource('db', `db-${i}`, i, { engine }),
      spec: { protocol: engine, uri: `db-${i}.internal:5432` },
    });
  });
  const kubeServers: KubernetesServerV3[] = Array.from(
    { length: options.kubernetesClusters },
    (_, i) =>
      served(
        'kube_server',
        ['kube-agent', i % 5, 'a'],
        'cluster',
        resource('kube_cluster', `kube-${i}`, i),
      ),
  );
  // A desktop's kind, version and metadata sit in its resource header (types.proto).
  const windowsDesktops: WindowsDesktopV3[] = Array.from(
    { length: options.windowsDesktops },
    (_, i) => ({
      header: resource('windows_desktop', `desktop-${i}`, i),
      spec: { addr: `10.1.${(i >> 8) & 255}.${i & 255}:3389`, hostId: indexUuid(i % 3, 'b') },
    }),
  );
  return { nodes, databaseServers, kubeServers, windowsDesktops };
}
