/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { Entities, entityType, relationship } from '../constants';

export const ACCESS_LIST_REVIEWS_STEP = 'fetch-access-list-reviews';

export const ACCESS_LIST_REVIEW = entityType(
  'teleport_access_list_review',
  'Review',
  'Teleport Access List Review',
);

export const ACCESS_LIST_HAS_REVIEW = relationship(
  Entities.ACCESS_LIST,
  RelationshipClass.HAS,
  ACCESS_LIST_REVIEW,
  'teleport_access_list_has_review',
);
export const USER_PERFORMED_REVIEW = relationship(
  Entities.USER,
  RelationshipClass.PERFORMED,
  ACCESS_LIST_REVIEW,
);
