import { RPCS } from '../rpcs';
import type { UserLoginState } from '../types';
import type { RpcCaller } from './caller';

/** The login states Teleport stored (Enterprise: UserLoginStateService). */
export class UserLoginStatesClient {
  constructor(private readonly caller: RpcCaller) {}

  /** Every user's state at their last login, in one answer: upstream has no paging RPC. */
  async getAll(): Promise<UserLoginState[]> {
    const response = await this.caller.unary<{ userLoginStates?: UserLoginState[] }>(
      RPCS.getUserLoginStates,
      {},
      'user login states',
    );
    return response.userLoginStates ?? [];
  }
}
