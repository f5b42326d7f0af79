/** The smaller services, one handler or two each. */
import { RPCS } from '../../src/teleport/rpcs';
import type { Device } from '../../src/teleport/types';
import { authPreferenceOf } from './auth';
import type { StandInService } from './service';

/** As upstream's default (list) view: identifiers and enrollment status only. */
function listViewOf(device: Device): Device {
  const { collectedData: _collected, profile: _profile, source: _source, ...basic } = device;
  return basic;
}

export const usersService: StandInService = {
  name: 'UsersService',
  fullName: 'teleport.users.v1.UsersService',
  handlers: (kit, data) => ({ ListUsers: kit.paged(RPCS.listUsers, () => data.users) }),
};

export const botService: StandInService = {
  name: 'BotService',
  fullName: 'teleport.machineid.v1.BotService',
  handlers: (kit, data) => ({ ListBots: kit.paged(RPCS.listBots, () => data.bots ?? []) }),
};

export const clusterConfigService: StandInService = {
  name: 'ClusterConfigService',
  fullName: 'teleport.clusterconfig.v1.ClusterConfigService',
  handlers: (kit, data) => ({
    GetAuthPreference: kit.unary(RPCS.getAuthPreference, () =>
      authPreferenceOf(data.authPreference),
    ),
  }),
};

export const deviceTrustService: StandInService = {
  name: 'DeviceTrustService',
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
  name: 'UserLoginStateService',
  fullName: 'teleport.userloginstate.v1.UserLoginStateService',
  handlers: (kit, data) => ({
    GetUserLoginStates: kit.unary(RPCS.getUserLoginStates, () => ({
      userLoginStates: data.userLoginStates ?? [],
    })),
  }),
};
