import { RPCS } from '../rpcs';
import type { RpcCaller } from './caller';

/** Trusted devices (Enterprise: DeviceTrustService); steps list them with `client.list`. */
export class DevicesClient {
  constructor(private readonly caller: RpcCaller) {}

  hasService(): Promise<boolean> {
    return this.caller.implements(RPCS.listDevices, { pageSize: 1, pageToken: '' });
  }
}
