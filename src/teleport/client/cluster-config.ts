import { RPCS } from '../rpcs';
import type { AuthPreferenceV2 } from '../types';
import type { ListingSource, RpcCaller } from './caller';

export class ClusterConfigClient {
  constructor(private readonly caller: RpcCaller) {}

  /**
   * The cluster auth preference: ClusterConfigService.GetAuthPreference, or the AuthService call
   * on servers that predate that service.
   */
  async getAuthPreference(): Promise<{ preference: AuthPreferenceV2; source: ListingSource }> {
    let preference: AuthPreferenceV2 = {};
    const source = await this.caller.newestOr(
      async (delivered) => {
        preference = await this.caller.unary(RPCS.getAuthPreference, {}, 'auth preference');
        delivered();
      },
      async () => {
        preference = await this.caller.unary(
          RPCS.getLegacyAuthPreference,
          {},
          'auth preference (AuthService)',
        );
      },
      'legacy',
    );
    return { preference, source };
  }
}
