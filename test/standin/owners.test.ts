/**
 * The stand-in's GetAccessListOwners answers as upstream's `GetOwnersFor` (lib/accesslists/
 * hierarchy.go): the cases of upstream's TestGetOwners, in our own organisation.
 */
import { describe, expect, it } from 'vitest';
import type { AccessList, AccessListMember } from '../../src/teleport';
import { flattenedOwners, type ClusterData } from '../../standin/auth-server';
import { emptyClusterData } from '../../standin';

function list(name: string, owners: [string, 'user' | 'list'][]): AccessList {
  return {
    header: { metadata: { name } },
    spec: {
      title: name,
      owners: owners.map(([owner, kind]) => ({
        name: owner,
        membershipKind: kind === 'list' ? 'MEMBERSHIP_KIND_LIST' : 'MEMBERSHIP_KIND_USER',
        ineligibleStatus: 'INELIGIBLE_STATUS_ELIGIBLE',
      })),
    },
  };
}

function member(
  accessList: string,
  name: string,
  kind: 'user' | 'list' = 'user',
): AccessListMember {
  return {
    header: { metadata: { name } },
    spec: {
      accessList,
      name,
      membershipKind: kind === 'list' ? 'MEMBERSHIP_KIND_LIST' : 'MEMBERSHIP_KIND_USER',
    },
  };
}

describe('stand-in GetAccessListOwners (upstream GetOwnersFor)', () => {
  const lists = [
    list('one', [
      ['owner-a', 'user'],
      ['two', 'list'],
    ]),
    list('two', [
      ['owner-b', 'user'],
      ['three', 'list'],
    ]),
    list('three', [['owner-c', 'user']]),
  ];
  const data: ClusterData = {
    ...emptyClusterData(),
    accessLists: lists,
    members: [
      member('two', 'member-b'),
      member('two', 'nested', 'list'),
      member('nested', 'member-n'),
      member('three', 'member-c'),
    ],
  };
  const names = (list: AccessList) =>
    flattenedOwners(data, list)
      .map((owner) => `${owner.name}:${owner.membershipKind}:${owner.ineligibleStatus ?? ''}`)
      .sort();

  it('returns named users and the owner lists’ members flattened, never the lists', () => {
    expect(names(lists[0]!)).toEqual([
      'member-b:MEMBERSHIP_KIND_USER:',
      'member-n:MEMBERSHIP_KIND_USER:',
      'owner-a:MEMBERSHIP_KIND_USER:INELIGIBLE_STATUS_ELIGIBLE',
    ]);
  });

  it('leaves out the owners of owner lists', () => {
    expect(names(lists[1]!)).toEqual([
      'member-c:MEMBERSHIP_KIND_USER:',
      'owner-b:MEMBERSHIP_KIND_USER:INELIGIBLE_STATUS_ELIGIBLE',
    ]);
  });
});
