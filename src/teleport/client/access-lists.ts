import { RPCS } from '../rpcs';
import type { AccessList, AccessListMember, AccessListOwner, AccessListReview } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

/** Access lists, their members, owners and reviews (Enterprise: AccessListService). */
export class AccessListsClient {
  constructor(private readonly caller: RpcCaller) {}

  /** False on clusters without the service (Community Edition). */
  hasService(): Promise<boolean> {
    return this.caller.implements(RPCS.listAccessLists, { pageSize: 1, nextToken: '' });
  }

  iterate(each: Each<AccessList>): Promise<void> {
    return this.caller.each(RPCS.listAccessLists, each, { description: 'access lists' });
  }

  /** Members of every list: ListAllAccessListMembers, or ListAccessListMembers per list. */
  iterateMembers(
    accessListNames: () => Promise<string[]>,
    each: Each<AccessListMember>,
  ): Promise<ListingSource> {
    return this.caller.clusterWideOrPerList(
      RPCS.listAllAccessListMembers,
      RPCS.listAccessListMembers,
      'access list members',
      accessListNames,
      each,
    );
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

  /** Reviews of every list: ListAllAccessListReviews, or ListAccessListReviews per list. */
  iterateReviews(
    accessListNames: () => Promise<string[]>,
    each: Each<AccessListReview>,
  ): Promise<ListingSource> {
    return this.caller.clusterWideOrPerList(
      RPCS.listAllAccessListReviews,
      RPCS.listAccessListReviews,
      'access list reviews',
      accessListNames,
      each,
    );
  }
}
