import { describe, expect, it } from 'vitest';
import type { Relationship } from '@jupiterone/integration-sdk-core';
import {
  createAccessListGrantRelationships,
  createAccessListMemberRelationship,
  createAccessListOwnerRelationship,
} from '../../src/steps/access-lists/converters';
import {
  AccessListFacts,
  EffectiveGrant,
  MAX_NESTING_DEPTH,
  createEffectiveRoleRelationship,
  directGrants,
} from '../../src/steps/effective-roles/converters';
import type {
  AccessList,
  AccessListMember,
  AccessListOwner,
  IneligibleStatus,
} from '../../src/teleport';
import { expectGraph, NOW, DAY, at } from '../helpers/graph-matchers';

function list(
  name: string,
  grants: { member?: string[]; owner?: string[] } = {},
  owners: AccessListOwner[] = [],
): AccessList {
  return {
    header: { metadata: { name } },
    spec: {
      title: name.toUpperCase(),
      owners,
      grants: { roles: grants.member ?? [] },
      ownerGrants: { roles: grants.owner ?? [] },
    },
  };
}

function member(
  accessList: string,
  name: string,
  options: { nested?: boolean; status?: IneligibleStatus; expiresInDays?: number } = {},
): AccessListMember {
  return {
    header: { metadata: { name } },
    spec: {
      accessList,
      name,
      membershipKind: options.nested ? 'MEMBERSHIP_KIND_LIST' : 'MEMBERSHIP_KIND_USER',
      ineligibleStatus: options.status ?? 'INELIGIBLE_STATUS_ELIGIBLE',
      ...(options.expiresInDays !== undefined
        ? { expires: at(NOW + options.expiresInDays * DAY) }
        : {}),
    },
  };
}

function owner(
  name: string,
  options: { list?: boolean; status?: IneligibleStatus } = {},
): AccessListOwner {
  return {
    name,
    membershipKind: options.list ? 'MEMBERSHIP_KIND_LIST' : 'MEMBERSHIP_KIND_USER',
    ineligibleStatus: options.status ?? 'INELIGIBLE_STATUS_ELIGIBLE',
  };
}

/** Facts from what the access list converters write, so the two stay in step. */
function factsFrom(
  lists: AccessList[],
  members: AccessListMember[],
  extraOwners: { list: string; owner: AccessListOwner; inherited: boolean }[] = [],
): AccessListFacts {
  const relationships: Relationship[] = [];
  for (const accessList of lists) {
    relationships.push(...createAccessListGrantRelationships(accessList));
    for (const listOwner of accessList.spec?.owners ?? []) {
      relationships.push(
        createAccessListOwnerRelationship(accessList.header!.metadata!.name!, listOwner, false),
      );
    }
  }
  for (const entry of extraOwners) {
    relationships.push(createAccessListOwnerRelationship(entry.list, entry.owner, entry.inherited));
  }
  for (const entry of members) {
    relationships.push(createAccessListMemberRelationship(entry, NOW));
  }
  const facts = new AccessListFacts();
  for (const relationship of relationships) {
    facts.record(relationship);
  }
  return facts;
}

/** `user role grantType A>B [expiresOn]`, sorted: easy to compare. */
function summary(grants: Iterable<EffectiveGrant>): string[] {
  return [...grants]
    .map(
      (grant) =>
        `${grant.user} ${grant.role} ${grant.grantType ?? grant.via} ${grant.chain.join('>')}` +
        (grant.expiresOn !== undefined ? ` ${grant.expiresOn}` : ''),
    )
    .sort();
}

describe('directGrants', () => {
  it('gives each of a user’s own roles once', () => {
    expect(directGrants('alice', ['access', 'editor', 'access', ''])).toEqual([
      { user: 'alice', role: 'access', via: 'direct', chain: [] },
      { user: 'alice', role: 'editor', via: 'direct', chain: [] },
    ]);
    expect(directGrants('bob', undefined)).toEqual([]);
  });
});

describe('AccessListFacts: members', () => {
  it('gives a member the list’s member grants, and an outer list’s through nesting, outermost first', () => {
    const facts = factsFrom(
      [list('a', { member: ['prod'] }), list('b', { member: ['dev'] })],
      [member('b', 'alice'), member('a', 'b', { nested: true })],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual([
      'alice dev member b',
      'alice prod member a>b',
    ]);
  });

  it('ignores expired and ineligible memberships, of users and of nested lists', () => {
    const facts = factsFrom(
      [list('a', { member: ['prod'] }), list('b', { member: ['dev'] })],
      [
        member('a', 'expired', { expiresInDays: -1 }),
        member('a', 'flagged-expired', { status: 'INELIGIBLE_STATUS_EXPIRED' }),
        member('a', 'unqualified', { status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' }),
        member('a', 'gone', { status: 'INELIGIBLE_STATUS_USER_NOT_EXIST' }),
        member('b', 'carol'),
        member('a', 'b', { nested: true, status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' }),
      ],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual(['carol dev member b']);
  });

  it('carries the earliest expiry along the chain', () => {
    const facts = factsFrom(
      [list('a', { member: ['prod'] }), list('b', { member: ['dev'] })],
      [
        member('b', 'alice', { expiresInDays: 30 }),
        member('a', 'b', { nested: true, expiresInDays: 10 }),
        member('b', 'bob'),
      ],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual([
      `alice dev member b ${NOW + 30 * DAY}`,
      `alice prod member a>b ${NOW + 10 * DAY}`,
      'bob dev member b',
      `bob prod member a>b ${NOW + 10 * DAY}`,
    ]);
  });

  it('records every path when a user reaches a list two ways (a diamond)', () => {
    const facts = factsFrom(
      [list('top', { member: ['admin'] }), list('left'), list('right'), list('team')],
      [
        member('team', 'alice'),
        member('left', 'team', { nested: true }),
        member('right', 'team', { nested: true }),
        member('top', 'left', { nested: true }),
        member('top', 'right', { nested: true }),
        member('top', 'alice'),
      ],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual([
      'alice admin member top',
      'alice admin member top>left>team',
      'alice admin member top>right>team',
    ]);
  });

  it('stops at a cycle in nesting', () => {
    const facts = factsFrom(
      [list('a', { member: ['one'] }), list('b', { member: ['two'] })],
      [
        member('a', 'alice'),
        member('b', 'a', { nested: true }),
        member('a', 'b', { nested: true }),
      ],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual([
      'alice one member a',
      'alice two member b>a',
    ]);
  });

  it('follows nesting no deeper than Teleport allows', () => {
    const names = Array.from({ length: MAX_NESTING_DEPTH + 3 }, (_, index) => `l${index}`);
    const facts = factsFrom(
      names.map((name) => list(name, { member: [`role-${name}`] })),
      [
        member('l0', 'alice'),
        ...names.slice(1).map((name, index) => member(name, names[index]!, { nested: true })),
      ],
    );
    const grants = [...facts.grantsThroughAccessLists()];
    expect(grants).toHaveLength(MAX_NESTING_DEPTH);
    expect(Math.max(...grants.map((grant) => grant.chain.length))).toBe(MAX_NESTING_DEPTH);
  });
});

describe('AccessListFacts: owners', () => {
  it('gives an eligible owner the owner grants, never the member grants', () => {
    const facts = factsFrom(
      [
        list('a', { member: ['prod'], owner: ['reviewer'] }, [
          owner('olga'),
          owner('unqualified', { status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' }),
        ]),
      ],
      [member('a', 'mike')],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual([
      'mike prod member a',
      'olga reviewer owner a',
    ]);
  });

  it('makes the members of an owning list (nested ones too) owners, chain from the owned list', () => {
    const facts = factsFrom(
      [
        list('a', { member: ['prod'], owner: ['reviewer'] }, [owner('security', { list: true })]),
        list('security', { member: ['auditor'] }),
        list('oncall'),
      ],
      [
        member('security', 'heidi'),
        member('security', 'oncall', { nested: true, expiresInDays: 5 }),
        member('oncall', 'ivan'),
      ],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual([
      'heidi auditor member security',
      'heidi reviewer owner a>security',
      `ivan auditor member security>oncall ${NOW + 5 * DAY}`,
      `ivan reviewer owner a>security>oncall ${NOW + 5 * DAY}`,
    ]);
  });

  it('follows Teleport when it reports an inherited owner ineligible, and ignores an ineligible owning list', () => {
    const facts = factsFrom(
      [
        list('a', { owner: ['reviewer'] }, [owner('security', { list: true })]),
        list('b', { owner: ['approver'] }, [
          owner('security', { list: true, status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' }),
        ]),
        list('security'),
      ],
      [member('security', 'heidi'), member('security', 'carol')],
      [
        {
          list: 'a',
          owner: owner('carol', { status: 'INELIGIBLE_STATUS_MISSING_REQUIREMENTS' }),
          inherited: true,
        },
        { list: 'a', owner: owner('heidi'), inherited: true },
      ],
    );
    expect(summary(facts.grantsThroughAccessLists())).toEqual(['heidi reviewer owner a>security']);
  });

  it('ignores relationships that grant nothing', () => {
    const facts = new AccessListFacts();
    facts.record({
      _key: 'teleport_account:x|has|teleport_user:y',
      _type: 'teleport_account_has_user',
      _class: 'HAS',
      _fromEntityKey: 'teleport_account:x',
      _toEntityKey: 'teleport_user:y',
    } as Relationship);
    expect([...facts.grantsThroughAccessLists()]).toEqual([]);
  });
});

describe('createEffectiveRoleRelationship', () => {
  const titles = new Map([
    ['a', 'Production'],
    ['b', 'Database readers'],
  ]);

  it('records how the role is held, with a key per path', () => {
    const direct = createEffectiveRoleRelationship(
      { user: 'alice', role: 'prod', via: 'direct', chain: [] },
      titles,
    );
    const nested = createEffectiveRoleRelationship(
      {
        user: 'alice',
        role: 'prod',
        via: 'accessList',
        grantType: 'member',
        chain: ['a', 'b'],
        expiresOn: NOW,
      },
      titles,
    );
    const owned = createEffectiveRoleRelationship(
      { user: 'alice', role: 'prod', via: 'accessList', grantType: 'owner', chain: ['a'] },
      titles,
    );
    expect(direct).toMatchObject({
      _type: 'teleport_user_has_role',
      _class: 'HAS',
      _fromEntityKey: 'teleport_user:alice',
      _toEntityKey: 'teleport_role:prod',
      via: 'direct',
    });
    expect(direct).not.toHaveProperty('accessListChain');
    expect(nested).toMatchObject({
      via: 'accessList',
      grantType: 'member',
      accessList: 'a',
      accessListTitle: 'Production',
      accessListChain: 'a > b',
      accessListChainTitles: 'Production > Database readers',
      accessListDepth: 2,
      nested: true,
      expiresOn: NOW,
    });
    expect(owned).toMatchObject({ grantType: 'owner', nested: false });
    expect(new Set([direct._key, nested._key, owned._key]).size).toBe(3);
    expect(direct._key).not.toBe('teleport_user:alice|assigned|teleport_role:prod');
    expectGraph([direct, nested, owned]).toMatchDirectRelationshipSchema({});
  });

  it('falls back to the list name when there is no title', () => {
    const relationship = createEffectiveRoleRelationship({
      user: 'bob',
      role: 'dev',
      via: 'accessList',
      grantType: 'member',
      chain: ['c'],
    });
    expect(relationship).toMatchObject({ accessListTitle: 'c', accessListChainTitles: 'c' });
  });
});
