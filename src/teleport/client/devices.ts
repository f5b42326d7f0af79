import { RPCS } from '../rpcs';
import type { Device } from '../types';
import type { Each, RpcCaller } from './caller';

/** Trusted devices (Enterprise: DeviceTrustService). */
export class DevicesClient {
  constructor(private readonly caller: RpcCaller) {}

  hasService(): Promise<boolean> {
    return this.caller.implements(RPCS.listDevices, { pageSize: 1, pageToken: '' });
  }

  /** Devices in the full (resource) view, with their profile and collected data. */
  iterate(each: Each<Device>): Promise<void> {
    return this.caller.each(RPCS.listDevices, each, { description: 'devices' });
  }
}
