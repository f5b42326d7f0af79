/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities, entityType, relationship } from '../constants';

export const BOTS_STEP = 'fetch-bots';

export const BOT = entityType('teleport_bot', 'Service', 'Teleport Machine ID Bot');

export const BOT_ASSIGNED_ROLE = relationship(BOT, RelationshipClass.ASSIGNED, Entities.ROLE);
export const BOT_HAS_USER = relationship(BOT, RelationshipClass.HAS, Entities.USER);
