/**
 * Small pure helpers shared by the converters: keys derived from names (so relationships never
 * need an entity lookup), times, label selectors and enum names as people read them.
 */
import {
  createIntegrationEntity,
  type Entity,
  type Relationship,
  type RelationshipClass,
  type StepEntityMetadata,
  type StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import type {
  AccessRequestV3,
  LabelValues,
  RequestedResourceId,
  Timestamp,
  Trait,
} from '../teleport';
import { Entities } from './constants';

/** Every entity's key, from the names Teleport gives: `<type>:<name>`, never a revision. */
export function keyOf(entity: { _type: string }, ...names: string[]): string {
  return [entity._type, ...names].join(':');
}

export const keys = {
  account: (clusterName: string): string => `${Entities.ACCOUNT._type}:${clusterName}`,
  role: (name: string): string => `${Entities.ROLE._type}:${name}`,
  user: (name: string): string => `${Entities.USER._type}:${name}`,
  accessList: (name: string): string => `${Entities.ACCESS_LIST._type}:${name}`,
  userLoginState: (user: string): string => `${Entities.USER_LOGIN_STATE._type}:${user}`,
};

/**
 * An entity of `type` keyed and named by `name` (`<type>:<name>`), displayed by its name unless
 * `properties` say otherwise, with `source` as its raw data.
 */
export function namedEntity(
  type: StepEntityMetadata,
  name: string,
  source: object,
  properties: Record<string, unknown>,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: keyOf(type, name),
        _type: type._type,
        _class: type._class,
        name,
        displayName: name,
        ...properties,
      },
    },
  });
}

/** The name a key was made from: `nameOfKey(keys.role('x'), 'teleport_role')` is `x`. */
export function nameOfKey(key: string, type: string): string {
  return key.startsWith(`${type}:`) ? key.slice(type.length + 1) : key;
}

/** Go's zero time.Time, which an unset Timestamp may arrive as. */
const GO_ZERO_TIME_SECONDS = -62135596800;

/** Milliseconds since the epoch, or undefined for an unset time (absent, zero, or year 1). */
export function toEpochMillis(timestamp: Timestamp | undefined): number | undefined {
  if (!timestamp) {
    return undefined;
  }
  const seconds = timestamp.seconds ?? 0;
  const nanos = timestamp.nanos ?? 0;
  if ((seconds === 0 && nanos === 0) || seconds <= GO_ZERO_TIME_SECONDS) {
    return undefined;
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** `{ env: [prod, staging] }` → `['env=prod', 'env=staging']`, sorted so output is stable. */
export function labelSelectors(labels: LabelValues | undefined): string[] {
  const selectors: string[] = [];
  for (const [key, values] of Object.entries(labels?.values ?? {})) {
    for (const value of values?.values ?? []) {
      selectors.push(`${key}=${value}`);
    }
  }
  return selectors.sort();
}

/** A label-values map (a user's traits) as plain `{ key: values }`. */
export function valuesByKey(labels: LabelValues | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(labels?.values ?? {})) {
    result[key] = [...(values?.values ?? [])];
  }
  return result;
}

/** Traits as `key=value` strings. */
export function traitPairs(traits: Trait[] | undefined): string[] {
  const pairs: string[] = [];
  for (const trait of traits ?? []) {
    for (const value of trait.values ?? []) {
      pairs.push(`${trait.key ?? ''}=${value}`);
    }
  }
  return pairs;
}

/**
 * An enum value our protos do not declare arrives as its number (protobufjs keeps it); the graph
 * shows it as `unknown (N)` rather than failing the step, and the step logs it once per property.
 */
export function unknownEnum(value: number): string {
  return `unknown (${value})`;
}

const UNKNOWN_ENUM = /^unknown \(-?\d+\)$/;

/** The properties of a graph object that hold an `unknown (N)` value (alone or in a list). */
export function unknownEnumProperties(object: object): { property: string; value: string }[] {
  // Runs on every object a step adds: no allocation unless something is found.
  const found: { property: string; value: string }[] = [];
  const record = object as Record<string, unknown>;
  for (const property in record) {
    const value = record[property];
    const first =
      typeof value === 'string'
        ? UNKNOWN_ENUM.test(value)
          ? value
          : undefined
        : Array.isArray(value)
          ? (value as unknown[]).find(
              (item): item is string => typeof item === 'string' && UNKNOWN_ENUM.test(item),
            )
          : undefined;
    if (first !== undefined) {
      found.push({ property, value: first });
    }
  }
  return found;
}

/**
 * `MEMBERSHIP_KIND_LIST` with prefix `MEMBERSHIP_KIND_` → `list`; undefined or UNSPECIFIED →
 * fallback; a number (a value our protos do not declare) → `unknown (N)`.
 */
export function enumValue(
  value: string | number | undefined,
  prefix: string,
  fallback?: string,
): string | undefined {
  if (typeof value === 'number') {
    return unknownEnum(value);
  }
  if (value === undefined || value === `${prefix}UNSPECIFIED`) {
    return fallback;
  }
  return value.startsWith(prefix) ? value.slice(prefix.length).toLowerCase() : value.toLowerCase();
}

/** `/<cluster>/<kind>/<name>[/<sub-resource>]` (api/types/resource_ids.go `ResourceIDToString`). */
export function resourceIdString(id: RequestedResourceId): string {
  const base = `/${id.clusterName ?? ''}/${id.kind ?? ''}/${id.name ?? ''}`;
  return id.subResourceName ? `${base}/${id.subResourceName}` : base;
}

/**
 * The resources a request names: field 14, and on newer servers field 26 (resources with
 * constraints, which it may carry instead), each once.
 */
export function requestedResourceIds(request: AccessRequestV3): RequestedResourceId[] {
  const spec = request.spec;
  const all = [
    ...(spec?.requestedResourceIds ?? []),
    ...(spec?.requestedResourceAccessIds ?? []).flatMap((entry) => (entry.id ? [entry.id] : [])),
  ];
  const seen = new Set<string>();
  return all.filter((id) => {
    const text = resourceIdString(id);
    if (seen.has(text)) {
      return false;
    }
    seen.add(text);
    return true;
  });
}

/** `PENDING` → `pending`; unset (NONE, which Go does not write) → `none`; a new value → `unknown (N)`. */
export function requestStateName(state: string | number | undefined): string {
  return enumValue(state, '', 'none')!;
}

/**
 * A scalar field of a message that may be absent: undefined when the message is absent, and the
 * field's zero value when the message is present but the field is not. Go writes no proto3 zero
 * scalar, so `BoolValue{Value: false}` (what upstream's `BoolOption.MarshalTo` in
 * api/types/role.go marshals) arrives as an empty message and decodes as `{}`.
 */
export function scalarIn<M extends object, K extends keyof M>(
  message: M | undefined,
  field: K,
  zero: NonNullable<M[K]>,
): NonNullable<M[K]> | undefined {
  return message === undefined || message === null ? undefined : (message[field] ?? zero);
}

/** Drops undefined entries so graph objects carry only what is known. */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  const result: Partial<T> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      (result as Record<string, unknown>)[key] = value;
    }
  }
  return result;
}

/** Non-empty strings only; empty arrays become undefined. */
export function nonEmpty(values: string[] | undefined): string[] | undefined {
  const kept = (values ?? []).filter((value) => value !== '');
  return kept.length > 0 ? kept : undefined;
}

export function nonEmptyString(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

// ASCII addresses only, as the data model's `email` format accepts them.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function asEmail(value: string | undefined): string | undefined {
  return value !== undefined && EMAIL.test(value) ? value : undefined;
}

/**
 * A relationship of the given metadata between two keys, with optional properties and key suffix.
 * It is the object `createDirectRelationship` makes (a test holds the two equal), built in one
 * pass: this runs once per membership and per effective role, up to a million times a run.
 */
export function createKeyRelationship(
  metadata: StepRelationshipMetadata,
  fromKey: string,
  toKey: string,
  properties: Record<string, string | number | boolean | undefined> = {},
  keySuffix?: string,
): Relationship {
  const relationshipClass = metadata._class as RelationshipClass;
  const relationship: Relationship = {
    _key: `${fromKey}|${relationshipClass.toLowerCase()}|${toKey}${keySuffix ? `|${keySuffix}` : ''}`,
    _type: metadata._type,
    _class: relationshipClass,
    _fromEntityKey: fromKey,
    _toEntityKey: toKey,
    displayName: relationshipClass,
  };
  for (const name in properties) {
    const value = properties[name];
    if (value !== undefined) {
      relationship[name] = value;
    }
  }
  return relationship;
}
