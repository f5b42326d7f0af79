/** Clocks, time stamps and small builders the sample and the scaled organisations share. */
import type { ClusterData } from '../cluster-data';
import type { LabelValues, ReviewDayOfMonth, Timestamp } from '../../src/teleport/types';

export const DEFAULT_NOW = '2026-11-01T00:00:00Z';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const DAY_S = 86_400;
/** Role option durations are int64 nanoseconds. */
export const HOUR_NS = 3600 * 1e9;

/** `seconds` of the zero `time.Time` (0001-01-01T00:00:00Z), which Teleport sends for "unset". */
export const YEAR_ONE_SECONDS = -62_135_596_800;

export const PRESET_LABELS = { 'teleport.internal/resource-type': 'preset' } as const;

export function ts(date: Date): Timestamp {
  return { seconds: Math.floor(date.getTime() / 1000), nanos: 0 };
}

export function tsSeconds(seconds: number): Timestamp {
  return { seconds, nanos: 0 };
}

export function shift(now: Date, ms: number): Date {
  return new Date(now.getTime() + ms);
}

/** `{ key: [values] }` as the proto's `LabelValues` wrapper. */
export function labels(map: Record<string, string[]>): LabelValues {
  const values: Record<string, { values: string[] }> = {};
  for (const [key, list] of Object.entries(map)) {
    values[key] = { values: [...list] };
  }
  return { values };
}

/** The date a review recurrence lands on: `months` after `from`'s month, on the chosen day. */
export function auditDate(from: Date, months: number, day: ReviewDayOfMonth): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  switch (day) {
    case 'REVIEW_DAY_OF_MONTH_FIFTEENTH':
      return new Date(Date.UTC(year, month, 15));
    case 'REVIEW_DAY_OF_MONTH_LAST':
      return new Date(Date.UTC(year, month + 1, 0));
    default:
      return new Date(Date.UTC(year, month, 1));
  }
}

export function ping(now: Date): ClusterData['ping'] {
  const expiry = new Date(
    Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate(), now.getUTCHours()),
  );
  return {
    serverVersion: '17.4.8',
    signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1',
    serverFeatures: { cloud: true, productType: 'PRODUCT_TYPE_EUB' },
    proxyPublicAddr: 'acme.teleport.sh:443',
    licenseExpiry: ts(expiry),
  };
}
