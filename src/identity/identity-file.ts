/**
 * Identity file → credentials.
 *
 * An identity file (`tctl auth sign --format=file`, or tbot's `identity` output) holds, in order: the
 * private key, an SSH certificate line, the TLS client certificate, `@cert-authority` lines and the
 * host CA certificates of the cluster and of its trusted clusters. The client certificate is signed by
 * the cluster's user CA, which the file does not carry, so it is never chained to the bundled CAs:
 * those only verify the Auth server.
 */
import { KeyObject, X509Certificate, createPrivateKey } from 'node:crypto';
import { SecureContext, createSecureContext } from 'node:tls';
import { CertificateFacts, SubjectOid, firstValue, readCertificate } from './certificate';
import { looksLikeBase64OfPem, splitIdentityText, toPem } from './pem';

/** How to make a good identity file; appended to every parsing error. */
export const IDENTITY_FILE_REMEDY =
  'Sign one with `tctl auth sign --user=<service user> --format=file --out=identity.pem --ttl=24h`, ' +
  'or point identityFilePath at the `identity` output of Machine ID (tbot), and supply the whole file.';

export type IdentityFileProblem =
  | 'empty'
  | 'base64'
  | 'not-pem'
  | 'truncated'
  | 'undecodable-block'
  | 'no-key'
  | 'several-keys'
  | 'no-client-certificate'
  | 'key-mismatch'
  | 'no-cluster-authority'
  | 'no-cluster-name'
  | 'not-yet-valid'
  | 'expired';

export class IdentityFileError extends Error {
  constructor(
    readonly problem: IdentityFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'IdentityFileError';
  }
}

export type IdentityKeyType = 'rsa' | 'ec' | 'ed25519';

/** What the identity proves, and the TLS material to prove it. Never logged whole. */
export interface TeleportIdentity {
  username: string;
  roles: string[];
  clusterName: string;
  notBefore: Date;
  notAfter: Date;
  keyType: IdentityKeyType;
  impersonator?: string;
  botName?: string;
  hasSshCertificate: boolean;
  clientCertificateFingerprint: string;
  /** Subjects (CN) of the CA certificates trusted for the Auth handshake. */
  trustedAuthorityNames: string[];
  /** CA certificates in the file that belong to other (trusted leaf) clusters: never trusted here. */
  otherClusterAuthorityCount: number;
  /**
   * Client key, client certificate and the cluster's host CAs, ready for `tls.connect`. The PEM key
   * buffer is zeroed once the context holds it.
   */
  secureContext: SecureContext;
  /** DER of the trusted CA certificates, to name the issuer when a handshake fails. */
  authorityCertificates: Buffer[];
}

export interface ParseIdentityOptions {
  /** The time validity is judged at; defaults to now. */
  now?: Date;
  /** Clock skew tolerated for NotBefore (Teleport backdates by one minute already). */
  clockSkewMs?: number;
}

const KEY_DER_TYPES = [
  { type: 'pkcs8', format: 'der' },
  { type: 'pkcs1', format: 'der' },
  { type: 'sec1', format: 'der' },
] as const;

function tryReadPrivateKey(der: Buffer): KeyObject | undefined {
  for (const encoding of KEY_DER_TYPES) {
    try {
      return createPrivateKey({ key: der, ...encoding });
    } catch {
      // Try the next encoding: labels are not trusted, so every encoding is attempted.
    }
  }
  return undefined;
}

interface ParsedCertificate {
  der: Buffer;
  facts: CertificateFacts;
}

function tryReadCertificate(der: Buffer): ParsedCertificate | undefined {
  try {
    return { der, facts: readCertificate(der) };
  } catch {
    return undefined;
  }
}

function fail(problem: IdentityFileProblem, message: string): never {
  throw new IdentityFileError(problem, `${message} ${IDENTITY_FILE_REMEDY}`);
}

function describe(certificate: ParsedCertificate): string {
  return `CN=${firstValue(certificate.facts.subject, SubjectOid.commonName) ?? '(none)'}`;
}

function keyTypeOf(key: KeyObject): IdentityKeyType {
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'ec' || type === 'ed25519') {
    return type;
  }
  return fail(
    'undecodable-block',
    `The identity file's private key is of type ${type ?? 'unknown'}, which Teleport does not issue (RSA, ECDSA P-256 or Ed25519 expected).`,
  );
}

/** Parses an identity file's text into a checked identity. Throws IdentityFileError. */
export function parseIdentityFile(
  text: string,
  options: ParseIdentityOptions = {},
): TeleportIdentity {
  const now = options.now ?? new Date();
  const clockSkewMs = options.clockSkewMs ?? 60_000;

  if (text.trim() === '') {
    fail('empty', 'The identity file is empty.');
  }
  const parts = splitIdentityText(text);
  if (parts.blocks.length === 0) {
    if (looksLikeBase64OfPem(text)) {
      fail(
        'base64',
        'The identity file is base64-encoded; supply the PEM text itself (decode it with `base64 -d`).',
      );
    }
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(text)) {
      fail('truncated', 'The identity file is truncated: a PEM block has no END line.');
    }
    fail(
      'not-pem',
      'The identity file holds no PEM blocks, so it is not a Teleport identity file.',
    );
  }
  const beginLines = (text.match(/-----BEGIN [A-Z0-9 ]+-----/g) ?? []).length;
  if (beginLines > parts.blocks.length) {
    fail('truncated', 'The identity file is truncated: a PEM block has no END line.');
  }

  const keys: { key: KeyObject; der: Buffer }[] = [];
  const certificates: ParsedCertificate[] = [];
  parts.blocks.forEach((block, index) => {
    const key = block.der.length > 0 ? tryReadPrivateKey(block.der) : undefined;
    if (key) {
      keys.push({ key, der: block.der });
      return;
    }
    const certificate = block.der.length > 0 ? tryReadCertificate(block.der) : undefined;
    if (certificate) {
      certificates.push(certificate);
      return;
    }
    fail(
      'undecodable-block',
      `PEM block ${index + 1} (labelled "${block.label}") is neither a private key nor an X.509 certificate; the file may be damaged or truncated.`,
    );
  });

  if (keys.length === 0) {
    fail('no-key', 'The identity file holds certificates but no private key.');
  }
  if (keys.length > 1) {
    fail(
      'several-keys',
      `The identity file holds ${keys.length} private keys; an identity file has one.`,
    );
  }
  const { key, der: keyDer } = keys[0]!;
  if (certificates.length === 0) {
    fail(
      'no-client-certificate',
      'The identity file holds a private key but no certificate. A tsh profile key (~/.tsh/keys/...) is not an identity file.',
    );
  }

  const clientCertificate = certificates.find((certificate) =>
    new X509Certificate(certificate.der).checkPrivateKey(key),
  );
  if (!clientCertificate) {
    const candidate = certificates.find((certificate) => !certificate.facts.isCertificateAuthority);
    if (!candidate) {
      fail(
        'no-client-certificate',
        'The identity file holds a private key and CA certificates but no client certificate.',
      );
    }
    fail(
      'key-mismatch',
      `The private key does not belong to the client certificate (${describe(candidate)}); the file mixes parts of different identities.`,
    );
  }

  const facts = clientCertificate.facts;
  const clusterName =
    firstValue(facts.issuer, SubjectOid.commonName) ??
    firstValue(facts.subject, SubjectOid.teleportClusterName) ??
    firstValue(facts.subject, SubjectOid.streetAddress);
  if (!clusterName) {
    fail(
      'no-cluster-name',
      'The client certificate names no Teleport cluster (no issuer CN, cluster OID or STREET).',
    );
  }
  const username = firstValue(facts.subject, SubjectOid.commonName);
  if (!username) {
    fail(
      'no-client-certificate',
      'The client certificate names no Teleport user (empty subject CN).',
    );
  }

  const authorities = certificates.filter((certificate) => certificate !== clientCertificate);
  if (authorities.length === 0) {
    fail('no-cluster-authority', 'The identity file holds no cluster CA certificate.');
  }
  // Files from clusters with trusted (leaf) clusters carry one host CA per cluster: the Auth server
  // of this identity's cluster must be verified against that cluster's CA alone.
  const ownAuthorities = authorities.filter(
    (authority) =>
      firstValue(authority.facts.subject, SubjectOid.commonName) === clusterName ||
      (authority.facts.subject.get(SubjectOid.organization) ?? []).includes(clusterName),
  );
  if (ownAuthorities.length === 0) {
    fail(
      'no-cluster-authority',
      `None of the identity file's ${authorities.length} CA certificates belongs to cluster "${clusterName}".`,
    );
  }

  if (now.getTime() + clockSkewMs < facts.notBefore.getTime()) {
    throw new IdentityFileError(
      'not-yet-valid',
      `The identity's certificate is not valid until ${facts.notBefore.toISOString()} (NotBefore); ` +
        `check this machine's clock, or sign a new identity.`,
    );
  }
  if (now.getTime() >= facts.notAfter.getTime()) {
    throw new IdentityFileError(
      'expired',
      `The identity's certificate expired at ${facts.notAfter.toISOString()} (NotAfter). ` +
        'Sign a new one with `tctl auth sign --user=<service user> --format=file --out=identity.pem --ttl=24h`; ' +
        'for unattended use, let Machine ID (tbot) renew it and set identityFilePath to its output.',
    );
  }

  const keyType = keyTypeOf(key);
  const clientCertificatePem = toPem('CERTIFICATE', clientCertificate.der);
  const keyPem = key.export({ format: 'pem', type: 'pkcs8' }) as Buffer | string;
  const keyPemBuffer = Buffer.isBuffer(keyPem) ? keyPem : Buffer.from(keyPem);
  let secureContext: SecureContext;
  try {
    secureContext = createSecureContext({
      key: keyPemBuffer,
      cert: clientCertificatePem,
      ca: ownAuthorities.map((authority) => toPem('CERTIFICATE', authority.der)),
      minVersion: 'TLSv1.2',
    });
  } finally {
    keyPemBuffer.fill(0);
    keyDer.fill(0);
  }

  return {
    username,
    roles: facts.subject.get(SubjectOid.organization) ?? [],
    clusterName,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    keyType,
    impersonator: firstValue(facts.subject, SubjectOid.impersonator),
    botName: firstValue(facts.subject, SubjectOid.botName),
    hasSshCertificate: parts.hasSshCertificate,
    clientCertificateFingerprint: facts.fingerprint256,
    trustedAuthorityNames: ownAuthorities.map(
      (authority) => firstValue(authority.facts.subject, SubjectOid.commonName) ?? clusterName,
    ),
    otherClusterAuthorityCount: authorities.length - ownAuthorities.length,
    secureContext,
    authorityCertificates: ownAuthorities.map((authority) => authority.der),
  };
}
