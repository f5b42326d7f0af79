/**
 * What one step hands to a later one, in one place: typed accessors over the job's data store, and
 * the references a step may make to users and roles another step collects. Steps import this module,
 * never each other.
 */
import { Entity, JobState, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type {
  AccessListFacts,
  AccessRequestFacts,
  EffectiveGrant,
  LockFacts,
  MemberFacts,
  UserFacts,
} from '../evaluators/login-state';
import {
  RESOURCE_KINDS,
  type Resource as AccessResource,
  type ResourceKind,
  type Role as AccessRole,
} from '../evaluators/access';
import type { AccessListOwner, AccessRequestV3, LockV2 } from '../teleport';
import { Entities } from './constants';
import {
  asEmail,
  definedOnly,
  keys,
  nonEmptyString,
  requestStateName,
  requestedResourceIds,
  resourceIdString,
  toEpochMillis,
} from './graph-values';
import { addEntityOnce } from './job-state';

/** What later steps need of each access list, kept in the job rather than re-fetched. */
export interface AccessListSummary extends AccessListFacts {
  title: string;
  /** The owners as the spec holds them, with their stored status and description. */
  specOwners: AccessListOwner[];
}

const DATA = {
  accessRoles: 'roles:access',
  resources: 'resources:access',
  userFacts: 'users:facts',
  accessListSummaries: 'access-lists:summaries',
  accessListsComplete: 'access-lists:complete',
  lockFacts: 'locks:facts',
  memberFacts: 'access-list-members:facts',
  accessRequestFacts: 'access-requests:facts',
  requestedResources: 'access-requests:resources',
  accessRequestGrants: 'access-requests:grants',
} as const;

/** One resource an access request in the graph names, for relating the two. */
export interface RequestedResource {
  /** The request's ID. */
  request: string;
  cluster: string;
  kind: string;
  /** The resource's name; for a Kubernetes resource, its cluster's. */
  name: string;
  subResource?: string;
}

/** A role an approved access request gives a user now, for the access paths. */
export interface AccessRequestGrant {
  user: string;
  role: string;
  accessRequest: string;
  expiresOn?: number;
  /** The resources the grant is limited to; empty when it is not resource-scoped. */
  resourceIds: string[];
}

export const jobData = {
  /** Every role as the access evaluator reads it, once all are listed. */
  setAccessRoles: (jobState: JobState, roles: AccessRole[]) =>
    jobState.setData(DATA.accessRoles, roles),
  accessRoles: async (jobState: JobState): Promise<AccessRole[] | undefined> =>
    jobState.getData<AccessRole[]>(DATA.accessRoles),
  /**
   * The resources of one kind a resource step listed in full, for access evaluation. One key per
   * kind: the resource steps run side by side, so a shared list would lose updates.
   */
  setResources: (jobState: JobState, kind: ResourceKind, resources: AccessResource[]) =>
    jobState.setData(`${DATA.resources}:${kind}`, resources),
  /** Each kind whose resources were listed in full (a kind switched off or refused is absent). */
  resourcesByKind: async (jobState: JobState): Promise<Map<ResourceKind, AccessResource[]>> => {
    const byKind = new Map<ResourceKind, AccessResource[]>();
    for (const kind of RESOURCE_KINDS) {
      const resources = await jobState.getData<AccessResource[]>(`${DATA.resources}:${kind}`);
      if (resources) {
        byKind.set(kind, resources);
      }
    }
    return byKind;
  },
  /**
   * The names of every role the cluster has, once all are listed: only then does a missing name
   * mean a missing role. Undefined when the role listing failed.
   */
  roleNames: async (jobState: JobState): Promise<ReadonlySet<string> | undefined> => {
    const roles = await jobState.getData<AccessRole[]>(DATA.accessRoles);
    return roles === undefined ? undefined : new Set(roles.map((role) => role.name));
  },

  /**
   * Each user's own roles and traits, for effective roles (never written to the graph), set once
   * every user is in the job: only then does a missing name mean a missing user.
   */
  setUserFacts: (jobState: JobState, facts: UserFacts[]) => jobState.setData(DATA.userFacts, facts),
  usersComplete: async (jobState: JobState): Promise<boolean> =>
    (await jobState.getData<UserFacts[]>(DATA.userFacts)) !== undefined,
  userFacts: async (jobState: JobState): Promise<UserFacts[] | undefined> =>
    jobState.getData<UserFacts[]>(DATA.userFacts),

  setAccessListSummaries: async (
    jobState: JobState,
    summaries: AccessListSummary[],
    complete: boolean,
  ): Promise<void> => {
    await jobState.setData(DATA.accessListSummaries, summaries);
    await jobState.setData(DATA.accessListsComplete, complete);
  },
  accessListSummaries: async (jobState: JobState): Promise<AccessListSummary[]> =>
    (await jobState.getData<AccessListSummary[]>(DATA.accessListSummaries)) ?? [],
  /** True when every access list of the cluster was listed. */
  accessListsComplete: async (jobState: JobState): Promise<boolean> =>
    (await jobState.getData<boolean>(DATA.accessListsComplete)) === true,

  /** Every membership, user or nested list; undefined when the members could not be listed. */
  setMemberFacts: (jobState: JobState, members: MemberFacts[]) =>
    jobState.setData(DATA.memberFacts, members),
  memberFacts: async (jobState: JobState): Promise<MemberFacts[] | undefined> =>
    jobState.getData<MemberFacts[]>(DATA.memberFacts),

  /** Locks as the effective-roles rules need them; undefined when they could not be listed. */
  setLockFacts: (jobState: JobState, locks: LockFacts[]) => jobState.setData(DATA.lockFacts, locks),
  lockFacts: async (jobState: JobState): Promise<LockFacts[] | undefined> =>
    jobState.getData<LockFacts[]>(DATA.lockFacts),

  /**
   * Access requests as effective roles need them, set once the access request step has listed
   * them all; undefined before that, or when it is off or failed.
   */
  setAccessRequestFacts: (jobState: JobState, requests: AccessRequestFacts[]) =>
    jobState.setData(DATA.accessRequestFacts, requests),
  accessRequestFacts: async (jobState: JobState): Promise<AccessRequestFacts[] | undefined> =>
    jobState.getData<AccessRequestFacts[]>(DATA.accessRequestFacts),

  /** The resources named by the access requests written to the graph. */
  setRequestedResources: (jobState: JobState, resources: RequestedResource[]) =>
    jobState.setData(DATA.requestedResources, resources),
  requestedResources: async (jobState: JobState): Promise<RequestedResource[]> =>
    (await jobState.getData<RequestedResource[]>(DATA.requestedResources)) ?? [],

  /**
   * Every role an approved access request gives a user now (set by effective roles; undefined
   * when they were not computed), with the resources a resource-scoped request is limited to.
   */
  setAccessRequestGrants: (jobState: JobState, grants: AccessRequestGrant[]) =>
    jobState.setData(DATA.accessRequestGrants, grants),
  accessRequestGrants: async (jobState: JobState): Promise<AccessRequestGrant[] | undefined> =>
    jobState.getData<AccessRequestGrant[]>(DATA.accessRequestGrants),
};

/** A user's grant through an access request, as handed on (`via: accessRequest` grants only). */
export function accessRequestGrantOf(user: string, grant: EffectiveGrant): AccessRequestGrant {
  return {
    user,
    role: grant.role,
    accessRequest: grant.accessRequest ?? '',
    expiresOn: grant.expiresOn,
    resourceIds: grant.resourceIds ?? [],
  };
}

/** What effective roles need of an access request. */
export function accessRequestFactsOf(request: AccessRequestV3): AccessRequestFacts {
  return {
    id: request.metadata?.name ?? '',
    user: request.spec?.user ?? '',
    state: requestStateName(request.spec?.state),
    roles: [...(request.spec?.roles ?? [])],
    accessExpiresOn: toEpochMillis(request.spec?.expires),
    assumeStartOn: toEpochMillis(request.spec?.assumeStartTime),
    resourceIds: requestedResourceIds(request).map(resourceIdString),
  };
}

/** What effective roles need of a lock: its user, role and access request targets, and expiry. */
export function lockFactsOf(lock: LockV2): LockFacts {
  return {
    name: lock.metadata?.name ?? '',
    targetUser: nonEmptyString(lock.spec?.target?.user),
    targetRole: nonEmptyString(lock.spec?.target?.role),
    targetAccessRequest: nonEmptyString(lock.spec?.target?.accessRequest),
    expiresOn: toEpochMillis(lock.spec?.expires),
  };
}

/**
 * A user that something refers to (a list member, an owner, a reviewer) but that the cluster's
 * user listing did not return: recorded so the reference is not lost.
 */
export function createMissingUserEntity(username: string): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: keys.user(username),
        _type: Entities.USER._type,
        _class: Entities.USER._class,
        name: username,
        displayName: username,
        username,
        active: false,
        missing: true,
        ...definedOnly({ email: asEmail(username) }),
      },
    },
  });
}

/**
 * Makes sure a user that something names is in the graph: the cluster's own user when it was
 * collected, otherwise, once the user listing is known complete, a `missing: true` stand-in.
 * False when the user is not in the graph (the user listing failed): then no relationship may
 * name it.
 */
export async function ensureUserEntity(jobState: JobState, username: string): Promise<boolean> {
  const key = keys.user(username);
  if (await jobState.hasKey(key)) {
    return true;
  }
  if (username === '' || !(await jobData.usersComplete(jobState))) {
    return false;
  }
  await addEntityOnce(jobState, createMissingUserEntity(username));
  return true;
}

/**
 * Whether a role is in the graph. A role the cluster lacks gets no entity and no relationship:
 * the user and the list keep its name (`roles`, `missingRoles`), and effective roles say what it
 * does to the login (Teleport refuses one, and skips a list that grants one).
 */
export async function roleInGraph(jobState: JobState, roleName: string): Promise<boolean> {
  return roleName !== '' && (await jobState.hasKey(keys.role(roleName)));
}
