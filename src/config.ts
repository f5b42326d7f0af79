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
import { ProxyAddressError, parseProxyAddress, type AuthRoute, type HostPort } from './teleport';

export interface IntegrationConfig extends IntegrationInstanceConfig {
  /** The Teleport Proxy's public address: `host`, `host:port` or `https://host[:port]` (443 by default). */
  proxyAddress: string;
  /** The identity file's text (masked). Exactly one of this and identityFilePath. */
  identityFile?: string;
  /** A path to an identity file, read afresh on every run (tbot output). */
  identityFilePath?: string;
  /** `tls-routing` (default: the Proxy on 443) or `direct` (an Auth server, as on port 3025). */
  connectionMode?: string;
  /** Per-list calls in flight at once where a server needs one call per access list (default 8). */
  accessListConcurrency?: string;
}

export const instanceConfigFields: IntegrationInstanceConfigFieldMap<IntegrationConfig> = {
  proxyAddress: { type: 'string' },
  identityFile: { type: 'string', mask: true, optional: true },
  identityFilePath: { type: 'string', optional: true },
  connectionMode: { type: 'string', optional: true },
  accessListConcurrency: { type: 'string', optional: true },
};

export const DEFAULT_ACCESS_LIST_CONCURRENCY = 8;
const MAX_ACCESS_LIST_CONCURRENCY = 64;

const CONNECTION_MODES: readonly AuthRoute[] = ['tls-routing', 'direct'];

/** The time a run judges certificate validity by; tests may move it. */
export interface ValidatedConfig {
  address: HostPort;
  route: AuthRoute;
  identity: TeleportIdentity;
  /** Where the identity came from, for logs: 'identityFile' or the path. */
  identitySource: string;
  accessListConcurrency: number;
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

/** Checks the configuration and parses the identity; every problem is an IntegrationValidationError. */
export function validateConfig(config: IntegrationConfig, now = new Date()): ValidatedConfig {
  if (!config.proxyAddress?.trim()) {
    throw new IntegrationValidationError(
      "proxyAddress (PROXY_ADDRESS) is required: the Teleport Proxy's public address, for example example.teleport.sh:443.",
    );
  }
  let address: HostPort;
  try {
    address = parseProxyAddress(config.proxyAddress);
  } catch (error) {
    throw new IntegrationValidationError(
      error instanceof ProxyAddressError ? error.message : String(error),
    );
  }
  const mode = config.connectionMode?.trim() || 'tls-routing';
  if (!CONNECTION_MODES.includes(mode as AuthRoute)) {
    throw new IntegrationValidationError(
      `connectionMode "${mode}" is not one of ${CONNECTION_MODES.join(', ')}.`,
    );
  }
  const accessListConcurrency = parseConcurrency(config.accessListConcurrency);
  const { text, source } = readIdentityText(config);
  try {
    return {
      address,
      route: mode as AuthRoute,
      identity: parseIdentityFile(text, { now }),
      identitySource: source,
      accessListConcurrency,
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
