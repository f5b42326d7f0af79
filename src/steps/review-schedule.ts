/**
 * An access list's review schedule as numbers a question can compare: months between reviews and
 * the day of the month (31 for "last"). Shared by access lists and their reviews.
 */
import type {
  ReviewDayOfMonth,
  ReviewDayOfMonthName,
  ReviewFrequency,
  ReviewFrequencyName,
} from '../teleport';

const REVIEW_FREQUENCY_MONTHS: Record<ReviewFrequencyName, number | undefined> = {
  REVIEW_FREQUENCY_UNSPECIFIED: undefined,
  REVIEW_FREQUENCY_ONE_MONTH: 1,
  REVIEW_FREQUENCY_THREE_MONTHS: 3,
  REVIEW_FREQUENCY_SIX_MONTHS: 6,
  REVIEW_FREQUENCY_ONE_YEAR: 12,
};

const REVIEW_DAY: Record<ReviewDayOfMonthName, number | undefined> = {
  REVIEW_DAY_OF_MONTH_UNSPECIFIED: undefined,
  REVIEW_DAY_OF_MONTH_FIRST: 1,
  REVIEW_DAY_OF_MONTH_FIFTEENTH: 15,
  REVIEW_DAY_OF_MONTH_LAST: 31,
};

/** Months between audits; undefined when unset or a value our protos do not declare. */
export function reviewFrequencyMonths(frequency: ReviewFrequency | undefined): number | undefined {
  return typeof frequency === 'string' ? REVIEW_FREQUENCY_MONTHS[frequency] : undefined;
}

export function reviewDayOfMonth(day: ReviewDayOfMonth | undefined): number | undefined {
  return typeof day === 'string' ? REVIEW_DAY[day] : undefined;
}
