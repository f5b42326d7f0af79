/**
 * `teleport.accesslist.v1.AccessListService` (Enterprise; its server is closed source, so each
 * handler mirrors the open service it delegates to, lib/services/local/access_list.go, and
 * lib/accesslists/hierarchy.go). `ListAccessLists` and `ListAllAccessListMembers` (every stored
 * record of every list, unfiltered) and `ListAllAccessListReviews` are stored listings (./stored.ts).
 */
import { RPCS } from '../../src/teleport/rpcs';
import type { AccessList, AccessListMember, AccessListReview } from '../../src/teleport/types';
import type { ClusterData } from '../cluster-data';
import { groupedBy, notFound } from '../handlers';
import type { StandInService } from './service';

type Owner = NonNullable<NonNullable<AccessList['spec']>['owners']>[number];

function listName(list: AccessList): string {
  return list.header?.metadata?.name ?? '';
}

function listOfEntry(entry: AccessListMember | AccessListReview): string {
  return entry.spec?.accessList ?? '';
}

/**
 * Owners as upstream's GetAccessListOwners answers (hierarchy.go `GetOwnersFor`): the list's own
 * user owners, and for each owner list its nested user members flattened (`GetMembersFor`, nested
 * lists followed, each list once), as user owners with an empty status. Owner lists themselves are
 * not returned, nor the owners of owner lists; nothing is validated. One entry per name, the later
 * winning, as upstream's map does.
 */
export function flattenedOwners(data: ClusterData, list: AccessList): Owner[] {
  const byName = new Map<string, Owner>();
  const visited = new Set<string>([listName(list)]);
  const membersOf = (name: string, seen: Set<string>): AccessListMember[] => {
    if (seen.has(name)) {
      return [];
    }
    seen.add(name);
    return (groupedBy(data.members, listOfEntry).get(name) ?? []).flatMap((member) =>
      member.spec?.membershipKind === 'MEMBERSHIP_KIND_LIST'
        ? membersOf(member.header?.metadata?.name ?? member.spec?.name ?? '', seen)
        : [member],
    );
  };
  for (const owner of list.spec?.owners ?? []) {
    if (owner.membershipKind !== 'MEMBERSHIP_KIND_LIST') {
      byName.set(owner.name ?? '', owner);
      continue;
    }
    if (visited.has(owner.name ?? '')) {
      continue;
    }
    visited.add(owner.name ?? '');
    for (const member of membersOf(owner.name ?? '', new Set())) {
      const name = member.spec?.name ?? member.header?.metadata?.name ?? '';
      byName.set(name, {
        name,
        description: member.header?.metadata?.description ?? '',
        membershipKind: 'MEMBERSHIP_KIND_USER',
      });
    }
  }
  return [...byName.values()];
}

export const accessListService: StandInService = {
  fullName: 'teleport.accesslist.v1.AccessListService',
  handlers: (kit, data) => {
    const listNamed = (name: unknown): AccessList => {
      const list = groupedBy(data.accessLists, listName).get(name as string)?.[0];
      if (!list) {
        throw notFound('access_list', name);
      }
      return list;
    };
    return {
      // `ListAccessListMembers`: the stored records of one list, statuses as last stored (which
      // lag), NotFound for a list that does not exist.
      ListAccessListMembers: kit.paged(RPCS.listAccessListMembers, (request) => {
        listNamed(request.accessList);
        return groupedBy(data.members, listOfEntry).get(request.accessList as string) ?? [];
      }),
      GetAccessListOwners: kit.unary(RPCS.getAccessListOwners, (request) => ({
        owners: flattenedOwners(data, listNamed(request.accessList)),
      })),
      ListAccessListReviews: kit.paged(
        RPCS.listAccessListReviews,
        (request) => groupedBy(data.reviews, listOfEntry).get(request.accessList as string) ?? [],
      ),
    };
  },
};
