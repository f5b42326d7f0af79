/**
 * The instance configuration a user gives (in the JupiterOne UI, as environment variables on a
 * collector, or in `.env` locally), checked and turned into what a run needs: the proxy address and
 * the parsed identity.
 */
import * as fs from 'node:fs';
import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { IdentityFileError, parseIdentityFile, type TeleportIdentity } from './identity';
import { X509Certificate } from 'node:crypto';
import {
  CONNECTION_MODES,
  DEFAULT_AUTH_PORT,
  DEFAULT_PROXY_PORT,
  ProxyAddressError,
  parseProxyAddress,
  type ConnectionMode,
  type HostPort,
} from './teleport';

export interface IntegrationConfig extends IntegrationInstanceConfig {
  /** The Teleport Proxy's public address: `host`, `host:port` or `https://host[:port]` (443 by default). */
  proxyAddress: string;
  /** The identity file's text (masked). Exactly one of this and identityFilePath. */
  identityFile?: string;
  /** A path to an identity file, read afresh on every run (tbot output). */
  identityFilePath?: string;
  /**
   * `auto` (default: probe and choose), `tls-routing` (the Proxy on 443), `upgrade` (the Proxy behind
   * an L7 load balancer) or `direct` (an Auth server, port 3025 by default).
   */
  connectionMode?: string;
  /** A private CA (PEM) for the load balancer's certificate, on the upgrade route. */
  proxyCertificateAuthority?: string;
  /** Per-list calls in flight at once where a server needs one call per access list (default 8). */
  accessListConcurrency?: string;
  /**
   * The resources for which each user's exact access is written, as labels: `env=prod`,
   * `env=prod,team=payments` (every key must match), `*` for all; values take Teleport's globs and
   * `^…$` regular expressions. Empty (the default): counts only.
   */
  exactAccessLabels?: string;
  /**
   * Optional features, each on unless set to false (see isSwitchedOn): one switch per feature the
   * steps declare (`ingestBots`, `ingestLocks`, …; src/steps/index.ts lists them).
   */
  [featureSwitch: `ingest${string}`]: boolean | string | undefined;
}

/** The fields that say how to reach the cluster; src/index.ts adds the feature switches. */
export const connectionConfigFields: IntegrationInstanceConfigFieldMap<IntegrationConfig> = {
  proxyAddress: { type: 'string' },
  identityFile: { type: 'string', mask: true, optional: true },
  identityFilePath: { type: 'string', optional: true },
  connectionMode: { type: 'string', optional: true },
  proxyCertificateAuthority: { type: 'string', optional: true },
  accessListConcurrency: { type: 'string', optional: true },
  exactAccessLabels: { type: 'string', optional: true },
};

/**
 * A feature switch: unset (or empty text) means its default, which is on unless the feature says
 * otherwise; otherwise `false`/`"false"` is off and `true`/`"true"` on.
 */
export function isSwitchedOn(value: boolean | string | undefined, byDefault = true): boolean {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    return text === '' ? byDefault : text !== 'false';
  }
  return value === undefined ? byDefault : value;
}

export const DEFAULT_ACCESS_LIST_CONCURRENCY = 8;
const MAX_ACCESS_LIST_CONCURRENCY = 64;

/** The configuration, checked, with the identity parsed. */
export interface ValidatedConfig {
  address: HostPort;
  mode: ConnectionMode;
  proxyCertificateAuthority?: string;
  identity: TeleportIdentity;
  /** Where the identity came from, for logs: 'identityFile' or the path. */
  identitySource: string;
  accessListConcurrency: number;
  /** `exactAccessLabels` as a label selector (key → values), or undefined when empty. */
  exactAccessLabels?: Record<string, string[]>;
}

/** `exactAccessLabels`: `key=value` pairs separated by commas, or `*`. */
export function parseExactAccessLabels(
  raw: string | undefined,
): Record<string, string[]> | undefined {
  const text = raw?.trim();
  if (!text) {
    return undefined;
  }
  if (text === '*') {
    return { '*': ['*'] };
  }
  const selector: Record<string, string[]> = {};
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    const key = at < 0 ? '' : part.slice(0, at).trim();
    const value = at < 0 ? '' : part.slice(at + 1).trim();
    if (!key || !value) {
      throw new IntegrationValidationError(
        `exactAccessLabels "${text}" is not a list of labels: write key=value pairs separated by commas (for example "env=prod,team=payments"), or "*" for every resource.`,
      );
    }
    (selector[key] ??= []).push(value);
  }
  return selector;
}

function parseConcurrency(raw: string | undefined): number {
  const text = raw?.trim();
  if (!text) {
    return DEFAULT_ACCESS_LIST_CONCURRENCY;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_ACCESS_LIST_CONCURRENCY) {
    throw new IntegrationValidationError(
      `accessListConcurrency "${text}" must be a whole number from 1 to ${MAX_ACCESS_LIST_CONCURRENCY}.`,
    );
  }
  return value;
}

function readIdentityText(config: IntegrationConfig): { text: string; source: string } {
  const inline = config.identityFile?.trim() ? config.identityFile : undefined;
  const filePath = config.identityFilePath?.trim() ? config.identityFilePath.trim() : undefined;
  if (inline && filePath) {
    throw new IntegrationValidationError(
      "Both identityFile and identityFilePath are set. Give exactly one: the identity file's text (IDENTITY_FILE) or a path to it (IDENTITY_FILE_PATH).",
    );
  }
  if (!inline && !filePath) {
    throw new IntegrationValidationError(
      'No identity is configured. Set identityFile (IDENTITY_FILE) to the text of an identity file from ' +
        '`tctl auth sign --format=file`, or identityFilePath (IDENTITY_FILE_PATH) to a file that Machine ID (tbot) keeps fresh.',
    );
  }
  if (inline) {
    return { text: inline, source: 'identityFile' };
  }
  const path = filePath!;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IntegrationValidationError(
      code === 'ENOENT'
        ? `identityFilePath "${path}" does not exist. Check the path, and that tbot has written its identity output there.`
        : `identityFilePath "${path}" cannot be read (${code ?? 'error'}). Check the path and its permissions.`,
    );
  }
  if (stat.isDirectory()) {
    throw new IntegrationValidationError(
      `identityFilePath "${path}" is a directory. Point it at the identity file itself (for tbot, the file named "identity" in the output directory).`,
    );
  }
  try {
    return { text: fs.readFileSync(path, 'utf8'), source: path };
  } catch (error) {
    throw new IntegrationValidationError(
      `identityFilePath "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions for the user the integration runs as.`,
    );
  }
}

function parseCertificateAuthority(raw: string | undefined): string | undefined {
  const text = raw?.trim().replace(/\\n/g, '\n');
  if (!text) {
    return undefined;
  }
  try {
    new X509Certificate(text);
  } catch {
    throw new IntegrationValidationError(
      "proxyCertificateAuthority (PROXY_CERTIFICATE_AUTHORITY) is not a PEM certificate: give the CA certificate that signed the load balancer's certificate.",
    );
  }
  return text;
}

/** Checks the configuration and parses the identity; every problem is an IntegrationValidationError. */
export function validateConfig(config: IntegrationConfig, now = new Date()): ValidatedConfig {
  if (!config.proxyAddress?.trim()) {
    throw new IntegrationValidationError(
      "proxyAddress (PROXY_ADDRESS) is required: the Teleport Proxy's public address, for example example.teleport.sh:443.",
    );
  }
  const mode = (config.connectionMode?.trim() || 'auto') as ConnectionMode;
  if (!CONNECTION_MODES.includes(mode)) {
    throw new IntegrationValidationError(
      `connectionMode "${mode}" is not one of ${CONNECTION_MODES.join(', ')}.`,
    );
  }
  let address: HostPort;
  try {
    // An Auth server listens on 3025; everything else goes to the Proxy's 443.
    address = parseProxyAddress(
      config.proxyAddress,
      mode === 'direct' ? DEFAULT_AUTH_PORT : DEFAULT_PROXY_PORT,
    );
  } catch (error) {
    throw new IntegrationValidationError(
      error instanceof ProxyAddressError ? error.message : String(error),
    );
  }
  const proxyCertificateAuthority = parseCertificateAuthority(config.proxyCertificateAuthority);
  const accessListConcurrency = parseConcurrency(config.accessListConcurrency);
  const exactAccessLabels = parseExactAccessLabels(config.exactAccessLabels);
  const { text, source } = readIdentityText(config);
  try {
    return {
      address,
      mode,
      proxyCertificateAuthority,
      identity: parseIdentityFile(text, { now }),
      identitySource: source,
      accessListConcurrency,
      exactAccessLabels,
    };
  } catch (error) {
    if (error instanceof IdentityFileError) {
      throw new IntegrationValidationError(
        source === 'identityFile'
          ? error.message
          : `${error.message} (read from identityFilePath "${source}")`,
      );
    }
    throw error;
  }
}
