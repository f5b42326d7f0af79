/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass, type StepEntityMetadata } from '@jupiterone/integration-sdk-core';
import { Entities, relationship } from '../constants';

export const DEVICES_STEP = 'fetch-devices';

export const DEVICE = {
  resourceName: 'Teleport Trusted Device',
  _type: 'teleport_device',
  _class: ['Device'],
} satisfies StepEntityMetadata;

export const USER_HAS_DEVICE = relationship(
  Entities.USER,
  RelationshipClass.HAS,
  DEVICE,
  'teleport_user_has_device',
);
