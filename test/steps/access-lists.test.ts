import { describe, expect, it } from 'vitest';
import {
  createAccessListEntity,
  createAccessListGrantRelationships,
  createAccessListMemberRelationship,
  createAccessListOwnerRelationship,
  eligibilityOf,
} from '../../src/steps/access-lists/converters';
import { reviewDayOfMonth, reviewFrequencyMonths } from '../../src/steps/review-schedule';
import type { AccessList, AccessListMember } from '../../src/teleport';
import { expectGraph, NOW, DAY, at } from '../helpers/graph-matchers';
import { Steps } from '../../src/steps/constants';
import { useStepRun } from '../harness/step-run';
import { sampleAccessListIds } from '../../standin/data/sample-org';

const LIST_ID = '5b0c4f0e-2a6d-4c1e-9a0f-1d2e3f4a5b6c';
const NESTED_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const PARENT_ID = 'f0e0d0c0-0000-4000-8000-000000000002';

function list(
  spec: AccessList['spec'] = {},
  status?: AccessList['status'],
  name = LIST_ID,
): AccessList {
  return { header: { kind: 'access_list', version: 'v1', metadata: { name } }, spec, status };
}

const engineering = list(
  {
    title: 'Engineering',
    description: 'Everyone who ships code',
    owners: [
      { name: 'alice', description: 'Team lead', ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE' },
      { name: 'bob' },
      { name: 'carol', ineligibleStatus: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' },
      { name: 'dave', ineligibleStatus: 'INELIGIBLE_STATUS_UNSPECIFIED' },
    ],
    audit: {
      nextAuditDate: at(NOW + 10 * DAY),
      recurrence: {
        frequency: 'REVIEW_FREQUENCY_THREE_MONTHS',
        dayOfMonth: 'REVIEW_DAY_OF_MONTH_FIFTEENTH',
      },
      notifications: { start: { seconds: 14 * 86400 } },
    },
    membershipRequires: {
      roles: ['employee'],
      traits: [{ key: 'department', values: ['eng', 'sre'] }],
    },
    ownershipRequires: { roles: ['manager'], traits: [{ key: 'level', values: ['senior'] }] },
    grants: { roles: ['access', 'dev'], traits: [{ key: 'logins', values: ['ubuntu'] }] },
    ownerGrants: { roles: ['reviewer'], traits: [{ key: 'team', values: ['eng-leads'] }] },
  },
  { memberCount: 42, memberListCount: 2 },
);

describe('createAccessListEntity', () => {
  it('is named by its UUID and titled by its title', () => {
    const entity = createAccessListEntity(engineering, NOW);
    expect(entity._key).toBe(`teleport_access_list:${LIST_ID}`);
    expect(entity._type).toBe('teleport_access_list');
    expect(entity._class).toEqual(['UserGroup']);
    expect(entity.name).toBe(LIST_ID);
    expect(entity.displayName).toBe('Engineering');
    expect(entity.title).toBe('Engineering');
    expect(entity.description).toBe('Everyone who ships code');
  });

  it('falls back to the name when there is no title', () => {
    const entity = createAccessListEntity(list({ title: '' }), NOW);
    expect(entity.title).toBe(LIST_ID);
    expect(entity.displayName).toBe(LIST_ID);
  });

  it('records the next audit and whether it is overdue, relative to now', () => {
    const entity = createAccessListEntity(engineering, NOW);
    expect(entity.nextAuditOn).toBe(NOW + 10 * DAY);
    expect(entity.auditOverdue).toBe(false);
    expect(createAccessListEntity(engineering, NOW + 11 * DAY).auditOverdue).toBe(true);
    const overdue = createAccessListEntity(list({ audit: { nextAuditDate: at(NOW - DAY) } }), NOW);
    expect(overdue.auditOverdue).toBe(true);
  });

  it('is never overdue without a next audit date', () => {
    const entity = createAccessListEntity(list({}), NOW);
    expect(entity.auditOverdue).toBe(false);
    expect(entity).not.toHaveProperty('nextAuditOn');
  });

  it('reads the review schedule from the enum names', () => {
    const entity = createAccessListEntity(engineering, NOW);
    expect(entity.reviewFrequencyMonths).toBe(3);
    expect(entity.reviewDayOfMonth).toBe(15);
    expect(entity.reviewNotificationDays).toBe(14);
  });

  it('writes requirements and grants as roles and key=value trait pairs', () => {
    const entity = createAccessListEntity(engineering, NOW);
    expect(entity.membershipRequiresRoles).toEqual(['employee']);
    expect(entity.membershipRequiresTraits).toEqual(['department=eng', 'department=sre']);
    expect(entity.ownershipRequiresRoles).toEqual(['manager']);
    expect(entity.ownershipRequiresTraits).toEqual(['level=senior']);
    expect(entity.grantedRoles).toEqual(['access', 'dev']);
    expect(entity.grantedTraits).toEqual(['logins=ubuntu']);
    expect(entity.ownerGrantedRoles).toEqual(['reviewer']);
    expect(entity.ownerGrantedTraits).toEqual(['team=eng-leads']);
  });

  it('counts owners, eligible owners (eligible or unspecified) and members', () => {
    const entity = createAccessListEntity(engineering, NOW);
    expect(entity.owners).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(entity.ownerCount).toBe(4);
    expect(entity.eligibleOwnerCount).toBe(3);
    expect(entity.memberCount).toBe(42);
    expect(entity.memberListCount).toBe(2);
  });

  it('does not crash on an empty list', () => {
    const entity = createAccessListEntity({}, NOW);
    expect(entity._key).toBe('teleport_access_list:');
    expect(entity.ownerCount).toBe(0);
    expect(entity.eligibleOwnerCount).toBe(0);
    expect(entity).not.toHaveProperty('memberCount');
    expect(entity).not.toHaveProperty('grantedRoles');
    expect(entity).not.toHaveProperty('reviewFrequencyMonths');
  });

  it('matches the UserGroup schema', () => {
    expectGraph([
      createAccessListEntity(engineering, NOW),
      createAccessListEntity(list({}, undefined, NESTED_ID), NOW),
    ]).toMatchGraphObjectSchema({ _class: ['UserGroup'], _type: 'teleport_access_list' });
  });
});

describe('review schedule helpers', () => {
  it('maps every frequency', () => {
    expect(reviewFrequencyMonths('REVIEW_FREQUENCY_ONE_MONTH')).toBe(1);
    expect(reviewFrequencyMonths('REVIEW_FREQUENCY_THREE_MONTHS')).toBe(3);
    expect(reviewFrequencyMonths('REVIEW_FREQUENCY_SIX_MONTHS')).toBe(6);
    expect(reviewFrequencyMonths('REVIEW_FREQUENCY_ONE_YEAR')).toBe(12);
    expect(reviewFrequencyMonths('REVIEW_FREQUENCY_UNSPECIFIED')).toBeUndefined();
    expect(reviewFrequencyMonths(undefined)).toBeUndefined();
  });

  it('maps every day of month', () => {
    expect(reviewDayOfMonth('REVIEW_DAY_OF_MONTH_FIRST')).toBe(1);
    expect(reviewDayOfMonth('REVIEW_DAY_OF_MONTH_FIFTEENTH')).toBe(15);
    expect(reviewDayOfMonth('REVIEW_DAY_OF_MONTH_LAST')).toBe(31);
    expect(reviewDayOfMonth('REVIEW_DAY_OF_MONTH_UNSPECIFIED')).toBeUndefined();
  });

  it('names eligibility statuses', () => {
    expect(eligibilityOf('INELIGIBLE_STATUS_ELIGIBLE')).toBe('eligible');
    expect(eligibilityOf('INELIGIBLE_STATUS_USER_NOT_EXIST')).toBe('user_not_exist');
    expect(eligibilityOf(undefined)).toBe('unspecified');
  });
});

describe('createAccessListGrantRelationships', () => {
  it('gives one relationship per role per grant type', () => {
    const relationships = createAccessListGrantRelationships(
      list({
        grants: { roles: ['access', 'dev', 'access'] },
        ownerGrants: { roles: ['reviewer'] },
      }),
    );
    expect(relationships.map((r) => [r._toEntityKey, r.grantType])).toEqual([
      ['teleport_role:access', 'member'],
      ['teleport_role:dev', 'member'],
      ['teleport_role:reviewer', 'owner'],
    ]);
    for (const relationship of relationships) {
      expect(relationship._type).toBe('teleport_access_list_assigned_role');
      expect(relationship._class).toBe('ASSIGNED');
      expect(relationship._fromEntityKey).toBe(`teleport_access_list:${LIST_ID}`);
    }
  });

  it('gives distinct keys to a role granted to members and to owners', () => {
    const relationships = createAccessListGrantRelationships(
      list({ grants: { roles: ['editor'] }, ownerGrants: { roles: ['editor'] } }),
    );
    expect(relationships).toHaveLength(2);
    expect(relationships.map((r) => r.grantType).sort()).toEqual(['member', 'owner']);
    expect(relationships[0]!._toEntityKey).toBe('teleport_role:editor');
    expect(relationships[1]!._toEntityKey).toBe('teleport_role:editor');
    expect(new Set(relationships.map((r) => r._key)).size).toBe(2);
    expectGraph(relationships).toMatchDirectRelationshipSchema({});
  });

  it('gives nothing for a list that grants nothing', () => {
    expect(createAccessListGrantRelationships(list({}))).toEqual([]);
  });
});

describe('createAccessListMemberRelationship', () => {
  function member(spec: AccessListMember['spec']): AccessListMember {
    return { header: { metadata: { name: spec?.name } }, spec: { accessList: LIST_ID, ...spec } };
  }

  it('links the list to a user member that confers access', () => {
    const relationship = createAccessListMemberRelationship(
      member({
        name: 'alice',
        joined: at(NOW - 30 * DAY),
        expires: at(NOW + 30 * DAY),
        addedBy: 'bob',
        reason: 'on-call rotation',
        ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE',
        membershipKind: 'MEMBERSHIP_KIND_USER',
      }),
      NOW,
    );
    expect(relationship._type).toBe('teleport_access_list_has_user');
    expect(relationship._class).toBe('HAS');
    expect(relationship._fromEntityKey).toBe(`teleport_access_list:${LIST_ID}`);
    expect(relationship._toEntityKey).toBe('teleport_user:alice');
    expect(relationship.memberName).toBe('alice');
    expect(relationship.membershipKind).toBe('user');
    expect(relationship.eligibility).toBe('eligible');
    expect(relationship.expired).toBe(false);
    expect(relationship.confersAccess).toBe(true);
    expect(relationship.joinedOn).toBe(NOW - 30 * DAY);
    expect(relationship.expiresOn).toBe(NOW + 30 * DAY);
    expect(relationship.addedBy).toBe('bob');
    expect(relationship.reason).toBe('on-call rotation');
  });

  it('marks an expired member as conferring no access', () => {
    const relationship = createAccessListMemberRelationship(
      member({
        name: 'eve',
        expires: at(NOW - DAY),
        ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE',
      }),
      NOW,
    );
    expect(relationship.expired).toBe(true);
    expect(relationship.confersAccess).toBe(false);
    expect(relationship.expiresOn).toBe(NOW - DAY);
  });

  it('keeps the stored status as a property, never as the rule', () => {
    // Teleport never reads ineligible_status when it grants (lib/accesslists/hierarchy.go).
    const stale = createAccessListMemberRelationship(
      member({ name: 'mallory', ineligibleStatus: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' }),
      NOW,
      true,
    );
    expect(stale).toMatchObject({
      eligibility: 'missing_requirements',
      meetsRequirements: true,
      expired: false,
      confersAccess: true,
    });
    const unmet = createAccessListMemberRelationship(
      member({ name: 'mallory', ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE' }),
      NOW,
      false,
    );
    expect(unmet).toMatchObject({
      eligibility: 'eligible',
      meetsRequirements: false,
      confersAccess: false,
    });
  });

  it('treats an unspecified eligibility as conferring access', () => {
    const relationship = createAccessListMemberRelationship(member({ name: 'frank' }), NOW);
    expect(relationship.eligibility).toBe('unspecified');
    expect(relationship.confersAccess).toBe(true);
    expect(relationship).not.toHaveProperty('expiresOn');
  });

  it('links the list to a nested list member', () => {
    const relationship = createAccessListMemberRelationship(
      member({ name: NESTED_ID, membershipKind: 'MEMBERSHIP_KIND_LIST' }),
      NOW,
    );
    expect(relationship._type).toBe('teleport_access_list_has_list');
    expect(relationship._class).toBe('HAS');
    expect(relationship._fromEntityKey).toBe(`teleport_access_list:${LIST_ID}`);
    expect(relationship._toEntityKey).toBe(`teleport_access_list:${NESTED_ID}`);
    expect(relationship.membershipKind).toBe('list');
  });

  it('takes the member name from the header when the spec has none', () => {
    const relationship = createAccessListMemberRelationship(
      { header: { metadata: { name: 'grace' } }, spec: { accessList: LIST_ID } },
      NOW,
    );
    expect(relationship._toEntityKey).toBe('teleport_user:grace');
  });

  it('matches the relationship schema', () => {
    expectGraph([
      createAccessListMemberRelationship(member({ name: 'alice', expires: at(NOW + DAY) }), NOW),
      createAccessListMemberRelationship(
        member({ name: NESTED_ID, membershipKind: 'MEMBERSHIP_KIND_LIST' }),
        NOW,
      ),
    ]).toMatchDirectRelationshipSchema({});
  });
});

describe('createAccessListOwnerRelationship', () => {
  it('links a user owner to the list it manages', () => {
    const relationship = createAccessListOwnerRelationship(
      LIST_ID,
      { name: 'alice', description: 'Team lead', ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE' },
      false,
    );
    expect(relationship._type).toBe('teleport_user_manages_access_list');
    expect(relationship._class).toBe('MANAGES');
    expect(relationship._fromEntityKey).toBe('teleport_user:alice');
    expect(relationship._toEntityKey).toBe(`teleport_access_list:${LIST_ID}`);
    expect(relationship.ownerName).toBe('alice');
    expect(relationship.membershipKind).toBe('user');
    expect(relationship.eligibility).toBe('eligible');
    expect(relationship.inherited).toBe(false);
    expect(relationship.description).toBe('Team lead');
  });

  it('records an inherited owner', () => {
    const relationship = createAccessListOwnerRelationship(LIST_ID, { name: 'bob' }, true);
    expect(relationship.inherited).toBe(true);
    expect(relationship.eligibility).toBe('unspecified');
    expect(relationship).not.toHaveProperty('description');
  });

  it('links an owning list to the list it manages', () => {
    const relationship = createAccessListOwnerRelationship(
      LIST_ID,
      { name: PARENT_ID, membershipKind: 'MEMBERSHIP_KIND_LIST' },
      false,
    );
    expect(relationship._type).toBe('teleport_access_list_manages_list');
    expect(relationship._class).toBe('MANAGES');
    expect(relationship._fromEntityKey).toBe(`teleport_access_list:${PARENT_ID}`);
    expect(relationship._toEntityKey).toBe(`teleport_access_list:${LIST_ID}`);
    expect(relationship.membershipKind).toBe('list');
  });

  it('matches the relationship schema', () => {
    expectGraph([
      createAccessListOwnerRelationship(LIST_ID, { name: 'alice' }, false),
      createAccessListOwnerRelationship(
        LIST_ID,
        { name: PARENT_ID, membershipKind: 'MEMBERSHIP_KIND_LIST' },
        true,
      ),
    ]).toMatchDirectRelationshipSchema({});
  });
});

describe('membership edge cases', () => {
  it('does not take a stored EXPIRED status without an expiry time as expired', () => {
    const relationship = createAccessListMemberRelationship(
      {
        header: { metadata: { name: 'alice' } },
        spec: { accessList: LIST_ID, name: 'alice', ineligibleStatus: 'INELIGIBLE_STATUS_EXPIRED' },
      },
      NOW,
    );
    expect(relationship).toMatchObject({
      eligibility: 'expired',
      expired: false,
      confersAccess: true,
    });
  });

  it('falls back to the header name when the spec name is empty', () => {
    const relationship = createAccessListMemberRelationship(
      { header: { metadata: { name: 'bob' } }, spec: { accessList: LIST_ID, name: '' } },
      NOW,
    );
    expect(relationship._toEntityKey).toBe('teleport_user:bob');
  });
});

describe('fetch-access-lists, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(Steps.ACCESS_LISTS);

  it('describes access lists, with overdue reviews flagged', () => {
    const contractors = run
      .ofType('teleport_access_list')
      .find((candidate) => candidate.title === 'Contractors');
    expect(contractors).toMatchObject({
      name: sampleAccessListIds.contractors,
      auditOverdue: true,
    });
    const production = run.entity('teleport_access_list', sampleAccessListIds.productionSsh);
    expect(production).toMatchObject({
      displayName: 'Production SSH',
      grantedRoles: expect.arrayContaining(['prod-ssh']),
    });
    expect(production.nextAuditOn).toEqual(expect.any(Number));
  });

  it('relates the roles it grants to members and to owners', () => {
    const grants = run.ofType('teleport_access_list_assigned_role');
    expect(new Set(grants.map((grant) => grant.grantType))).toEqual(new Set(['member', 'owner']));
  });
});

describe('fetch-access-list-members, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(Steps.ACCESS_LIST_MEMBERS);

  it('relates nested lists and members, expired and ineligible ones marked', () => {
    const platform = `teleport_access_list:${sampleAccessListIds.platformEngineers}`;
    const productionSsh = `teleport_access_list:${sampleAccessListIds.productionSsh}`;
    expect(run.between('teleport_access_list_has_list', platform, productionSsh)).toEqual([
      expect.objectContaining({ membershipKind: 'list' }),
    ]);
    const members = run.ofType('teleport_access_list_has_user');
    const expired = members.filter((member) => member.expired === true);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((member) => member.confersAccess === false)).toBe(true);
    expect(members.some((member) => member.eligibility === 'missing_requirements')).toBe(true);
  });

  it('adds a user that a membership names but the cluster no longer has, as missing', () => {
    expect(run.entity('teleport_user', 'former-employee@acme.com')).toMatchObject({
      missing: true,
      active: false,
    });
  });
});

describe('fetch-access-list-owners, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(Steps.ACCESS_LIST_OWNERS);

  it('relates owners, inherited ones included, and the list that owns another', () => {
    expect(
      run.ofType('teleport_user_manages_access_list').some((owner) => owner.inherited === true),
    ).toBe(true);
    expect(run.ofType('teleport_access_list_manages_list')).toHaveLength(1);
  });
});
