import { RPCS } from '../rpcs';
import type { RoleV6 } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

export class RolesClient {
  constructor(private readonly caller: RpcCaller) {}

  /** AuthService.ListRoles, or GetRoles on servers that predate it. */
  iterate(each: Each<RoleV6>): Promise<ListingSource> {
    return this.caller.listingOrUnary(
      RPCS.listRoles,
      {
        spec: RPCS.getRoles,
        request: {},
        items: (response: { roles?: RoleV6[] }) => response.roles,
      },
      each,
      'roles',
    );
  }
}
