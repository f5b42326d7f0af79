/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities, entityType, relationship } from '../constants';

export const LOCKS_STEP = 'fetch-locks';

export const LOCK = entityType('teleport_lock', 'AccessPolicy', 'Teleport Lock');

export const LOCK_RESTRICTS_USER = relationship(LOCK, RelationshipClass.RESTRICTS, Entities.USER);
export const LOCK_RESTRICTS_ROLE = relationship(LOCK, RelationshipClass.RESTRICTS, Entities.ROLE);
