/** The step id, entity and relationships of this area: no other area reads them. */
import { RelationshipClass, type StepEntityMetadata } from '@jupiterone/integration-sdk-core';
import { Entities, relationship } from '../constants';

export const ACCESS_LIST_REVIEWS_STEP = 'fetch-access-list-reviews';

export const ACCESS_LIST_REVIEW = {
  resourceName: 'Teleport Access List Review',
  _type: 'teleport_access_list_review',
  _class: ['Review'],
} satisfies StepEntityMetadata;

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
  'teleport_user_performed_access_list_review',
);
