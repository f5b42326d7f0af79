/**
 * A few bytes of protobuf written by hand, as a server that sends more than our protos declare
 * would, or as Teleport's Go marshaller writes them (no zero scalars; a message set to its zero
 * value as an empty one): tests decode them with the project's protos.
 */

import { teleportPackageDefinition } from '../src/teleport/protos';

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

/** A length-delimited field: a string, or an embedded message given as its bytes. */
export function field(number: number, value: string | Buffer): Buffer {
  const payload = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.from([...varint((number << 3) | 2), ...varint(payload.length), ...payload]);
}

/** A varint field (bool, enum, int). */
export function varintField(number: number, value: number): Buffer {
  return Buffer.from([...varint(number << 3), ...varint(value)]);
}

export function message(...fields: Buffer[]): Buffer {
  return Buffer.concat(fields);
}

/** An embedded message field; with no fields it is the empty message Go writes for `BoolValue{Value: false}`. */
export function embedded(number: number, ...fields: Buffer[]): Buffer {
  return field(number, message(...fields));
}

/** Decodes bytes as the named message (`types.RoleV6`, …) with the project's protos and options. */
export function decodeAs<T>(typeName: string, bytes: Buffer): T {
  const definition = teleportPackageDefinition()[typeName] as
    | { deserialize?: (bytes: Buffer) => unknown }
    | undefined;
  if (typeof definition?.deserialize !== 'function') {
    throw new Error(`The protos define no message ${typeName}.`);
  }
  return definition.deserialize(bytes) as T;
}

interface FieldDescriptor {
  name: string;
  label: string;
  type: string;
  typeName: string;
}

interface TypeDefinition {
  type: { field?: FieldDescriptor[]; value?: { name: string; number: number }[] };
  serialize?: (value: object) => Buffer;
}

function typeDefinition(fullName: string): TypeDefinition | undefined {
  return teleportPackageDefinition()[fullName] as TypeDefinition | undefined;
}

/** The full name a field's type name refers to, looked up from the scope of `within`. */
function resolveType(within: string, typeName: string): string {
  const name = typeName.replace(/^\./, '');
  const scope = within.split('.');
  while (scope.length > 0) {
    scope.pop();
    const candidate = [...scope, name].join('.');
    if (typeDefinition(candidate)) {
      return candidate;
    }
  }
  throw new Error(`No type ${typeName} is visible from ${within}.`);
}

const ZERO_SCALARS = new Set<unknown>([false, 0, '']);

/** The object with what Go would not write left out: proto3 scalars at their zero value. */
function goShape(typeName: string, value: Record<string, unknown>): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const descriptor of typeDefinition(typeName)?.type.field ?? []) {
    const fieldValue = value[descriptor.name];
    if (fieldValue === undefined || fieldValue === null) {
      continue;
    }
    const repeated = descriptor.label === 'LABEL_REPEATED';
    if (descriptor.type === 'TYPE_MESSAGE' && !(repeated && !Array.isArray(fieldValue))) {
      // A message Go holds a pointer to is written when set, even with nothing in it.
      const fieldType = resolveType(typeName, descriptor.typeName);
      shaped[descriptor.name] = repeated
        ? (fieldValue as Record<string, unknown>[]).map((item) => goShape(fieldType, item))
        : goShape(fieldType, fieldValue as Record<string, unknown>);
    } else if (repeated || !isZeroScalar(typeName, descriptor, fieldValue)) {
      shaped[descriptor.name] = fieldValue;
    }
  }
  return shaped;
}

function isZeroScalar(typeName: string, descriptor: FieldDescriptor, value: unknown): boolean {
  if (ZERO_SCALARS.has(value) || (Buffer.isBuffer(value) && value.length === 0)) {
    return true;
  }
  if (descriptor.type === 'TYPE_ENUM' && typeof value === 'string') {
    const values = typeDefinition(resolveType(typeName, descriptor.typeName))?.type.value ?? [];
    return values.find((candidate) => candidate.number === 0)?.name === value;
  }
  return false;
}

/**
 * A message encoded as Teleport's Go code (gogo/protobuf) marshals it: proto3 scalars at their zero
 * value are not written, so `BoolValue{Value: false}` is an empty message, where protobufjs would
 * write `value: false` explicitly. Fields are written in field-number order, as both do.
 */
export function goMarshal(typeName: string, value: object): Buffer {
  const definition = typeDefinition(typeName);
  if (typeof definition?.serialize !== 'function') {
    throw new Error(`The protos define no message ${typeName}.`);
  }
  return definition.serialize(goShape(typeName, value as Record<string, unknown>));
}
