/**
 * The rules of effective roles as a table of small organisations and what user `u` must get at
 * login in each. The behaviours come from upstream's own tests and code (named per row); the
 * organisations and wording are ours. Run by the evaluator's test directly, and by the end-to-end
 * test as one cluster (every name prefixed by its row) through `j1-integration collect`.
 */
import type { Traits } from '../../src/evaluators/login-state';

export interface Requires {
  roles?: string[];
  traits?: Traits;
}

export interface CaseList {
  grants?: string[];
  grantTraits?: Traits;
  ownerGrants?: string[];
  ownerGrantTraits?: Traits;
  requires?: Requires;
  ownerRequires?: Requires;
  /** `user:NAME` or `list:NAME`; a list needs at least one owner, so `user:admin` by default. */
  owners?: string[];
}

/** [list, `user:NAME` | `list:NAME`, hours until the membership expires (negative: expired)] */
export type CaseMember = [string, string, number?];

/** An access request; its ID is `req-<index>` (prefixed in the cluster). */
export interface CaseRequest {
  /** `u` unless said otherwise. */
  user?: string;
  state: 'approved' | 'pending' | 'denied';
  roles: string[];
  /** Hours until its access expiry (negative: past). */
  hours: number;
  /** Hours until its assume-start time (negative: past), when it has one. */
  startsInHours?: number;
  /** Resources it is limited to, as Teleport writes them. */
  resources?: string[];
}

export interface CaseOrg {
  users: Record<string, { roles?: string[]; traits?: Traits }>;
  lists?: Record<string, CaseList>;
  members?: CaseMember[];
  /**
   * Locks: hours until each expires (undefined: until removed); `login` adds a target; `request`
   * locks the request of that index.
   */
  locks?: { user?: string; role?: string; login?: string; request?: number; hours?: number }[];
  requests?: CaseRequest[];
  /** Roles the cluster lacks (every other role named anywhere exists). */
  missingRoles?: string[];
}

export interface LoginStateCase {
  name: string;
  /** The upstream function or test the row comes from. */
  upstream: string;
  org: CaseOrg;
  /** Exactly the roles `u` holds, in any order (through access requests too). */
  roles: string[];
  /** Roles `u` holds through an approved access request: [role, request index, resources?]. */
  requestGrants?: [string, number, string[]?][];
  /** Why `u`'s approved requests add nothing: `req-<index> (<reason>)`. */
  skippedRequests?: string[];
  traits?: Traits;
  /** Roles `u` holds through an owner grant. */
  ownerRoles?: string[];
  loginFails?: boolean;
  /** `list (member|owner)` for lists `u` qualifies for but whose grants were skipped. */
  skipped?: string[];
  /** [role, chain (granting list first, joined by '>'), hours until expiry] for some grants */
  paths?: [string, string, number | undefined][];
}

const u = (roles: string[] = ['base'], traits: Traits = {}) => ({ u: { roles, traits } });

export const LOGIN_STATE_CASES: LoginStateCase[] = [
  {
    name: 'no access lists: own roles only',
    upstream: 'generator_test.go "access lists are empty"',
    org: { users: u() },
    roles: ['base'],
  },
  {
    name: 'member of two lists gets both lists’ roles and traits',
    upstream: 'generator_test.go "add roles and traits"',
    org: {
      users: u(['base'], { team: ['x'] }),
      lists: { l1: { grants: ['r1'], grantTraits: { team: ['y'] } }, l2: { grants: ['r2'] } },
      members: [
        ['l1', 'user:u'],
        ['l2', 'user:u'],
      ],
    },
    roles: ['base', 'r1', 'r2'],
    traits: { team: ['x', 'y'] },
  },
  {
    name: 'an in-force lock on the user: no list grants at all',
    upstream: 'hierarchy.go IsAccessListMember (GetLocks in force, target user)',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'], ownerGrants: ['o1'], owners: ['user:u'] } },
      members: [['l1', 'user:u']],
      locks: [{ user: 'u' }],
    },
    roles: ['base'],
  },
  {
    name: 'a lock past its expiry is not in force',
    upstream: 'api/types/lock.go LockV2.IsInForce',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'] } },
      members: [['l1', 'user:u']],
      locks: [{ user: 'u', hours: -1 }],
    },
    roles: ['base', 'r1'],
  },
  {
    name: 'a lock with an expiry still ahead is in force',
    upstream: 'api/types/lock.go LockV2.IsInForce',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'] } },
      members: [['l1', 'user:u']],
      locks: [{ user: 'u', hours: 2 }],
    },
    roles: ['base'],
  },
  {
    name: 'a lock naming the user and a login still matches the user',
    upstream: 'api/types/lock.go LockTarget.Match',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'] } },
      members: [['l1', 'user:u']],
      locks: [{ user: 'u', login: 'root' }],
    },
    roles: ['base'],
  },
  {
    name: 'a lock on a role only does not stop list grants',
    upstream: 'hierarchy.go IsAccessListMember (user target only)',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'] } },
      members: [['l1', 'user:u']],
      locks: [{ role: 'r1' }],
    },
    roles: ['base', 'r1'],
  },
  {
    name: 'an owner who is not a member gets owner grants only',
    upstream: 'generator_test.go "add owner roles and traits"',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'], ownerGrants: ['o1', 'o2'], owners: ['user:u'] } },
    },
    roles: ['base', 'o1', 'o2'],
    ownerRoles: ['o1', 'o2'],
    paths: [['o1', 'l1', undefined]],
  },
  {
    name: 'owner of two lists, member of one',
    upstream: 'generator_test.go "add owner and member roles and traits"',
    org: {
      users: u(),
      lists: {
        l1: { grants: ['r1'], ownerGrants: ['o1'], owners: ['user:u'] },
        l2: { grants: ['r2'], ownerGrants: ['o2'], owners: ['user:u'] },
      },
      members: [['l1', 'user:u']],
    },
    roles: ['base', 'r1', 'o1', 'o2'],
    ownerRoles: ['o1', 'o2'],
  },
  {
    name: 'trait values deduplicated, own values first',
    upstream: 'generator.go postProcess; generator_test.go "traits with duplicates"',
    org: {
      users: u(['base'], { k: ['v3'] }),
      lists: {
        l1: { grants: ['r1'], grantTraits: { k: ['v3', 'v4'] } },
        l2: { grants: ['r1'], grantTraits: { k: ['v3', 'v1'] } },
      },
      members: [
        ['l1', 'user:u'],
        ['l2', 'user:u'],
      ],
    },
    roles: ['base', 'r1'],
    traits: { k: ['v3', 'v4', 'v1'] },
  },
  {
    name: 'a list granting a missing role is skipped whole, its traits too',
    upstream: 'generator.go handleAccessListMembership; generator_test.go "non-existent role"',
    org: {
      users: u(),
      lists: {
        l1: { grants: ['r1'] },
        l2: { grants: ['r2', 'ghost'], grantTraits: { extra: ['yes'] } },
      },
      members: [
        ['l1', 'user:u'],
        ['l2', 'user:u'],
      ],
      missingRoles: ['ghost'],
    },
    roles: ['base', 'r1'],
    traits: {},
    skipped: ['l2 (member)'],
  },
  {
    name: 'a missing owner-grant role skips owner grants only',
    upstream: 'generator.go handleAccessListOwnership (its own identifyMissingRoles)',
    org: {
      users: u(),
      lists: { l1: { grants: ['r1'], ownerGrants: ['ghost'], owners: ['user:u'] } },
      members: [['l1', 'user:u']],
      missingRoles: ['ghost'],
    },
    roles: ['base', 'r1'],
    skipped: ['l1 (owner)'],
  },
  {
    name: 'an own role the cluster lacks makes the login fail',
    upstream: 'generator.go postProcess (GetRole error)',
    org: {
      users: u(['base', 'deleted']),
      lists: { l1: { grants: ['r1'] } },
      members: [['l1', 'user:u']],
      missingRoles: ['deleted'],
    },
    roles: [],
    loginFails: true,
  },
  {
    name: 'member of a nested list gets every ancestor’s grants',
    upstream: 'generator_test.go "member of nested list"; hierarchy.go IsAccessListMember',
    org: {
      users: u([]),
      lists: {
        l1: { grants: ['r1'], grantTraits: { t: ['1'] } },
        l2: { grants: ['r1'] },
        l3: { grants: ['r2'] },
      },
      members: [
        ['l3', 'user:u'],
        ['l2', 'list:l3'],
        ['l1', 'list:l2'],
      ],
    },
    roles: ['r1', 'r2'],
    traits: { t: ['1'] },
    paths: [
      ['r1', 'l1>l2>l3', undefined],
      ['r2', 'l3', undefined],
    ],
  },
  {
    name: 'diamond: each list once',
    upstream: 'generator_test.go "diamond formation"',
    org: {
      users: u([]),
      lists: {
        d1: { grantTraits: { t: ['1'] } },
        d2: { grantTraits: { t: ['2'] } },
        d3: { grantTraits: { t: ['3'] } },
        d4: { grantTraits: { t: ['4'] } },
      },
      members: [
        ['d1', 'user:u'],
        ['d2', 'list:d1'],
        ['d3', 'list:d1'],
        ['d4', 'list:d2'],
        ['d4', 'list:d3'],
      ],
    },
    roles: [],
    traits: { t: ['1', '2', '3', '4'] },
  },
  {
    name: 'members of an owner list, nested ones too, get the owned list’s owner grants',
    upstream: 'generator_test.go "members in nested access lists inherit parent\'s owner grants"',
    org: {
      users: u([]),
      lists: {
        n1: {},
        n2: {},
        n3: { ownerGrants: ['oc'], owners: ['list:n2'] },
      },
      members: [
        ['n1', 'user:u'],
        ['n2', 'list:n1'],
      ],
    },
    roles: ['oc'],
    ownerRoles: ['oc'],
    paths: [['oc', 'n3>n2>n1', undefined]],
  },
  {
    name: 'an expired membership grants nothing',
    upstream: 'hierarchy_test.go TestAccessListIsMember_RequirementsAndExpiry',
    org: { users: u(), lists: { l1: { grants: ['r1'] } }, members: [['l1', 'user:u', -1]] },
    roles: ['base'],
  },
  {
    name: 'a membership with an expiry ahead grants, with that expiry',
    upstream: 'hierarchy.go IsAccessListMember (Expires before now)',
    org: { users: u(), lists: { l1: { grants: ['r1'] } }, members: [['l1', 'user:u', 3]] },
    roles: ['base', 'r1'],
    paths: [['r1', 'l1', 3]],
  },
  {
    name: 'membership requires every listed role',
    upstream: 'hierarchy.go UserMeetsRequirements',
    org: {
      users: u(['m1']),
      lists: { l1: { grants: ['r1'], requires: { roles: ['m1', 'm2'] } } },
      members: [['l1', 'user:u']],
    },
    roles: ['m1'],
  },
  {
    name: 'membership requires every listed trait value',
    upstream: 'hierarchy.go UserMeetsRequirements',
    org: {
      users: u(['base'], { team: ['a'] }),
      lists: { l1: { grants: ['r1'], requires: { traits: { team: ['a', 'b'] } } } },
      members: [['l1', 'user:u']],
    },
    roles: ['base'],
  },
  {
    name: 'requirements met with values to spare',
    upstream: 'hierarchy.go UserMeetsRequirements',
    org: {
      users: u(['m1', 'm2'], { team: ['a', 'b', 'c'] }),
      lists: {
        l1: { grants: ['r1'], requires: { roles: ['m1', 'm2'], traits: { team: ['a', 'b'] } } },
      },
      members: [['l1', 'user:u']],
    },
    roles: ['m1', 'm2', 'r1'],
  },
  {
    name: 'a role granted by another list does not meet a requirement',
    upstream: 'hierarchy.go UserMeetsRequirements on the stored user (methods.go, Refresh)',
    org: {
      users: u(['base']),
      lists: { a1: { grants: ['m1'] }, a2: { grants: ['r2'], requires: { roles: ['m1'] } } },
      members: [
        ['a1', 'user:u'],
        ['a2', 'user:u'],
      ],
    },
    roles: ['base', 'm1'],
  },
  {
    name: 'a parent’s requirements apply to members of its nested lists',
    upstream: 'hierarchy.go IsAccessListMember (parent requirements on nested members)',
    org: {
      users: u(['base']),
      lists: {
        child: { grants: ['rc'] },
        parent: { grants: ['rp'], requires: { roles: ['boss'] } },
      },
      members: [
        ['child', 'user:u'],
        ['parent', 'list:child'],
      ],
    },
    roles: ['base', 'rc'],
  },
  {
    name: 'an expired nested-list membership cuts the parent off',
    upstream: 'hierarchy.go IsAccessListMember (expiry of the list record)',
    org: {
      users: u(),
      lists: { child: { grants: ['rc'] }, parent: { grants: ['rp'] } },
      members: [
        ['child', 'user:u'],
        ['parent', 'list:child', -2],
      ],
    },
    roles: ['base', 'rc'],
  },
  {
    name: 'an expired membership in the nested list cuts both',
    upstream: 'hierarchy.go IsAccessListMember (recursive)',
    org: {
      users: u(),
      lists: { child: { grants: ['rc'] }, parent: { grants: ['rp'] } },
      members: [
        ['child', 'user:u', -2],
        ['parent', 'list:child'],
      ],
    },
    roles: ['base'],
  },
  {
    name: 'a direct owner must meet the ownership requirements; membership is unaffected',
    upstream: 'hierarchy.go IsAccessListOwner',
    org: {
      users: u(),
      lists: {
        l1: {
          grants: ['r1'],
          ownerGrants: ['o1'],
          owners: ['user:u'],
          ownerRequires: { roles: ['x'] },
        },
      },
      members: [['l1', 'user:u']],
    },
    roles: ['base', 'r1'],
  },
  {
    name: 'a member of an owner list must meet the owned list’s ownership requirements',
    upstream: 'hierarchy_test.go TestAccessListHierarchyIsOwner',
    org: {
      users: u(['m']),
      lists: {
        owning: { requires: { roles: ['m'] } },
        owned: { ownerGrants: ['o1'], owners: ['list:owning'], ownerRequires: { roles: ['x'] } },
      },
      members: [['owning', 'user:u']],
    },
    roles: ['m'],
  },
  {
    name: 'a member of an owner list who fails that list’s membership requirements owns nothing',
    upstream: 'hierarchy_test.go TestAccessListHierarchyIsOwner',
    org: {
      users: u(['base']),
      lists: {
        owning: { requires: { roles: ['m'] } },
        owned: { ownerGrants: ['o1'], owners: ['list:owning'] },
      },
      members: [['owning', 'user:u']],
    },
    roles: ['base'],
  },
  {
    name: 'a member of the owned list, not of its owner list, is no owner',
    upstream: 'hierarchy_test.go TestAccessListHierarchyIsOwner (member2)',
    org: {
      users: u(),
      lists: {
        owning: {},
        owned: { grants: ['r1'], ownerGrants: ['o1'], owners: ['list:owning'] },
      },
      members: [['owned', 'user:u']],
    },
    roles: ['base', 'r1'],
  },
  {
    name: 'an owner of an owner list does not own what that list owns',
    upstream: 'hierarchy.go IsAccessListOwner; hierarchy_test.go TestGetOwners',
    org: {
      users: u(),
      lists: {
        owning: { owners: ['user:u'] },
        owned: { ownerGrants: ['o1'], owners: ['list:owning'] },
      },
    },
    roles: ['base'],
  },
  {
    name: 'eleven lists nested (ten edges, the most Teleport allows): the top’s grants arrive',
    upstream: 'hierarchy.go exceedsMaxDepth, accesslist.MaxAllowedDepth = 10 edges',
    org: {
      users: u([]),
      lists: Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [`c${i + 1}`, i === 0 ? { grants: ['top'] } : {}]),
      ),
      members: [
        ['c11', 'user:u'],
        ...Array.from({ length: 10 }, (_, i): CaseMember => [`c${i + 1}`, `list:c${i + 2}`]),
      ],
    },
    roles: ['top'],
    paths: [['top', 'c1>c2>c3>c4>c5>c6>c7>c8>c9>c10>c11', undefined]],
  },
  {
    name: 'a cycle in the data is cut, not followed forever',
    upstream: 'hierarchy.go validateAddition (Teleport refuses cycles when saving)',
    org: {
      users: u([]),
      lists: { y1: { grants: ['ra'] }, y2: { grants: ['rb'] } },
      members: [
        ['y1', 'user:u'],
        ['y1', 'list:y2'],
        ['y2', 'list:y1'],
      ],
    },
    roles: ['ra', 'rb'],
  },
  {
    name: 'two paths with different expiries are both kept, each with its own',
    upstream: 'hierarchy.go IsAccessListMember (any valid path)',
    org: {
      users: u([]),
      lists: { top: { grants: ['rt'] }, mid: {} },
      members: [
        ['top', 'user:u', 2],
        ['mid', 'user:u', 5],
        ['top', 'list:mid'],
      ],
    },
    roles: ['rt'],
    paths: [
      ['rt', 'top', 2],
      ['rt', 'top>mid', 5],
    ],
  },
  {
    name: 'a user in a list nested in an owner list is an owner',
    upstream: 'hierarchy.go collectMembersAsOwners, IsAccessListOwner',
    org: {
      users: u([]),
      lists: { inner: {}, owning: {}, owned: { ownerGrants: ['o1'], owners: ['list:owning'] } },
      members: [
        ['inner', 'user:u'],
        ['owning', 'list:inner'],
      ],
    },
    roles: ['o1'],
    ownerRoles: ['o1'],
  },

  // Access requests: what an approved request adds to the certificate its requester re-issues.
  {
    name: 'an approved request adds its roles until its access expiry',
    upstream: 'auth_with_roles.go desiredAccessInfoForUser; auth.go getValidatedAccessRequest',
    org: {
      users: u(),
      requests: [{ state: 'approved', roles: ['r1', 'r2'], hours: 4 }],
    },
    roles: ['base', 'r1', 'r2'],
    requestGrants: [
      ['r1', 0],
      ['r2', 0],
    ],
  },
  {
    name: 'an approved request past its access expiry adds nothing',
    upstream: 'auth.go getValidatedAccessRequest (GetAccessExpiry before now)',
    org: { users: u(), requests: [{ state: 'approved', roles: ['r1'], hours: -1 }] },
    roles: ['base'],
    skippedRequests: ['req-0 (expired)'],
  },
  {
    name: 'a pending request adds nothing',
    upstream: 'auth.go getValidatedAccessRequest ("is awaiting approval")',
    org: { users: u(), requests: [{ state: 'pending', roles: ['r1'], hours: 4 }] },
    roles: ['base'],
  },
  {
    name: 'a denied request adds nothing',
    upstream: 'auth.go getValidatedAccessRequest ("has been denied")',
    org: { users: u(), requests: [{ state: 'denied', roles: ['r1'], hours: 4 }] },
    roles: ['base'],
  },
  {
    name: 'a resource-scoped approved request adds its roles, marked with its resources',
    upstream: 'auth_with_roles.go desiredAccessInfoForUser (AllowedResourceIDs)',
    org: {
      users: u(),
      requests: [
        {
          state: 'approved',
          roles: ['r1'],
          hours: 2,
          resources: ['/c/node/n-1', '/c/pod/k-1/default/web-0'],
        },
      ],
    },
    roles: ['base', 'r1'],
    requestGrants: [['r1', 0, ['/c/node/n-1', '/c/pod/k-1/default/web-0']]],
  },
  {
    name: 'an approved request for a role the cluster lacks adds nothing, not even its other roles',
    upstream: 'auth_with_roles.go generateUserCerts (services.FetchRoleList fails)',
    org: {
      users: u(),
      requests: [{ state: 'approved', roles: ['r1', 'gone'], hours: 4 }],
      missingRoles: ['gone'],
    },
    roles: ['base'],
    skippedRequests: ['req-0 (missingRole)'],
  },
  {
    name: 'an approved request of a locked user adds nothing',
    upstream: 'auth.go verifyLocksForUserCerts (LockTarget{User})',
    org: {
      users: u(),
      requests: [{ state: 'approved', roles: ['r1'], hours: 4 }],
      locks: [{ user: 'u', login: 'root' }],
    },
    roles: ['base'],
    skippedRequests: ['req-0 (locked)'],
  },
  {
    name: 'an approved request adds nothing while one of the certificate’s roles is locked',
    upstream: 'auth.go verifyLocksForUserCerts (services.RolesToLockTargets)',
    org: {
      users: u(),
      requests: [
        { state: 'approved', roles: ['r1'], hours: 4 },
        { state: 'approved', roles: ['r2'], hours: 4 },
      ],
      locks: [{ role: 'r1' }],
    },
    roles: ['base', 'r2'],
    requestGrants: [['r2', 1]],
    skippedRequests: ['req-0 (locked)'],
  },
  {
    name: 'a lock on the request itself stops it',
    upstream: 'auth.go verifyLocksForUserCerts (services.AccessRequestsToLockTargets)',
    org: {
      users: u(),
      requests: [{ state: 'approved', roles: ['r1'], hours: 4 }],
      locks: [{ request: 0 }],
    },
    roles: ['base'],
    skippedRequests: ['req-0 (locked)'],
  },
  {
    name: 'an approved request adds nothing before its assume-start time',
    upstream: 'auth.go getValidatedAccessRequest (GetAssumeStartTime after now)',
    org: {
      users: u(),
      requests: [{ state: 'approved', roles: ['r1'], hours: 4, startsInHours: 1 }],
    },
    roles: ['base'],
    skippedRequests: ['req-0 (notYetStarted)'],
  },
  {
    name: 'an approved request adds its roles once its assume-start time has passed',
    upstream: 'auth.go getValidatedAccessRequest (GetAssumeStartTime after now)',
    org: {
      users: u(),
      requests: [{ state: 'approved', roles: ['r1'], hours: 4, startsInHours: -1 }],
    },
    roles: ['base', 'r1'],
    requestGrants: [['r1', 0]],
  },
  {
    name: 'another user’s approved request adds nothing',
    upstream: 'auth.go getValidatedAccessRequest (filter by the certificate’s user)',
    org: {
      users: { ...u(), v: { roles: ['base'] } },
      requests: [{ user: 'v', state: 'approved', roles: ['r1'], hours: 4 }],
    },
    roles: ['base'],
  },
  {
    name: 'a role held directly and through a request is held both ways',
    upstream: 'auth_with_roles.go desiredAccessInfoForUser (roles merged, deduplicated)',
    org: { users: u(), requests: [{ state: 'approved', roles: ['base'], hours: 4 }] },
    roles: ['base'],
    requestGrants: [['base', 0]],
  },
  {
    name: 'a user whose login fails gets nothing from a request either',
    upstream: 'generator.go postProcess; auth_with_roles.go generateUserCerts',
    org: {
      users: u(['base', 'deleted']),
      requests: [{ state: 'approved', roles: ['r1'], hours: 4 }],
      missingRoles: ['deleted'],
    },
    roles: [],
    loginFails: true,
  },
];
