/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass, type StepEntityMetadata } from '@jupiterone/integration-sdk-core';
import { Entities, relationship } from '../constants';

export const SSO_CONNECTORS_STEP = 'fetch-sso-connectors';

export const SSO_CONNECTOR = {
  resourceName: 'Teleport SSO Connector',
  _type: 'teleport_sso_connector',
  _class: ['Configuration'],
} satisfies StepEntityMetadata;

export const SSO_CONNECTOR_ASSIGNED_ROLE = relationship(
  SSO_CONNECTOR,
  RelationshipClass.ASSIGNED,
  Entities.ROLE,
  'teleport_sso_connector_assigned_role',
);
export const SSO_CONNECTOR_CREATED_USER = relationship(
  SSO_CONNECTOR,
  RelationshipClass.CREATED,
  Entities.USER,
  'teleport_sso_connector_created_user',
);
