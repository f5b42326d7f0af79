/**
 * A row's organisation two ways: as the evaluator's facts, and as the Teleport objects a server
 * returns (for the stand-in), with every name prefixed so all rows can share one cluster.
 */
import type { ClusterFacts, Traits } from '../../src/evaluators/login-state';
import type {
  AccessList,
  AccessListMember,
  AccessRequestV3,
  LockV2,
  RoleV6,
  Trait,
  UserV2,
} from '../../src/teleport/types';
import type { ClusterData } from '../../standin/cluster-data';
import { sampleOrganisation } from '../../standin/data/sample-org';
import { LOGIN_STATE_CASES, type CaseOrg, type Requires } from './login-state-cases';

const HOUR = 3_600_000;

function parseMember(reference: string): { kind: 'user' | 'list'; name: string } {
  const [kind, name] = reference.split(':') as ['user' | 'list', string];
  return { kind, name };
}

function traitsOf(traits: Traits | undefined): Trait[] {
  return Object.entries(traits ?? {}).map(([key, values]) => ({ key, values }));
}

function requiresOf(requires: Requires | undefined, prefix: string) {
  return {
    roles: (requires?.roles ?? []).map((role) => prefix + role),
    traits: traitsOf(requires?.traits),
  };
}

/** Every role the row names, prefixed, less the ones it says are missing. */
function existingRoles(org: CaseOrg, prefix: string): string[] {
  const named = new Set<string>();
  for (const user of Object.values(org.users)) {
    (user.roles ?? []).forEach((role) => named.add(role));
  }
  for (const list of Object.values(org.lists ?? {})) {
    for (const role of [
      ...(list.grants ?? []),
      ...(list.ownerGrants ?? []),
      ...(list.requires?.roles ?? []),
      ...(list.ownerRequires?.roles ?? []),
    ]) {
      named.add(role);
    }
  }
  for (const lock of org.locks ?? []) {
    if (lock.role) named.add(lock.role);
  }
  for (const request of org.requests ?? []) {
    request.roles.forEach((role) => named.add(role));
  }
  return [...named]
    .filter((role) => !(org.missingRoles ?? []).includes(role))
    .map((r) => prefix + r);
}

/** The Teleport objects of a row, names prefixed; `now` fixes expiries. */
export function clusterObjectsOf(org: CaseOrg, prefix: string, now: number) {
  const at = (hours: number) => ({ seconds: Math.floor((now + hours * HOUR) / 1000) });
  const users: UserV2[] = Object.entries(org.users).map(([name, user]) => ({
    kind: 'user',
    version: 'v2',
    metadata: { name: prefix + name },
    spec: {
      roles: (user.roles ?? []).map((role) => prefix + role),
      traits: {
        values: Object.fromEntries(
          Object.entries(user.traits ?? {}).map(([key, values]) => [key, { values }]),
        ),
      },
    },
  }));
  const roles: RoleV6[] = existingRoles(org, prefix).map((name) => ({
    kind: 'role',
    version: 'v7',
    metadata: { name },
    spec: {},
  }));
  const accessLists: AccessList[] = Object.entries(org.lists ?? {}).map(([name, list]) => ({
    header: { kind: 'access_list', version: 'v1', metadata: { name: prefix + name } },
    spec: {
      title: `${prefix}${name}`,
      owners: (list.owners ?? ['user:admin']).map((owner) => {
        const { kind, name: ownerName } = parseMember(owner);
        return {
          name: prefix + ownerName,
          membershipKind: kind === 'list' ? 'MEMBERSHIP_KIND_LIST' : 'MEMBERSHIP_KIND_USER',
          // A status Teleport's reconciler may not have updated: never the rule.
          ineligibleStatus: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS',
        };
      }),
      grants: {
        roles: (list.grants ?? []).map((r) => prefix + r),
        traits: traitsOf(list.grantTraits),
      },
      ownerGrants: {
        roles: (list.ownerGrants ?? []).map((r) => prefix + r),
        traits: traitsOf(list.ownerGrantTraits),
      },
      membershipRequires: requiresOf(list.requires, prefix),
      ownershipRequires: requiresOf(list.ownerRequires, prefix),
    },
  }));
  const members: AccessListMember[] = (org.members ?? []).map(([list, reference, hours], index) => {
    const { kind, name } = parseMember(reference);
    return {
      header: { kind: 'access_list_member', metadata: { name: prefix + name } },
      spec: {
        accessList: prefix + list,
        name: prefix + name,
        membershipKind: kind === 'list' ? 'MEMBERSHIP_KIND_LIST' : 'MEMBERSHIP_KIND_USER',
        ...(hours === undefined ? {} : { expires: at(hours) }),
        // Stored statuses that lag, alternating: the answer must not depend on them.
        ineligibleStatus:
          index % 2 === 0 ? 'INELIGIBLE_STATUS_EXPIRED' : 'INELIGIBLE_STATUS_ELIGIBLE',
      },
    };
  });
  const locks: LockV2[] = (org.locks ?? []).map((lock, index) => ({
    kind: 'lock',
    version: 'v2',
    metadata: { name: `${prefix}lock-${index}` },
    spec: {
      target: {
        ...(lock.user ? { user: prefix + lock.user } : {}),
        ...(lock.role ? { role: prefix + lock.role } : {}),
        ...(lock.login ? { login: lock.login } : {}),
        ...(lock.request === undefined ? {} : { accessRequest: `${prefix}req-${lock.request}` }),
      },
      ...(lock.hours === undefined ? {} : { expires: at(lock.hours) }),
    },
  }));
  const STATES = { approved: 'APPROVED', pending: 'PENDING', denied: 'DENIED' } as const;
  const accessRequests: AccessRequestV3[] = (org.requests ?? []).map((request, index) => ({
    kind: 'access_request',
    version: 'v3',
    metadata: { name: `${prefix}req-${index}` },
    spec: {
      user: prefix + (request.user ?? 'u'),
      roles: request.roles.map((role) => prefix + role),
      state: STATES[request.state],
      created: at(-1),
      expires: at(request.hours),
      // A resolved request is deleted at its access expiry; a pending one waits a day for review
      // (lib/services/access_request.go ApplyAccessReview, calculatePendingRequestTTL).
      resourceExpiry: at(request.state === 'pending' ? 24 : request.hours),
      ...(request.startsInHours === undefined
        ? {}
        : { assumeStartTime: at(request.startsInHours) }),
      requestedResourceIds: (request.resources ?? []).map((id) => {
        const [, clusterName, kind, name, ...sub] = id.split('/');
        return { clusterName, kind, name, subResourceName: sub.join('/') };
      }),
    },
  }));
  return { users, roles, accessLists, members, locks, accessRequests };
}

/** The evaluator's facts for a row (no prefix). */
export function clusterFactsOf(org: CaseOrg, now: number): ClusterFacts {
  return {
    accessLists: Object.entries(org.lists ?? {}).map(([name, list]) => ({
      name,
      grants: { roles: list.grants ?? [], traits: list.grantTraits ?? {} },
      ownerGrants: { roles: list.ownerGrants ?? [], traits: list.ownerGrantTraits ?? {} },
      membershipRequires: {
        roles: list.requires?.roles ?? [],
        traits: list.requires?.traits ?? {},
      },
      ownershipRequires: {
        roles: list.ownerRequires?.roles ?? [],
        traits: list.ownerRequires?.traits ?? {},
      },
      owners: (list.owners ?? ['user:admin']).map(parseMember),
    })),
    members: (org.members ?? []).map(([list, reference, hours]) => ({
      list,
      ...parseMember(reference),
      expiresOn: hours === undefined ? undefined : now + hours * HOUR,
    })),
    locks: (org.locks ?? []).map((lock, index) => ({
      name: `lock-${index}`,
      targetUser: lock.user,
      targetRole: lock.role,
      targetAccessRequest: lock.request === undefined ? undefined : `req-${lock.request}`,
      expiresOn: lock.hours === undefined ? undefined : now + lock.hours * HOUR,
    })),
    accessRequests: (org.requests ?? []).map((request, index) => ({
      id: `req-${index}`,
      user: request.user ?? 'u',
      state: request.state,
      roles: request.roles,
      accessExpiresOn: now + request.hours * HOUR,
      assumeStartOn:
        request.startsInHours === undefined ? undefined : now + request.startsInHours * HOUR,
      resourceIds: request.resources ?? [],
    })),
    roleNames: new Set(existingRoles(org, '')),
    now,
  };
}

/** Each row's names carry its number, so that every row can share one cluster. */
export const prefixOf = (index: number): string => `t${String(index).padStart(2, '0')}-`;

/** Every row of the table in one cluster, on the sample organisation's ping and settings. */
export function tableOrganisation(started: number): ClusterData {
  const base = sampleOrganisation(new Date(started));
  const data = {
    ...base,
    users: [] as ClusterData['users'],
    roles: [] as ClusterData['roles'],
    accessLists: [] as ClusterData['accessLists'],
    members: [] as ClusterData['members'],
    reviews: [],
    locks: [] as NonNullable<ClusterData['locks']>,
    accessRequests: [] as NonNullable<ClusterData['accessRequests']>,
    samlConnectors: [],
    oidcConnectors: [],
    githubConnectors: [],
    bots: [],
    devices: [],
  };
  LOGIN_STATE_CASES.forEach((row, index) => {
    const objects = clusterObjectsOf(row.org, prefixOf(index), started);
    data.users.push(...objects.users);
    data.roles.push(...objects.roles);
    data.accessLists.push(...objects.accessLists);
    data.members.push(...objects.members);
    data.locks.push(...objects.locks);
    data.accessRequests.push(...objects.accessRequests);
  });
  return data;
}
