/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass, type StepEntityMetadata } from '@jupiterone/integration-sdk-core';
import { Entities, relationship } from '../constants';

export const LOCKS_STEP = 'fetch-locks';

export const LOCK = {
  resourceName: 'Teleport Lock',
  _type: 'teleport_lock',
  _class: ['AccessPolicy'],
} satisfies StepEntityMetadata;

export const LOCK_RESTRICTS_USER = relationship(
  LOCK,
  RelationshipClass.RESTRICTS,
  Entities.USER,
  'teleport_lock_restricts_user',
);
export const LOCK_RESTRICTS_ROLE = relationship(
  LOCK,
  RelationshipClass.RESTRICTS,
  Entities.ROLE,
  'teleport_lock_restricts_role',
);
