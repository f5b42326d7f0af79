import { RPCS } from '../rpcs';
import type { LockV2 } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

export class LocksClient {
  constructor(private readonly caller: RpcCaller) {}

  /** Every lock, in force or not: ListLocks, or GetLocks on servers that predate it. */
  iterate(each: Each<LockV2>): Promise<ListingSource> {
    return this.caller.listingOrUnary(
      RPCS.listLocks,
      {
        spec: RPCS.getLocks,
        request: { inForceOnly: false },
        items: (response: { locks?: LockV2[] }) => response.locks,
      },
      each,
      'locks',
    );
  }
}
