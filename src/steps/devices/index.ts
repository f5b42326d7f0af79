import { Entities, Relationships, Steps } from '../constants';
import { defineAccountResourceStep } from '../step';
import { createDeviceEntity, createDeviceOwnerRelationship } from './converters';

export const deviceSteps = [
  defineAccountResourceStep({
    id: Steps.DEVICES,
    name: 'Fetch trusted devices',
    entity: Entities.DEVICE,
    accountHas: Relationships.ACCOUNT_HAS_DEVICE,
    relationships: [Relationships.USER_HAS_DEVICE],
    dependsOn: [Steps.USERS],
    permission: { resources: ['device'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestDevices',
    requiresService: 'deviceTrust',
    noun: 'devices',
    list: (client, each) => client.devices.iterate(each),
    convert: createDeviceEntity,
    relate: (device) => [createDeviceOwnerRelationship(device)],
  }),
];
