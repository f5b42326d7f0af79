import { sessionOf } from '../../session';
import { Entities, Steps } from '../constants';
import { ensureUserEntity, jobData } from '../job-data';
import { addEntityOnce, addRelationshipBetweenKnown } from '../job-state';
import { defineStep } from '../step';
import { createAccessListReviewEntity, createAccessListReviewRelationships } from './converters';
import {
  ACCESS_LIST_HAS_REVIEW,
  ACCESS_LIST_REVIEW,
  ACCESS_LIST_REVIEWS_STEP,
  USER_PERFORMED_REVIEW,
} from './constants';

export const accessListReviewSteps = [
  defineStep({
    id: ACCESS_LIST_REVIEWS_STEP,
    name: 'Fetch access list reviews',
    entities: [ACCESS_LIST_REVIEW, Entities.USER],
    relationships: [ACCESS_LIST_HAS_REVIEW, USER_PERFORMED_REVIEW],
    dependsOn: [Steps.ACCESS_LISTS, Steps.USERS],
    permission: { resources: ['access_list_review'], verbs: ['list', 'read'] },
    requiresService: 'accessLists',
    async run(context) {
      const session = sessionOf(context);
      const { jobState } = context;
      const summaries = await jobData.accessListSummaries(jobState);
      const titles = new Map(summaries.map((summary) => [summary.name, summary.title]));
      let reviews = 0;
      const source = await (
        await session.client(context.logger)
      ).accessLists.iterateReviews(
        async () => summaries.map((summary) => summary.name),
        async (review) => {
          const entity = createAccessListReviewEntity(
            review,
            titles.get(review.spec?.accessList ?? ''),
          );
          if (!(await addEntityOnce(jobState, entity))) {
            return;
          }
          reviews += 1;
          for (const reviewer of new Set(
            (review.spec?.reviewers ?? []).filter((name) => name !== ''),
          )) {
            await ensureUserEntity(jobState, reviewer);
          }
          for (const relationship of createAccessListReviewRelationships(review)) {
            // The list's listing may have failed, or a reviewer may be unknown: both ends or none.
            await addRelationshipBetweenKnown(jobState, relationship);
          }
        },
      );
      context.logger.info({ reviews, source }, 'Fetched access list reviews');
    },
  }),
];
