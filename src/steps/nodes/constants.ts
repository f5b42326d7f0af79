import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities } from '../constants';

export const NODES_STEP = 'fetch-nodes';

export const NODE_ENTITY = {
  resourceName: 'Teleport SSH Node',
  _type: 'teleport_node',
  _class: ['Host'],
};

export const ACCOUNT_HAS_NODE = {
  _type: 'teleport_account_has_node',
  sourceType: Entities.ACCOUNT._type,
  _class: RelationshipClass.HAS,
  targetType: NODE_ENTITY._type,
};
