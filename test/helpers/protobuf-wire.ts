/**
 * A few bytes of protobuf written by hand, as a server that sends more than our protos declare
 * would, or as Teleport's Go marshaller writes them (no zero scalars; a message set to its zero
 * value as an empty one): tests decode them with the project's protos.
 */

import { teleportPackageDefinition } from '../../src/teleport/protos';

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
