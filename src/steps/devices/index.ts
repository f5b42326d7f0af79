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
    list: (client, each) => client.devices.iterate(each),
    convert: createDeviceEntity,
    relate: (device) => [createDeviceOwnerRelationship(device)],
  }),
];
