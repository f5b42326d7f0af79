/**
 * Certificates for the Teleport stand-in, minted afresh in every process: a host CA and a user CA
 * per cluster (both named after it, as Teleport's are), the Auth server's certificate from the host
 * CA, and client identities from the user CA written in Teleport's identity file layout.
 */
import 'reflect-metadata';
import { KeyObject, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type KeyAlgorithm = 'rsa' | 'ecdsa' | 'ed25519';
export type KeyEncoding = 'pkcs1' | 'pkcs8' | 'sec1';

const OID = {
  streetAddress: '2.5.4.9',
  postalCode: '2.5.4.17',
  teleportCluster: '1.3.9999.1.7',
  impersonator: '1.3.9999.2.7',
  botName: '1.3.9999.2.18',
};

interface KeyPair {
  algorithm: KeyAlgorithm;
  keys: webcrypto.CryptoKeyPair;
  signing: webcrypto.Algorithm | webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;
}

async function generateKeyPair(algorithm: KeyAlgorithm): Promise<KeyPair> {
  const params =
    algorithm === 'rsa'
      ? {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        }
      : algorithm === 'ecdsa'
        ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
        : { name: 'Ed25519' };
  const keys = (await webcrypto.subtle.generateKey(params, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  return { algorithm, keys, signing: params };
}

async function toNodeKey(pair: KeyPair): Promise<KeyObject> {
  const pkcs8 = Buffer.from(
    await webcrypto.subtle.exportKey('pkcs8', pair.keys.privateKey as webcrypto.CryptoKey),
  );
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

export async function privateKeyPem(
  pair: KeyPair,
  encoding: KeyEncoding = 'pkcs8',
): Promise<string> {
  const key = await toNodeKey(pair);
  return key.export({ format: 'pem', type: encoding } as never) as string;
}

export interface CertificateAuthority {
  name: string;
  pair: KeyPair;
  certificate: x509.X509Certificate;
  pem: string;
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

export async function createAuthority(
  clusterName: string,
  algorithm: KeyAlgorithm,
  validity: { notBefore?: Date; notAfter?: Date } = {},
): Promise<CertificateAuthority> {
  const pair = await generateKeyPair(algorithm);
  const name: x509.JsonName = [
    { CN: [clusterName] },
    { O: [clusterName] },
    { '2.5.4.5': [serial()] },
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: name,
    issuer: name,
    notBefore: validity.notBefore ?? new Date(Date.now() - 3600_000),
    notAfter: validity.notAfter ?? new Date(Date.now() + 10 * 365 * 86400_000),
    signingAlgorithm: pair.signing,
    publicKey: pair.keys.publicKey,
    signingKey: pair.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  return { name: clusterName, pair, certificate, pem: certificate.toString('pem') };
}

export interface IssuedCertificate {
  certificatePem: string;
  keyPem: string;
}

export async function issueServerCertificate(
  hostCa: CertificateAuthority,
  options: {
    algorithm?: KeyAlgorithm;
    dnsNames?: string[];
    ipAddresses?: string[];
    hostId?: string;
  } = {},
): Promise<IssuedCertificate> {
  const pair = await generateKeyPair(options.algorithm ?? hostCa.pair.algorithm);
  const hostId = options.hostId ?? webcrypto.randomUUID();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [`${hostId}.${hostCa.name}`] }, { O: ['Auth'] }],
    issuer: hostCa.certificate.subjectName,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86400_000),
    signingAlgorithm: hostCa.pair.signing,
    publicKey: pair.keys.publicKey,
    signingKey: hostCa.pair.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.serverAuth,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      new x509.SubjectAlternativeNameExtension([
        ...(options.dnsNames ?? ['teleport.cluster.local', '*.teleport.cluster.local', hostId]).map(
          (value) => ({ type: 'dns' as const, value }),
        ),
        ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  return {
    certificatePem: certificate.toString('pem'),
    keyPem: await privateKeyPem(pair, 'pkcs8'),
  };
}

export interface UserIdentityOptions {
  username: string;
  roles: string[];
  algorithm: KeyAlgorithm;
  keyEncoding?: KeyEncoding;
  notBefore?: Date;
  notAfter?: Date;
  logins?: string[];
  traits?: Record<string, string[]>;
  impersonator?: string;
  botName?: string;
  /** Host CA certificates written after the client certificate; the cluster's own by default. */
  authorities?: CertificateAuthority[];
  /** Proxy public address written into the @cert-authority line. */
  proxyAddress?: string;
}

export interface UserIdentity {
  identityFile: string;
  keyPem: string;
  certificatePem: string;
}

function fakeSshCertificateLine(algorithm: KeyAlgorithm, username: string): string {
  const type =
    algorithm === 'rsa'
      ? 'ssh-rsa-cert-v01@openssh.com'
      : algorithm === 'ecdsa'
        ? 'ecdsa-sha2-nistp256-cert-v01@openssh.com'
        : 'ssh-ed25519-cert-v01@openssh.com';
  // The integration never reads the SSH certificate; a well-formed line is enough.
  return `${type} ${randomBytes(180).toString('base64')} ${username}`;
}

export async function issueUserIdentity(
  userCa: CertificateAuthority,
  hostAuthorities: CertificateAuthority[],
  options: UserIdentityOptions,
): Promise<UserIdentity> {
  const clusterName = userCa.name;
  const pair = await generateKeyPair(options.algorithm);
  const subject: x509.JsonName = [
    { CN: [options.username] },
    ...options.roles.map((role) => ({ O: [role] })),
    { OU: ['usage:apps'] },
    ...(options.logins ?? ['-teleport-internal-join']).map((login) => ({ L: [login] })),
    { [OID.streetAddress]: [clusterName] },
    { [OID.postalCode]: [JSON.stringify(options.traits ?? {})] },
    { [OID.teleportCluster]: [clusterName] },
  ];
  if (options.impersonator) {
    subject.push({ [OID.impersonator]: [options.impersonator] });
  }
  if (options.botName) {
    subject.push({ [OID.botName]: [options.botName] });
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: userCa.certificate.subjectName,
    notBefore: options.notBefore ?? new Date(Date.now() - 60_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 12 * 3600_000),
    signingAlgorithm: userCa.pair.signing,
    publicKey: pair.keys.publicKey,
    signingKey: userCa.pair.keys.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.BasicConstraintsExtension(false, undefined, true),
    ],
  });
  const encoding = options.keyEncoding ?? (options.algorithm === 'rsa' ? 'pkcs1' : 'pkcs8');
  const keyPem = await privateKeyPem(pair, encoding);
  const certificatePem = certificate.toString('pem');
  const authorities = options.authorities ?? hostAuthorities;
  const proxy = options.proxyAddress ?? `proxy.${clusterName}`;
  const lines = [
    keyPem.trimEnd(),
    fakeSshCertificateLine(options.algorithm, options.username),
    certificatePem.trimEnd(),
    ...authorities.map(
      (authority) =>
        `@cert-authority ${proxy},${authority.name},*.${authority.name} ecdsa-sha2-nistp256 ${randomBytes(104).toString('base64')} type=host`,
    ),
    ...authorities.map((authority) => authority.pem.trimEnd()),
  ];
  return { identityFile: `${lines.join('\n')}\n`, keyPem, certificatePem };
}

/** Everything a stand-in cluster needs to serve mutual TLS. */
export interface ClusterPki {
  clusterName: string;
  hostCa: CertificateAuthority;
  userCa: CertificateAuthority;
  authServer: IssuedCertificate;
}

export async function createClusterPki(
  clusterName: string,
  algorithm: KeyAlgorithm = 'ecdsa',
): Promise<ClusterPki> {
  const [hostCa, userCa] = await Promise.all([
    createAuthority(clusterName, algorithm),
    createAuthority(clusterName, algorithm),
  ]);
  const authServer = await issueServerCertificate(hostCa);
  return { clusterName, hostCa, userCa, authServer };
}

export function issueIdentity(
  pki: ClusterPki,
  options: Partial<UserIdentityOptions> & { algorithm: KeyAlgorithm },
): Promise<UserIdentity> {
  return issueUserIdentity(pki.userCa, [pki.hostCa], {
    username: 'jupiterone',
    roles: ['jupiterone-reader'],
    ...options,
  });
}
