/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass, type StepEntityMetadata } from '@jupiterone/integration-sdk-core';
import { Entities, bareType, perResourceKind, relationship } from '../constants';

export const ACCESS_REQUESTS_STEP = 'fetch-access-requests';

/** A request for roles or resources, and its reviews: a record of who asked, why and who decided. */
export const ACCESS_REQUEST = {
  resourceName: 'Teleport Access Request',
  _type: 'teleport_access_request',
  _class: ['Record'],
} satisfies StepEntityMetadata;

export const USER_CREATED_ACCESS_REQUEST = relationship(
  Entities.USER,
  RelationshipClass.CREATED,
  ACCESS_REQUEST,
  'teleport_user_created_access_request',
);
export const USER_REVIEWED_ACCESS_REQUEST = relationship(
  Entities.USER,
  RelationshipClass.REVIEWED,
  ACCESS_REQUEST,
  'teleport_user_reviewed_access_request',
);
export const ACCESS_REQUEST_HAS_ROLE = relationship(
  ACCESS_REQUEST,
  RelationshipClass.HAS,
  Entities.ROLE,
  'teleport_access_request_has_role',
);

/** Per kind: an access request HAS each resource it names. */
export const AccessRequestResourceRelationships = perResourceKind((entity) =>
  relationship(
    ACCESS_REQUEST,
    RelationshipClass.HAS,
    entity,
    `teleport_access_request_has_${bareType(entity)}`,
  ),
);
