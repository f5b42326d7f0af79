import { RPCS } from '../rpcs';
import type { AccessRequestV3 } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

/** Access requests, in every state, that the caller may see. */
export class AccessRequestsClient {
  constructor(private readonly caller: RpcCaller) {}

  /**
   * AuthService.ListAccessRequests, or the GetAccessRequestsV2 stream on servers that predate it.
   * Neither is filtered: with `list` and `read` on `access_request` that is every request; without
   * them Teleport answers with the caller's own requests and those it may review, and no error
   * (lib/auth/auth_with_roles.go `ListAccessRequests`).
   */
  iterate(each: Each<AccessRequestV3>): Promise<ListingSource> {
    return this.caller.newestOr(
      (delivered) =>
        this.caller.each(RPCS.listAccessRequests, each, {
          description: 'access requests',
          delivered,
        }),
      () =>
        this.caller.stream(
          RPCS.getAccessRequestsV2,
          {},
          each,
          'access requests (GetAccessRequestsV2)',
        ),
      'legacy',
    );
  }
}
