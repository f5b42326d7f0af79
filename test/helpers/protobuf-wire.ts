/**
 * A few bytes of protobuf written by hand, as a server that sends more than our protos declare
 * would: tests decode them with the project's protos to prove undeclared (secret) fields are dropped.
 */

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
