import { describe, expect, it } from 'vitest';
import {
  createAccessListReviewEntity,
  createAccessListReviewRelationships,
  reviewName,
} from '../../src/steps/access-list-reviews/converters';
import type { AccessListReview } from '../../src/teleport';
import { expectGraph } from '../helpers/graph-matchers';
import { useStepRun } from '../harness/step-run';
import { ACCESS_LIST_REVIEWS_STEP } from '../../src/steps/access-list-reviews/constants';

const LIST_ID = '5b0c4f0e-2a6d-4c1e-9a0f-1d2e3f4a5b6c';
const REVIEW_ID = '0f9e8d7c-1111-4222-8333-444455556666';
const REVIEWED_AT = Date.UTC(2025, 2, 15, 9, 30, 0); // 2025-03-15T09:30:00Z

function review(spec: AccessListReview['spec'], name = REVIEW_ID): AccessListReview {
  return { header: { kind: 'access_list_review', version: 'v1', metadata: { name } }, spec };
}

const full = review({
  accessList: LIST_ID,
  reviewers: ['alice', 'bob'],
  reviewDate: { seconds: REVIEWED_AT / 1000 },
  changes: {
    removedMembers: ['mallory', 'trent'],
    membershipRequirementsChanged: {
      roles: ['employee'],
      traits: [{ key: 'department', values: ['eng', 'sre'] }],
    },
    reviewFrequencyChanged: 'REVIEW_FREQUENCY_SIX_MONTHS',
    reviewDayOfMonthChanged: 'REVIEW_DAY_OF_MONTH_FIRST',
  },
});

describe('createAccessListReviewEntity', () => {
  it('is keyed by the review name', () => {
    const entity = createAccessListReviewEntity(full, 'Engineering');
    expect(reviewName(full)).toBe(REVIEW_ID);
    expect(entity._key).toBe(`teleport_access_list_review:${REVIEW_ID}`);
    expect(entity._type).toBe('teleport_access_list_review');
    expect(entity._class).toEqual(['Review']);
    expect(entity.name).toBe(REVIEW_ID);
  });

  it('is titled with the list title and the review date', () => {
    const entity = createAccessListReviewEntity(full, 'Engineering');
    expect(entity.title).toBe('Review of Engineering on 2025-03-15');
    expect(entity.displayName).toBe('Review of Engineering on 2025-03-15');
    expect(entity.accessList).toBe(LIST_ID);
    expect(entity.accessListTitle).toBe('Engineering');
  });

  it('falls back to the list name when no title is given', () => {
    const entity = createAccessListReviewEntity(full);
    expect(entity.title).toBe(`Review of ${LIST_ID} on 2025-03-15`);
    expect(entity).not.toHaveProperty('accessListTitle');
  });

  it('leaves the date out of the title when the review has none', () => {
    const entity = createAccessListReviewEntity(review({ accessList: LIST_ID }), 'Engineering');
    expect(entity.title).toBe('Review of Engineering');
    expect(entity).not.toHaveProperty('reviewedOn');
  });

  it('records when and by whom it was reviewed', () => {
    const entity = createAccessListReviewEntity(full, 'Engineering');
    expect(entity.reviewedOn).toBe(REVIEWED_AT);
    expect(entity.createdOn).toBe(REVIEWED_AT);
    expect(entity.reviewers).toEqual(['alice', 'bob']);
  });

  it('records removed members and changed requirements', () => {
    const entity = createAccessListReviewEntity(full, 'Engineering');
    expect(entity.removedMembers).toEqual(['mallory', 'trent']);
    expect(entity.removedMemberCount).toBe(2);
    expect(entity.membershipRequirementsChangedRoles).toEqual(['employee']);
    expect(entity.membershipRequirementsChangedTraits).toEqual([
      'department=eng',
      'department=sre',
    ]);
    expect(entity.reviewFrequencyChangedMonths).toBe(6);
    expect(entity.reviewDayOfMonthChanged).toBe(1);
  });

  it('leaves change properties out when nothing changed', () => {
    const entity = createAccessListReviewEntity(
      review({ accessList: LIST_ID, reviewers: ['alice'], changes: { removedMembers: [] } }),
      'Engineering',
    );
    expect(entity).not.toHaveProperty('removedMembers');
    expect(entity).not.toHaveProperty('removedMemberCount');
    expect(entity).not.toHaveProperty('membershipRequirementsChangedRoles');
    expect(entity).not.toHaveProperty('reviewFrequencyChangedMonths');
  });

  it('uses the notes as the summary', () => {
    const entity = createAccessListReviewEntity(
      review({ accessList: LIST_ID, notes: 'Removed leavers' }),
      'Eng',
    );
    expect(entity.summary).toBe('Removed leavers');
    expect(entity.notes).toBe('Removed leavers');
  });

  it('does not crash on an empty review', () => {
    const entity = createAccessListReviewEntity({});
    expect(entity._key).toBe('teleport_access_list_review:');
    expect(entity.title).toBe('Review of an access list');
  });

  it('matches the Review schema', () => {
    expectGraph([
      createAccessListReviewEntity(full, 'Engineering'),
      createAccessListReviewEntity(review({ accessList: LIST_ID }, 'second-review')),
      createAccessListReviewEntity(
        review({ accessList: LIST_ID, notes: 'Removed leavers' }, 'with-notes'),
        'Eng',
      ),
    ]).toMatchGraphObjectSchema({ _class: ['Review'], _type: 'teleport_access_list_review' });
  });
});

describe('createAccessListReviewRelationships', () => {
  it('links the list to the review, and each reviewer to the review', () => {
    const relationships = createAccessListReviewRelationships(full);
    expect(relationships.map((r) => [r._type, r._class, r._fromEntityKey, r._toEntityKey])).toEqual(
      [
        [
          'teleport_access_list_has_review',
          'HAS',
          `teleport_access_list:${LIST_ID}`,
          `teleport_access_list_review:${REVIEW_ID}`,
        ],
        [
          'teleport_user_performed_access_list_review',
          'PERFORMED',
          'teleport_user:alice',
          `teleport_access_list_review:${REVIEW_ID}`,
        ],
        [
          'teleport_user_performed_access_list_review',
          'PERFORMED',
          'teleport_user:bob',
          `teleport_access_list_review:${REVIEW_ID}`,
        ],
      ],
    );
  });

  it('collapses a reviewer listed twice', () => {
    const relationships = createAccessListReviewRelationships(
      review({ accessList: LIST_ID, reviewers: ['alice', 'alice', 'bob', 'alice'] }),
    );
    const performed = relationships.filter(
      (r) => r._type === 'teleport_user_performed_access_list_review',
    );
    expect(performed.map((r) => r._fromEntityKey)).toEqual([
      'teleport_user:alice',
      'teleport_user:bob',
    ]);
    expect(new Set(relationships.map((r) => r._key)).size).toBe(relationships.length);
  });

  it('gives only the list relationship when there are no reviewers', () => {
    const relationships = createAccessListReviewRelationships(review({ accessList: LIST_ID }));
    expect(relationships).toHaveLength(1);
    expect(relationships[0]!._type).toBe('teleport_access_list_has_review');
  });

  it('matches the relationship schema', () => {
    expectGraph(createAccessListReviewRelationships(full)).toMatchDirectRelationshipSchema({});
  });
});

describe('empty names', () => {
  it('does not put an empty list title in the review title, nor relate an empty reviewer', () => {
    const entity = createAccessListReviewEntity(
      review({ accessList: LIST_ID, reviewers: ['', 'alice'] }, 'r-empty'),
      '',
    );
    expect(entity.title).toMatch(new RegExp(`^Review of ${LIST_ID}`));
    expect(entity.accessListTitle).toBeUndefined();
    const performed = createAccessListReviewRelationships(
      review({ accessList: LIST_ID, reviewers: ['', 'alice'] }, 'r-empty'),
    );
    expect(performed.map((relationship) => relationship._fromEntityKey)).toEqual([
      `teleport_access_list:${LIST_ID}`,
      'teleport_user:alice',
    ]);
  });
});

describe('fetch-access-list-reviews, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(ACCESS_LIST_REVIEWS_STEP);

  it('titles reviews and relates the users who performed them', () => {
    const review = run.ofType('teleport_access_list_review')[0];
    expect(review?.title).toMatch(/^Review of .+ on \d{4}-\d{2}-\d{2}$/);
    expect(
      run.between(
        'teleport_user_performed_access_list_review',
        'teleport_user:alice@acme.com',
        review!._key,
      ),
    ).toHaveLength(1);
  });
});
