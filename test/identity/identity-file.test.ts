import { beforeAll, describe, expect, it } from 'vitest';
import { IdentityFileError, parseIdentityFile } from '../../src/identity';
import {
  createAuthority,
  createClusterPki,
  issueIdentity,
  issueUserIdentity,
  type ClusterPki,
  type UserIdentity,
} from '../../standin/pki';

const CLUSTER = 'acme.teleport.sh';

let pki: ClusterPki;
let ecdsa: UserIdentity;
let rsa: UserIdentity;

function problemOf(text: string, now?: Date): string {
  try {
    parseIdentityFile(text, { now });
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityFileError);
    return `${(error as IdentityFileError).problem}: ${(error as Error).message}`;
  }
  throw new Error('expected the identity file to be refused');
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g) ?? [];
}

beforeAll(async () => {
  pki = await createClusterPki(CLUSTER, 'ecdsa');
  ecdsa = await issueIdentity(pki, {
    algorithm: 'ecdsa',
    username: 'jupiterone',
    roles: ['jupiterone-reader', 'auditor'],
  });
  rsa = await issueIdentity(pki, {
    algorithm: 'rsa',
    username: 'svc-rsa',
    roles: ['jupiterone-reader'],
  });
});

describe('parseIdentityFile: key encodings', () => {
  it('reads an ECDSA P-256 identity (PKCS#8) with the subject Teleport writes', () => {
    const identity = parseIdentityFile(ecdsa.identityFile);
    expect(identity).toMatchObject({
      username: 'jupiterone',
      roles: ['jupiterone-reader', 'auditor'],
      clusterName: CLUSTER,
      keyType: 'ec',
      hasSshCertificate: true,
      trustedAuthorityNames: [CLUSTER],
      otherClusterAuthorityCount: 0,
    });
    expect(identity.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(identity.notBefore.getTime()).toBeLessThan(Date.now());
  });

  it('reads an RSA identity with a PKCS#1 key (what legacy clusters write)', () => {
    expect(rsa.keyPem).toContain('BEGIN RSA PRIVATE KEY');
    expect(parseIdentityFile(rsa.identityFile)).toMatchObject({
      username: 'svc-rsa',
      keyType: 'rsa',
    });
  });

  it.each([
    ['rsa', 'pkcs8', 'BEGIN PRIVATE KEY', 'rsa'],
    ['ecdsa', 'sec1', 'BEGIN EC PRIVATE KEY', 'ec'],
    ['ed25519', 'pkcs8', 'BEGIN PRIVATE KEY', 'ed25519'],
  ] as const)('reads a %s key in %s encoding', async (algorithm, keyEncoding, label, keyType) => {
    const issued = await issueIdentity(pki, { algorithm, keyEncoding });
    expect(issued.keyPem).toContain(label);
    expect(parseIdentityFile(issued.identityFile).keyType).toBe(keyType);
  });

  it('decides what a block is by decoding it, not by its label', () => {
    const relabelled = ecdsa.identityFile
      .replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '-----$1 RSA PRIVATE KEY-----')
      .replace(
        /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/,
        '-----BEGIN TRUSTED CERTIFICATE-----$1-----END TRUSTED CERTIFICATE-----',
      );
    expect(parseIdentityFile(relabelled).username).toBe('jupiterone');
  });

  it('works without the SSH certificate line (a TLS-only client needs none)', () => {
    const withoutSsh = ecdsa.identityFile
      .split('\n')
      .filter(
        (line) => !line.includes('-cert-v01@openssh.com') && !line.startsWith('@cert-authority'),
      )
      .join('\n');
    const identity = parseIdentityFile(withoutSsh);
    expect(identity.hasSshCertificate).toBe(false);
    expect(identity.username).toBe('jupiterone');
  });
});

describe('parseIdentityFile: text as users paste it', () => {
  it.each([
    ['CRLF line ends', (text: string) => text.replace(/\n/g, '\r\n')],
    ['blank lines between parts', (text: string) => text.replace(/-----\n/g, '-----\n\n\n')],
    ['surrounding whitespace', (text: string) => `\n\n   ${text}   \n\t`],
    ['escaped newlines from a .env file', (text: string) => text.replace(/\n/g, '\\n')],
    ['escaped CRLF', (text: string) => text.replace(/\n/g, '\\r\\n')],
    ['a byte-order mark', (text: string) => `\uFEFF${text}`],
  ])('accepts %s', (_name, mangle) => {
    expect(parseIdentityFile(mangle(ecdsa.identityFile)).username).toBe('jupiterone');
  });
});

describe('parseIdentityFile: files with trusted clusters', () => {
  it("trusts only the CA of the identity's own cluster", async () => {
    const leaf = await createAuthority('leaf.example.net', 'ecdsa');
    const issued = await issueUserIdentity(pki.userCa, [pki.hostCa], {
      username: 'jupiterone',
      roles: ['jupiterone-reader'],
      algorithm: 'ecdsa',
      authorities: [pki.hostCa, leaf],
    });
    const identity = parseIdentityFile(issued.identityFile);
    expect(identity.trustedAuthorityNames).toEqual([CLUSTER]);
    expect(identity.otherClusterAuthorityCount).toBe(1);
    expect(identity.authorityCertificates).toHaveLength(1);
  });

  it('refuses a file whose CA certificates all belong to other clusters', async () => {
    const leaf = await createAuthority('leaf.example.net', 'ecdsa');
    const issued = await issueUserIdentity(pki.userCa, [pki.hostCa], {
      username: 'jupiterone',
      roles: [],
      algorithm: 'ecdsa',
      authorities: [leaf],
    });
    expect(problemOf(issued.identityFile)).toMatch(
      /^no-cluster-authority: None of the identity file's 1 CA certificates belongs to cluster "acme.teleport.sh"/,
    );
  });

  it('reads the impersonator and bot name when Teleport writes them', async () => {
    const issued = await issueIdentity(pki, {
      algorithm: 'ecdsa',
      impersonator: 'admin',
      botName: 'jupiterone-bot',
    });
    expect(parseIdentityFile(issued.identityFile)).toMatchObject({
      impersonator: 'admin',
      botName: 'jupiterone-bot',
    });
  });
});

describe('parseIdentityFile: refusals', () => {
  it('refuses an empty file and says how to make one', () => {
    expect(problemOf('   \n ')).toMatch(
      /^empty: .*tctl auth sign --user=<service user> --format=file/,
    );
  });

  it('refuses text that is not PEM', () => {
    expect(problemOf('hello, this is not an identity file')).toMatch(/^not-pem: /);
  });

  it('recognises a base64-encoded identity file', () => {
    expect(problemOf(Buffer.from(ecdsa.identityFile).toString('base64'))).toMatch(
      /^base64: .*base64 -d/,
    );
  });

  it('recognises a truncated file', () => {
    const cut = ecdsa.identityFile.slice(
      0,
      ecdsa.identityFile.lastIndexOf('-----END CERTIFICATE-----') - 40,
    );
    expect(problemOf(cut)).toMatch(/^truncated: /);
  });

  it('refuses a key alone (a tsh profile key is not an identity file)', () => {
    expect(problemOf(ecdsa.keyPem)).toMatch(/^no-client-certificate: .*tsh profile key/);
  });

  it('refuses certificates without a key', () => {
    const [, certificate, authority] = pemBlocks(ecdsa.identityFile);
    expect(problemOf(`${certificate}\n${authority}`)).toMatch(/^no-key: /);
  });

  it('refuses a file without its client certificate', () => {
    const [key, , authority] = pemBlocks(ecdsa.identityFile);
    expect(problemOf(`${key}\n${authority}`)).toMatch(
      /^no-client-certificate: .*no client certificate/,
    );
  });

  it('refuses a file without a CA certificate', () => {
    const [key, certificate] = pemBlocks(ecdsa.identityFile);
    expect(problemOf(`${key}\n${certificate}`)).toMatch(/^no-cluster-authority: /);
  });

  it('refuses a key that belongs to another certificate', () => {
    const [, certificate, authority] = pemBlocks(ecdsa.identityFile);
    const [otherKey] = pemBlocks(rsa.identityFile);
    expect(problemOf(`${otherKey}\n${certificate}\n${authority}`)).toMatch(
      /^key-mismatch: The private key does not belong to the client certificate \(CN=jupiterone\)/,
    );
  });

  it('refuses a damaged block', () => {
    const [key, certificate, authority] = pemBlocks(ecdsa.identityFile);
    const damaged = certificate!.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    expect(problemOf(`${key}\n${damaged}\n${authority}`)).toMatch(
      /^undecodable-block: PEM block 2 /,
    );
  });

  it('refuses an expired identity, naming NotAfter and the remedy', async () => {
    const notAfter = new Date(Date.now() - 3600_000);
    const expired = await issueIdentity(pki, {
      algorithm: 'ecdsa',
      notBefore: new Date(Date.now() - 7200_000),
      notAfter,
    });
    const message = problemOf(expired.identityFile);
    expect(message).toContain(
      `expired: The identity's certificate expired at ${notAfter.toISOString().replace(/\.\d+Z$/, '')}`,
    );
    expect(message).toMatch(/tctl auth sign .*Machine ID \(tbot\)/);
  });

  it('refuses an identity that is not valid yet, naming NotBefore', async () => {
    const notBefore = new Date(Date.now() + 3600_000);
    const early = await issueIdentity(pki, {
      algorithm: 'ecdsa',
      notBefore,
      notAfter: new Date(Date.now() + 7200_000),
    });
    expect(problemOf(early.identityFile)).toMatch(/^not-yet-valid: .*not valid until .*NotBefore/);
  });

  it('never quotes key or certificate material in its messages', () => {
    const [key, certificate, authority] = pemBlocks(ecdsa.identityFile);
    const [otherKey] = pemBlocks(rsa.identityFile);
    const messages = [
      problemOf(ecdsa.keyPem),
      problemOf(`${otherKey}\n${certificate}\n${authority}`),
      problemOf(`${key}\n${certificate}`),
    ];
    const secretLines = [key, certificate, otherKey]
      .join('\n')
      .split('\n')
      .filter((line) => line.length > 20 && !line.startsWith('-----'));
    for (const message of messages) {
      for (const line of secretLines) {
        expect(message).not.toContain(line);
      }
    }
  });
});
