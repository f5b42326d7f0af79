import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '@jupiterone/integration-sdk-core';
import { createAccountEntity, editionOf } from '../../src/steps/account/converters';
import type { PingResponse } from '../../src/teleport';
import { expectGraph } from '../helpers/graph-matchers';
import { Steps } from '../../src/steps/constants';
import { expectStepMetadata, useStepHarness, type StepRun } from '../harness';

const NOT_AFTER = new Date('2025-07-01T08:30:00.000Z');

const identity = {
  clusterName: 'identity-cluster.example.com',
  username: 'jupiterone-reader',
  roles: ['jupiterone-reader'],
  notAfter: NOT_AFTER,
  keyType: 'ec' as const,
};

const ping: PingResponse = {
  clusterName: 'acme.teleport.sh',
  serverVersion: '17.4.2',
  proxyPublicAddr: 'acme.teleport.sh:443',
  signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1',
  serverFeatures: { cloud: true, productType: 'PRODUCT_TYPE_EUB' },
  licenseExpiry: { seconds: 1767225600 }, // 2026-01-01T00:00:00Z
};

describe('createAccountEntity', () => {
  it('names and keys the account after the cluster', () => {
    const entity = createAccountEntity(ping, identity);
    expect(entity._key).toBe('teleport_account:acme.teleport.sh');
    expect(entity._type).toBe('teleport_account');
    expect(entity._class).toEqual(['Account']);
    expect(entity.name).toBe('acme.teleport.sh');
    expect(entity.displayName).toBe('acme.teleport.sh');
    expect(entity.clusterName).toBe('acme.teleport.sh');
    expect(entity.vendor).toBe('Teleport');
    expect(entity.serverVersion).toBe('17.4.2');
  });

  it("falls back to the identity's cluster name when Ping gives none", () => {
    const entity = createAccountEntity({ ...ping, clusterName: '' }, identity);
    expect(entity._key).toBe('teleport_account:identity-cluster.example.com');
    expect(entity.name).toBe('identity-cluster.example.com');
  });

  it('writes the signature algorithm suite as people read it', () => {
    expect(createAccountEntity(ping, identity).signatureAlgorithmSuite).toBe('balanced-v1');
    expect(
      createAccountEntity(
        { ...ping, signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_FIPS_V1' },
        identity,
      ).signatureAlgorithmSuite,
    ).toBe('fips-v1');
    const unspecified = createAccountEntity(
      { ...ping, signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_UNSPECIFIED' },
      identity,
    );
    expect(unspecified).not.toHaveProperty('signatureAlgorithmSuite');
  });

  it("records the credential's user, roles, key type and expiry (never the credential)", () => {
    const entity = createAccountEntity(ping, identity);
    expect(entity.credentialExpiresOn).toBe(NOT_AFTER.getTime());
    expect(entity.credentialExpiresOn).toBe(1751358600000);
    expect(entity.credentialUser).toBe('jupiterone-reader');
    expect(entity.credentialRoles).toEqual(['jupiterone-reader']);
    expect(entity.credentialKeyType).toBe('ec');
    expect(createAccountEntity(ping, { ...identity, roles: [] })).not.toHaveProperty(
      'credentialRoles',
    );
  });

  it('derives webLink and accessURL from the proxy public address', () => {
    const entity = createAccountEntity(ping, identity);
    expect(entity.proxyPublicAddress).toBe('acme.teleport.sh:443');
    expect(entity.webLink).toBe('https://acme.teleport.sh/web');
    expect(entity.accessURL).toBe('https://acme.teleport.sh:443');

    const otherPort = createAccountEntity(
      { ...ping, proxyPublicAddr: 'teleport.internal:3080' },
      identity,
    );
    expect(otherPort.webLink).toBe('https://teleport.internal:3080/web');
    expect(otherPort.accessURL).toBe('https://teleport.internal:3080');
  });

  it('leaves webLink and accessURL out when there is no proxy address', () => {
    const entity = createAccountEntity({ ...ping, proxyPublicAddr: '' }, identity);
    expect(entity).not.toHaveProperty('webLink');
    expect(entity).not.toHaveProperty('accessURL');
    expect(entity).not.toHaveProperty('proxyPublicAddress');
  });

  it('records the licence expiry, and leaves it out when unset', () => {
    expect(createAccountEntity(ping, identity).licenseExpiresOn).toBe(Date.UTC(2026, 0, 1));
    expect(createAccountEntity({ ...ping, licenseExpiry: undefined }, identity)).not.toHaveProperty(
      'licenseExpiresOn',
    );
    expect(
      createAccountEntity({ ...ping, licenseExpiry: { seconds: -62135596800 } }, identity),
    ).not.toHaveProperty('licenseExpiresOn');
  });

  it('marks a FIPS (BoringCrypto) build, and only that', () => {
    expect(createAccountEntity({ ...ping, isBoring: true }, identity).fips).toBe(true);
    expect(createAccountEntity({ ...ping, isBoring: false }, identity)).not.toHaveProperty('fips');
  });

  it('gives the edition from the server features', () => {
    expect(createAccountEntity(ping, identity).edition).toBe('cloud');
    expect(
      createAccountEntity(
        { ...ping, serverFeatures: { productType: 'PRODUCT_TYPE_TEAM' } },
        identity,
      ).edition,
    ).toBe('team');
    expect(
      createAccountEntity(
        { ...ping, serverFeatures: { productType: 'PRODUCT_TYPE_EUB' } },
        identity,
      ).edition,
    ).toBe('enterprise');
    expect(
      createAccountEntity(
        { ...ping, serverFeatures: { productType: 'PRODUCT_TYPE_UNKNOWN' } },
        identity,
      ),
    ).not.toHaveProperty('edition');
    expect(
      createAccountEntity({ ...ping, serverFeatures: undefined }, identity),
    ).not.toHaveProperty('edition');
  });

  it('handles a minimal Ping response', () => {
    const entity = createAccountEntity({}, identity);
    expect(entity.name).toBe('identity-cluster.example.com');
    expect(entity.vendor).toBe('Teleport');
    expect(entity).not.toHaveProperty('serverVersion');
    expect(entity).not.toHaveProperty('edition');
    expect(entity).not.toHaveProperty('webLink');
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Account'] });
  });

  it('matches the Account schema', () => {
    const entities: Entity[] = [
      createAccountEntity(ping, identity),
      createAccountEntity({ ...ping, clusterName: 'second.example.com', isBoring: true }, identity),
    ];
    expectGraph(entities).toMatchGraphObjectSchema({
      _class: ['Account'],
      _type: 'teleport_account',
    });
  });
});

describe('editionOf', () => {
  it('prefers cloud over the product type', () => {
    expect(editionOf({ serverFeatures: { cloud: true, productType: 'PRODUCT_TYPE_TEAM' } })).toBe(
      'cloud',
    );
  });

  it('is undefined when Ping does not say', () => {
    expect(editionOf({})).toBeUndefined();
    expect(editionOf({ serverFeatures: { cloud: false } })).toBeUndefined();
  });
});

describe('fetch-account, in-process with its dependencies (test/harness)', () => {
  const harness = useStepHarness();
  let run: StepRun;

  beforeAll(async () => {
    run = await harness.executeStep(Steps.ACCOUNT);
  });

  it('runs and matches its metadata', () => {
    expect(run.statuses).toEqual({ [Steps.ACCOUNT]: 'success' });
    expectStepMetadata(run);
  });

  it('describes the cluster and the credential', () => {
    const account = run.entity('teleport_account', 'acme.teleport.sh');
    expect(account).toMatchObject({
      _class: ['Account'],
      vendor: 'Teleport',
      serverVersion: '17.4.8',
      edition: 'cloud',
      signatureAlgorithmSuite: 'balanced-v1',
      credentialUser: 'jupiterone',
      credentialKeyType: 'ec',
    });
    expect(account.credentialExpiresOn).toBeGreaterThan(Date.now());
  });
});
