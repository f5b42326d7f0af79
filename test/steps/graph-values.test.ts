import { describe, expect, it } from 'vitest';
import {
  asEmail,
  definedOnly,
  enumValue,
  keys,
  labelSelectors,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
  traitPairs,
  keyOf,
} from '../../src/steps/graph-values';
import { ACCESS_LIST_REVIEW } from '../../src/steps/access-list-reviews/constants';

describe('toEpochMillis', () => {
  it('is undefined for an absent timestamp', () => {
    expect(toEpochMillis(undefined)).toBeUndefined();
  });

  it('is undefined for the proto3 zero value, whether empty or explicit', () => {
    expect(toEpochMillis({})).toBeUndefined();
    expect(toEpochMillis({ seconds: 0, nanos: 0 })).toBeUndefined();
  });

  it("is undefined for Go's zero time (year 1)", () => {
    expect(toEpochMillis({ seconds: -62135596800 })).toBeUndefined();
    expect(toEpochMillis({ seconds: -62135596800, nanos: 0 })).toBeUndefined();
  });

  it('converts seconds and nanos to whole milliseconds', () => {
    // 2024-03-01T12:00:00.123Z, with sub-millisecond nanos truncated.
    expect(toEpochMillis({ seconds: 1709294400, nanos: 123_456_789 })).toBe(1709294400123);
    expect(
      new Date(toEpochMillis({ seconds: 1709294400, nanos: 123_456_789 })!).toISOString(),
    ).toBe('2024-03-01T12:00:00.123Z');
  });

  it('converts seconds alone, and nanos alone', () => {
    expect(toEpochMillis({ seconds: 1700000000 })).toBe(1700000000000);
    expect(toEpochMillis({ nanos: 5_000_000 })).toBe(5);
  });
});

describe('labelSelectors', () => {
  it('is empty for absent labels', () => {
    expect(labelSelectors(undefined)).toEqual([]);
    expect(labelSelectors({})).toEqual([]);
  });

  it('writes one key=value selector per value, sorted', () => {
    expect(
      labelSelectors({
        values: {
          team: { values: ['payments'] },
          env: { values: ['staging', 'prod'] },
          '*': { values: ['*'] },
        },
      }),
    ).toEqual(['*=*', 'env=prod', 'env=staging', 'team=payments']);
  });

  it('skips a key with no values', () => {
    expect(labelSelectors({ values: { env: {}, region: { values: ['eu'] } } })).toEqual([
      'region=eu',
    ]);
  });
});

describe('traitPairs', () => {
  it('writes key=value for every value of every trait', () => {
    expect(
      traitPairs([
        { key: 'team', values: ['a', 'b'] },
        { key: 'level', values: ['3'] },
        { key: 'none' },
      ]),
    ).toEqual(['team=a', 'team=b', 'level=3']);
  });

  it('is empty for absent traits', () => {
    expect(traitPairs(undefined)).toEqual([]);
  });
});

describe('enumValue', () => {
  it('strips the prefix and lower-cases the rest', () => {
    expect(enumValue('MEMBERSHIP_KIND_LIST', 'MEMBERSHIP_KIND_')).toBe('list');
    expect(enumValue('INELIGIBLE_STATUS_MISSING_REQUIREMENTS', 'INELIGIBLE_STATUS_')).toBe(
      'missing_requirements',
    );
  });

  it('gives the fallback for undefined and for the UNSPECIFIED value', () => {
    expect(enumValue(undefined, 'MEMBERSHIP_KIND_', 'user')).toBe('user');
    expect(enumValue('MEMBERSHIP_KIND_UNSPECIFIED', 'MEMBERSHIP_KIND_', 'user')).toBe('user');
    expect(enumValue('MEMBERSHIP_KIND_UNSPECIFIED', 'MEMBERSHIP_KIND_')).toBeUndefined();
  });

  it('lower-cases a value that lacks the prefix, and works with an empty prefix', () => {
    expect(enumValue('SOMETHING_ELSE', 'MEMBERSHIP_KIND_')).toBe('something_else');
    expect(enumValue('SESSION', '', 'off')).toBe('session');
    expect(enumValue(undefined, '', 'off')).toBe('off');
  });
});

describe('keys', () => {
  it('prefixes each name with its entity type', () => {
    expect(keys.account('acme.teleport.sh')).toBe('teleport_account:acme.teleport.sh');
    expect(keys.role('editor')).toBe('teleport_role:editor');
    expect(keys.user('alice@example.com')).toBe('teleport_user:alice@example.com');
    expect(keys.accessList('7d3c0e52-0f5a-4d5e-9a55-2b1f0c2d9e11')).toBe(
      'teleport_access_list:7d3c0e52-0f5a-4d5e-9a55-2b1f0c2d9e11',
    );
    expect(keyOf(ACCESS_LIST_REVIEW, 'r-1')).toBe('teleport_access_list_review:r-1');
  });
});

describe('small value helpers', () => {
  it('definedOnly drops undefined but keeps false, zero and empty string', () => {
    expect(definedOnly({ a: undefined, b: false, c: 0, d: '', e: 'x' })).toEqual({
      b: false,
      c: 0,
      d: '',
      e: 'x',
    });
    expect(Object.keys(definedOnly({ a: undefined }))).toEqual([]);
  });

  it('nonEmpty drops empty strings and turns an empty result into undefined', () => {
    expect(nonEmpty(['a', '', 'b'])).toEqual(['a', 'b']);
    expect(nonEmpty(['', ''])).toBeUndefined();
    expect(nonEmpty(undefined)).toBeUndefined();
  });

  it('nonEmptyString turns the empty string into undefined', () => {
    expect(nonEmptyString('')).toBeUndefined();
    expect(nonEmptyString(undefined)).toBeUndefined();
    expect(nonEmptyString('x')).toBe('x');
  });

  it('asEmail accepts an address and rejects anything else', () => {
    expect(asEmail('alice@example.com')).toBe('alice@example.com');
    expect(asEmail('alice')).toBeUndefined();
    expect(asEmail('alice@localhost')).toBeUndefined();
    expect(asEmail('alice smith@example.com')).toBeUndefined();
    expect(asEmail(undefined)).toBeUndefined();
  });
});
