/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities, entityType, relationship } from '../constants';

export const DEVICES_STEP = 'fetch-devices';

export const DEVICE = entityType('teleport_device', 'Device', 'Teleport Trusted Device');

export const USER_HAS_DEVICE = relationship(Entities.USER, RelationshipClass.HAS, DEVICE);
