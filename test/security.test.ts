/** The connection's security properties, checked in the source so a regression cannot slip in. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE = path.resolve(__dirname, '../src');

function sources(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts')) {
        found.push({ file: path.relative(SOURCE, full), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(SOURCE);
  return found;
}

describe('security review of src/', () => {
  it('never switches certificate verification off', () => {
    for (const { file, text } of sources()) {
      expect(text, file).not.toMatch(/rejectUnauthorized\s*:\s*false/);
      expect(text, file).not.toMatch(/NODE_TLS_REJECT_UNAUTHORIZED/);
    }
  });

  it('never writes the identity (or anything) to disk', () => {
    for (const { file, text } of sources()) {
      expect(text, file).not.toMatch(
        /\b(writeFile|writeFileSync|createWriteStream|appendFile|mkdtemp)\b/,
      );
    }
  });

  it('requires TLS 1.2 or newer for both the secure context and the handshake', () => {
    const identity = sources().find(
      ({ file }) => file === path.join('identity', 'identity-file.ts'),
    )!;
    const handshake = sources().find(
      ({ file }) => file === path.join('teleport', 'auth-handshake.ts'),
    )!;
    expect(identity.text).toContain("minVersion: 'TLSv1.2'");
    expect(handshake.text).toContain("minVersion: 'TLSv1.2'");
  });

  it('opens no listening socket', () => {
    for (const { file, text } of sources()) {
      expect(text, file).not.toMatch(/\.listen\(|createServer\(/);
    }
  });
});
