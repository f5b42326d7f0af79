/**
 * Reading what a Teleport-issued X.509 certificate says about its holder.
 *
 * Parsing goes through an ASN.1 schema rather than a certificate library so that RSA, ECDSA and
 * Ed25519 keys are all handled the same way (some libraries reject EC keys).
 */
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, Name, id_ce_basicConstraints } from '@peculiar/asn1-x509';

/** Attribute OIDs Teleport writes into certificate subjects (upstream lib/tlsca/ca.go). */
export const SubjectOid = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  streetAddress: '2.5.4.9',
  teleportClusterName: '1.3.9999.1.7',
  impersonator: '1.3.9999.2.7',
  botName: '1.3.9999.2.18',
} as const;

export interface CertificateFacts {
  subject: Map<string, string[]>;
  issuer: Map<string, string[]>;
  notBefore: Date;
  notAfter: Date;
  isCertificateAuthority: boolean;
  /** 'rsa', 'ec', 'ed25519'… as Node names key types. */
  publicKeyType: string;
  /** SHA-256 fingerprint, colon separated: safe to log. */
  fingerprint256: string;
}

function nameToMap(name: Name): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const relativeName of name) {
    for (const attribute of relativeName) {
      const values = attributes.get(attribute.type) ?? [];
      values.push(attribute.value.toString());
      attributes.set(attribute.type, values);
    }
  }
  return attributes;
}

/** Decodes a DER certificate; throws when the bytes are not one. */
export function readCertificate(der: Buffer): CertificateFacts {
  const certificate = AsnConvert.parse(der, Certificate);
  const tbs = certificate.tbsCertificate;
  const basicConstraints = tbs.extensions?.find((ext) => ext.extnID === id_ce_basicConstraints);
  const isCertificateAuthority = basicConstraints
    ? AsnConvert.parse(basicConstraints.extnValue, BasicConstraints).cA
    : false;
  const nodeCertificate = new X509Certificate(der);
  return {
    subject: nameToMap(tbs.subject),
    issuer: nameToMap(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    isCertificateAuthority,
    publicKeyType: nodeCertificate.publicKey.asymmetricKeyType ?? 'unknown',
    fingerprint256: nodeCertificate.fingerprint256,
  };
}

export function firstValue(attributes: Map<string, string[]>, oid: string): string | undefined {
  const value = attributes.get(oid)?.[0];
  return value === undefined || value === '' ? undefined : value;
}
