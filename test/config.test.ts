import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, type IntegrationConfig } from '../src/config';
import { createClusterPki, issueIdentity } from '../standin/pki';

let identityText: string;
let scratch: string;

function refusal(config: IntegrationConfig): string {
  try {
    validateConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(IntegrationValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

beforeAll(async () => {
  const pki = await createClusterPki('config.example.com', 'ecdsa');
  identityText = (await issueIdentity(pki, { algorithm: 'ecdsa' })).identityFile;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-config-'));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('validateConfig', () => {
  it('takes accessListConcurrency from 1 to 64, 8 by default', () => {
    expect(
      validateConfig({ proxyAddress: 'a.example.com', identityFile: identityText })
        .accessListConcurrency,
    ).toBe(8);
    expect(
      validateConfig({
        proxyAddress: 'a.example.com',
        identityFile: identityText,
        accessListConcurrency: '16',
      }).accessListConcurrency,
    ).toBe(16);
    expect(
      refusal({
        proxyAddress: 'a.example.com',
        identityFile: identityText,
        accessListConcurrency: '0',
      }),
    ).toMatch(/accessListConcurrency "0" must be a whole number from 1 to 64/);
  });

  it.each([
    ['', undefined],
    ['  ', undefined],
    ['*', { '*': ['*'] }],
    ['env=prod', { env: ['prod'] }],
    [' env = prod , team=payments', { env: ['prod'], team: ['payments'] }],
    ['env=prod,env=staging', { env: ['prod', 'staging'] }],
    ['env=^prod-.*$', { env: ['^prod-.*$'] }],
  ])('reads exactAccessLabels %j as a label selector', (raw, selector) => {
    expect(
      validateConfig({
        proxyAddress: 'a.example.com',
        identityFile: identityText,
        exactAccessLabels: raw,
      }).exactAccessLabels,
    ).toEqual(selector);
  });

  it.each(['env', 'env=', '=prod', 'env=prod,,team=x'])(
    'refuses exactAccessLabels %j, saying how to write it',
    (raw) => {
      expect(
        refusal({
          proxyAddress: 'a.example.com',
          identityFile: identityText,
          exactAccessLabels: raw,
        }),
      ).toMatch(/exactAccessLabels ".*" is not a list of labels: write key=value pairs/);
    },
  );

  it('accepts an inline identity and a proxy address with the default port', () => {
    const checked = validateConfig({
      proxyAddress: 'https://acme.teleport.sh/web/login',
      identityFile: identityText,
    });
    expect(checked.address).toEqual({ host: 'acme.teleport.sh', port: 443 });
    expect(checked.mode).toBe('auto');
    expect(checked.identity.clusterName).toBe('config.example.com');
    expect(checked.identitySource).toBe('identityFile');
  });

  it('reads identityFilePath afresh on every call (tbot rewrites it)', async () => {
    const file = path.join(scratch, 'identity');
    fs.writeFileSync(file, identityText);
    const first = validateConfig({ proxyAddress: 'acme.teleport.sh', identityFilePath: file });
    const pki = await createClusterPki('renewed.example.com', 'ecdsa');
    fs.writeFileSync(file, (await issueIdentity(pki, { algorithm: 'ecdsa' })).identityFile);
    const second = validateConfig({ proxyAddress: 'acme.teleport.sh', identityFilePath: file });
    expect([first.identity.clusterName, second.identity.clusterName]).toEqual([
      'config.example.com',
      'renewed.example.com',
    ]);
  });

  it('refuses both identity fields, and neither', () => {
    expect(
      refusal({
        proxyAddress: 'a.example.com',
        identityFile: identityText,
        identityFilePath: '/tmp/x',
      }),
    ).toMatch(/Both identityFile and identityFilePath are set/);
    expect(refusal({ proxyAddress: 'a.example.com' })).toMatch(
      /No identity is configured.*IDENTITY_FILE_PATH/,
    );
    expect(refusal({ proxyAddress: 'a.example.com', identityFile: '   ' })).toMatch(
      /No identity is configured/,
    );
  });

  it('names the path when identityFilePath is missing, a directory, or unreadable', () => {
    expect(
      refusal({ proxyAddress: 'a.example.com', identityFilePath: path.join(scratch, 'nope') }),
    ).toMatch(/identityFilePath ".*nope" does not exist/);
    expect(refusal({ proxyAddress: 'a.example.com', identityFilePath: scratch })).toMatch(
      /is a directory/,
    );
    // A path through a file cannot be read whoever runs the test (root reads any mode).
    const throughFile = path.join(scratch, 'plain-file');
    fs.writeFileSync(throughFile, 'x');
    expect(
      refusal({
        proxyAddress: 'a.example.com',
        identityFilePath: path.join(throughFile, 'identity'),
      }),
    ).toMatch(/identityFilePath ".*plain-file\/identity" cannot be read \(ENOTDIR\)/);
    if (process.getuid?.() !== 0) {
      const locked = path.join(scratch, 'locked');
      fs.writeFileSync(locked, identityText, { mode: 0o000 });
      expect(refusal({ proxyAddress: 'a.example.com', identityFilePath: locked })).toMatch(
        /cannot be read/,
      );
    }
  });

  it('says which file a bad identity came from', () => {
    const file = path.join(scratch, 'garbage');
    fs.writeFileSync(file, 'not an identity');
    expect(refusal({ proxyAddress: 'a.example.com', identityFilePath: file })).toMatch(
      /holds no PEM blocks.*\(read from identityFilePath ".*garbage"\)/,
    );
  });

  it.each([
    ['', /proxyAddress \(PROXY_ADDRESS\) is required/],
    ['ftp://acme.teleport.sh', /scheme ftp:\/\/ is not supported/],
    ['acme.teleport.sh:99999', /port must be a number from 1 to 65535/],
    ['acme teleport sh', /contains spaces/],
    ['::1:443', /IPv6 address must be written in brackets/],
    ['acme_$.example.com', /is not a host name/],
  ])('refuses the proxy address %j', (proxyAddress, message) => {
    expect(refusal({ proxyAddress, identityFile: identityText })).toMatch(message);
  });

  it('accepts bracketed IPv6 and explicit ports', () => {
    expect(
      validateConfig({ proxyAddress: '[::1]:3025', identityFile: identityText }).address,
    ).toEqual({ host: '::1', port: 3025 });
    expect(
      validateConfig({
        proxyAddress: 'auth.internal:3025',
        identityFile: identityText,
        connectionMode: 'direct',
      }).mode,
    ).toBe('direct');
    // An Auth server listens on 3025: that is the default port in direct mode.
    expect(
      validateConfig({
        proxyAddress: 'auth.internal',
        identityFile: identityText,
        connectionMode: 'direct',
      }).address,
    ).toEqual({ host: 'auth.internal', port: 3025 });
  });

  it('checks proxyCertificateAuthority is a certificate', () => {
    expect(
      refusal({
        proxyAddress: 'a.example.com',
        identityFile: identityText,
        proxyCertificateAuthority: 'not a certificate',
      }),
    ).toMatch(/proxyCertificateAuthority \(PROXY_CERTIFICATE_AUTHORITY\) is not a PEM certificate/);
  });

  it('refuses an unknown connection mode', () => {
    expect(
      refusal({
        proxyAddress: 'a.example.com',
        identityFile: identityText,
        connectionMode: 'sideways',
      }),
    ).toMatch(/connectionMode "sideways" is not one of/);
  });
});
