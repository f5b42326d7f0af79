import { RPCS } from '../rpcs';
import type { UserV2 } from '../types';
import type { Each, ListingSource, RpcCaller } from './caller';

/** Users, never with secrets (no request here can ask for them). */
export class UsersClient {
  constructor(private readonly caller: RpcCaller) {}

  /** UsersService.ListUsers, or the AuthService.GetUsers stream on servers that predate it. */
  iterate(each: Each<UserV2>): Promise<ListingSource> {
    return this.caller.newestOr(
      (delivered) => this.caller.each(RPCS.listUsers, each, { description: 'users', delivered }),
      () => this.caller.stream(RPCS.getUsers, {}, each, 'users (GetUsers)'),
      'legacy',
    );
  }
}
