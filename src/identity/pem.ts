/**
 * Splitting the text of an identity file into its parts.
 *
 * Users paste identity files into web forms and `.env` files, so the text may arrive with CRLF line
 * ends, stray blank lines, surrounding whitespace or literal `\n` escapes. Labels are kept only for
 * error messages: what a block holds is decided by decoding it, never by its label.
 */

export interface PemBlock {
  /** The label after BEGIN, as written (not trusted). */
  label: string;
  /** The decoded bytes between the armour lines. */
  der: Buffer;
}

export interface IdentityFileParts {
  blocks: PemBlock[];
  /** The OpenSSH certificate line, when present (its content is never used). */
  hasSshCertificate: boolean;
  /** Number of `@cert-authority` lines (SSH host CAs; unused for TLS). */
  sshCertAuthorityLines: number;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const SSH_CERTIFICATE_LINE =
  /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+)-cert-v01@openssh\.com\s+\S+/m;
const CERT_AUTHORITY_LINE = /^@cert-authority\s/gm;

/** Normalises pasted text: unescapes `\n`, unifies line ends and trims. */
export function normaliseIdentityText(text: string): string {
  let normalised = text.replace(/^\uFEFF/, '');
  // `.env` files and JSON carry the PEM on one line with escaped newlines.
  if (/-----BEGIN [A-Z0-9 ]+-----(\\r)?\\n/.test(normalised)) {
    normalised = normalised.replace(/\\r\\n/g, '\n').replace(/\\n/g, '\n');
  }
  return normalised.replace(/\r\n?/g, '\n').trim();
}

export function splitIdentityText(text: string): IdentityFileParts {
  const normalised = normaliseIdentityText(text);
  const blocks: PemBlock[] = [];
  for (const match of normalised.matchAll(PEM_BLOCK)) {
    const label = match[1] ?? '';
    const body = (match[2] ?? '').replace(/\s+/g, '');
    // PEM headers such as Proc-Type would make the body undecodable; Teleport never writes them.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length === 0) {
      blocks.push({ label, der: Buffer.alloc(0) });
      continue;
    }
    blocks.push({ label, der: Buffer.from(body, 'base64') });
  }
  return {
    blocks,
    hasSshCertificate: SSH_CERTIFICATE_LINE.test(normalised),
    sshCertAuthorityLines: (normalised.match(CERT_AUTHORITY_LINE) ?? []).length,
  };
}

/** True when the text looks like a whole identity file encoded once more as base64. */
export function looksLikeBase64OfPem(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    return false;
  }
  return Buffer.from(compact, 'base64').toString('latin1').includes('-----BEGIN ');
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
