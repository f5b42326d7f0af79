import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import { createDeviceEntity, createDeviceOwnerRelationship } from './converters';
import { DEVICE, DEVICES_STEP, USER_HAS_DEVICE } from './constants';

export const deviceSteps = [
  defineAccountResourceStep({
    id: DEVICES_STEP,
    name: 'Fetch trusted devices',
    entity: DEVICE,
    relationships: [USER_HAS_DEVICE],
    permission: { resources: ['device'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestDevices',
    requiresService: 'deviceTrust',
    noun: 'devices',
    // The full (resource) view, with each device's profile and collected data.
    list: (client, each) => client.list(RPCS.listDevices, each),
    convert: createDeviceEntity,
    relate: (device) => [createDeviceOwnerRelationship(device)],
  }),
];
