/** The smaller services' handlers (UsersService and BotService have stored listings only). */
import { RPCS } from '../../src/teleport/rpcs';
import type { Device } from '../../src/teleport/types';
import { authPreferenceOf } from './auth';
import type { StandInService } from './service';

/** As upstream's default (list) view: identifiers and enrollment status only. */
function listViewOf(device: Device): Device {
  const { collectedData: _collected, profile: _profile, source: _source, ...basic } = device;
  return basic;
}

export const clusterConfigService: StandInService = {
  fullName: 'teleport.clusterconfig.v1.ClusterConfigService',
  handlers: (kit, data) => ({
    GetAuthPreference: kit.unary(RPCS.getAuthPreference, () =>
      authPreferenceOf(data.authPreference),
    ),
  }),
};

export const deviceTrustService: StandInService = {
  fullName: 'teleport.devicetrust.v1.DeviceTrustService',
  handlers: (kit, data) => ({
    ListDevices: kit.paged(RPCS.listDevices, () => data.devices ?? [], {
      present: (devices, request) =>
        request.view === 'DEVICE_VIEW_RESOURCE' ? devices : devices.map(listViewOf),
    }),
  }),
};

// lib/auth/userloginstate/userloginstatev1/service.go `GetUserLoginStates`: every state at once.
export const userLoginStateService: StandInService = {
  fullName: 'teleport.userloginstate.v1.UserLoginStateService',
  handlers: (kit, data) => ({
    GetUserLoginStates: kit.unary(RPCS.getUserLoginStates, () => ({
      userLoginStates: data.userLoginStates ?? [],
    })),
  }),
};
