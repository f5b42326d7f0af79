/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities, entityType, perResourceKind, relationship } from '../constants';

export const ACCESS_REQUESTS_STEP = 'fetch-access-requests';

/** A request for roles or resources, and its reviews: a record of who asked, why and who decided. */
export const ACCESS_REQUEST = entityType(
  'teleport_access_request',
  'Record',
  'Teleport Access Request',
);

export const USER_CREATED_ACCESS_REQUEST = relationship(
  Entities.USER,
  RelationshipClass.CREATED,
  ACCESS_REQUEST,
);
export const USER_REVIEWED_ACCESS_REQUEST = relationship(
  Entities.USER,
  RelationshipClass.REVIEWED,
  ACCESS_REQUEST,
);
export const ACCESS_REQUEST_HAS_ROLE = relationship(
  ACCESS_REQUEST,
  RelationshipClass.HAS,
  Entities.ROLE,
);

/** Per kind: an access request HAS each resource it names. */
export const AccessRequestResourceRelationships = perResourceKind((entity) =>
  relationship(ACCESS_REQUEST, RelationshipClass.HAS, entity),
);
