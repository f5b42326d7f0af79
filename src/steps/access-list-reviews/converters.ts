import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import type { AccessListReview } from '../../teleport';
import { reviewDayOfMonth, reviewFrequencyMonths } from '../review-schedule';
import {
  createKeyRelationship,
  definedOnly,
  enumValue,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
  traitPairs,
  keyOf,
  namedEntity,
} from '../graph-values';
import { ACCESS_LIST_HAS_REVIEW, ACCESS_LIST_REVIEW, USER_PERFORMED_REVIEW } from './constants';

export function reviewName(review: AccessListReview): string {
  return review.header?.metadata?.name ?? '';
}

/** One completed review of an access list; `listTitle` names the list in the review's title. */
export function createAccessListReviewEntity(review: AccessListReview, listTitle?: string): Entity {
  const name = reviewName(review);
  const spec = review.spec ?? {};
  const reviewedOn = toEpochMillis(spec.reviewDate);
  const list = nonEmptyString(listTitle) ?? nonEmptyString(spec.accessList) ?? 'an access list';
  const title = `Review of ${list}${reviewedOn !== undefined ? ` on ${new Date(reviewedOn).toISOString().slice(0, 10)}` : ''}`;
  const changes = spec.changes;
  return namedEntity(ACCESS_LIST_REVIEW, name, review, {
    displayName: title,
    title,
    ...definedOnly({
      accessList: nonEmptyString(spec.accessList),
      accessListTitle: nonEmptyString(listTitle),
      reviewedOn,
      createdOn: reviewedOn,
      reviewers: nonEmpty(spec.reviewers),
      notes: nonEmptyString(spec.notes),
      summary: nonEmptyString(spec.notes),
      removedMembers: nonEmpty(changes?.removedMembers),
      removedMemberCount: changes?.removedMembers?.length || undefined,
      membershipRequirementsChangedRoles: nonEmpty(changes?.membershipRequirementsChanged?.roles),
      membershipRequirementsChangedTraits: nonEmpty(
        traitPairs(changes?.membershipRequirementsChanged?.traits),
      ),
      reviewFrequencyChanged: enumValue(changes?.reviewFrequencyChanged, 'REVIEW_FREQUENCY_'),
      reviewFrequencyChangedMonths: reviewFrequencyMonths(changes?.reviewFrequencyChanged),
      reviewDayChanged: enumValue(changes?.reviewDayOfMonthChanged, 'REVIEW_DAY_OF_MONTH_'),
      reviewDayOfMonthChanged: reviewDayOfMonth(changes?.reviewDayOfMonthChanged),
    }),
  });
}

export function createAccessListReviewRelationships(review: AccessListReview): Relationship[] {
  const reviewKey = keyOf(ACCESS_LIST_REVIEW, reviewName(review));
  const relationships = [
    createKeyRelationship(
      ACCESS_LIST_HAS_REVIEW,
      keys.accessList(review.spec?.accessList ?? ''),
      reviewKey,
    ),
  ];
  for (const reviewer of new Set((review.spec?.reviewers ?? []).filter((name) => name !== ''))) {
    relationships.push(
      createKeyRelationship(USER_PERFORMED_REVIEW, keys.user(reviewer), reviewKey),
    );
  }
  return relationships;
}
