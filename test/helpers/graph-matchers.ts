/**
 * What converter tests share: the SDK's schema matchers (registered on vitest's expect by
 * test/setup/sdk-testing.ts, typed here), and a fixed clock with Teleport-style timestamps.
 */
import { expect } from 'vitest';
import type { Timestamp } from '../../src/teleport';

interface GraphMatchers {
  toMatchGraphObjectSchema(params: { _class: string[]; _type?: string }): void;
  toMatchDirectRelationshipSchema(params: { _class?: string; _type?: string }): void;
}

export function expectGraph(value: unknown): GraphMatchers {
  return expect(value) as unknown as GraphMatchers;
}

/** The converter tests' "now": 2025-06-01T12:00:00Z. */
export const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
export const DAY = 86_400_000;

/** A protobuf Timestamp for epoch milliseconds. */
export function at(ms: number): Timestamp {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}
