/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass, type StepEntityMetadata } from '@jupiterone/integration-sdk-core';
import { Entities, relationship } from '../constants';

export const BOTS_STEP = 'fetch-bots';

export const BOT = {
  resourceName: 'Teleport Machine ID Bot',
  _type: 'teleport_bot',
  _class: ['Service'],
} satisfies StepEntityMetadata;

export const BOT_ASSIGNED_ROLE = relationship(
  BOT,
  RelationshipClass.ASSIGNED,
  Entities.ROLE,
  'teleport_bot_assigned_role',
);
export const BOT_HAS_USER = relationship(
  BOT,
  RelationshipClass.HAS,
  Entities.USER,
  'teleport_bot_has_user',
);
