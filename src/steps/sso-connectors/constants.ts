/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities, entityType, relationship } from '../constants';

export const SSO_CONNECTORS_STEP = 'fetch-sso-connectors';

export const SSO_CONNECTOR = entityType(
  'teleport_sso_connector',
  'Configuration',
  'Teleport SSO Connector',
);

export const SSO_CONNECTOR_ASSIGNED_ROLE = relationship(
  SSO_CONNECTOR,
  RelationshipClass.ASSIGNED,
  Entities.ROLE,
);
export const SSO_CONNECTOR_CREATED_USER = relationship(
  SSO_CONNECTOR,
  RelationshipClass.CREATED,
  Entities.USER,
);
