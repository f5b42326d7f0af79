import { RPCS, type ListingSpec } from '../rpcs';
import type { AccessList, AccessListMember, AccessListOwner, AccessListReview } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

/** Entries of every list: a cluster-wide listing, or one listing per list where a server lacks it. */
type EveryList<T> = (
  accessListNames: () => Promise<string[]>,
  each: Each<T>,
) => Promise<ListingSource>;

/** Access lists, their members, owners and reviews (Enterprise: AccessListService). */
export class AccessListsClient {
  /** Members of every list: ListAllAccessListMembers, or ListAccessListMembers per list. */
  readonly iterateMembers: EveryList<AccessListMember>;
  /** Reviews of every list: ListAllAccessListReviews, or ListAccessListReviews per list. */
  readonly iterateReviews: EveryList<AccessListReview>;

  constructor(private readonly caller: RpcCaller) {
    const everyList =
      <T>(clusterWide: ListingSpec<T>, perList: ListingSpec<T>, what: string): EveryList<T> =>
      (accessListNames, each) =>
        caller.clusterWideOrPerList(clusterWide, perList, what, accessListNames, each);
    this.iterateMembers = everyList(
      RPCS.listAllAccessListMembers,
      RPCS.listAccessListMembers,
      'access list members',
    );
    this.iterateReviews = everyList(
      RPCS.listAllAccessListReviews,
      RPCS.listAccessListReviews,
      'access list reviews',
    );
  }

  /** False on clusters without the service (Community Edition). */
  hasService(): Promise<boolean> {
    return this.caller.implements(RPCS.listAccessLists, { pageSize: 1, nextToken: '' });
  }

  iterate(each: Each<AccessList>): Promise<void> {
    return this.caller.each(RPCS.listAccessLists, each, { description: 'access lists' });
  }

  /** Owners of one list, as upstream flattens them (owner lists become their user members). */
  async getOwners(accessList: string): Promise<AccessListOwner[]> {
    const response = await this.caller.unary<{ owners?: AccessListOwner[] }>(
      RPCS.getAccessListOwners,
      { accessList },
      `owners of ${accessList}`,
    );
    return response.owners ?? [];
  }
}
