/**
 * Choosing how to reach Auth. A forced mode tries that route alone; `auto` probes the address
 * (route-probe.ts) and tries the likeliest route first, then the others, until Auth answers Ping.
 * A failure names every route tried and what each returned.
 */
import type { TeleportIdentity } from '../identity';
import { HostPort, formatHostPort } from './address';
import type { AuthRoute } from './auth-handshake';
import { TeleportClient, TeleportClientOptions, createTeleportClient } from './client';
import { ConnectionOptions, DEFAULT_CONNECTION_OPTIONS } from './connection';
import { ConnectionError } from './errors';
import { httpProxyFor } from './http-proxy';
import { ProbeVerdict, probeRoute } from './route-probe';
import type { PingResponse } from './types';

export type ConnectionMode = 'auto' | AuthRoute;
export const CONNECTION_MODES: readonly ConnectionMode[] = [
  'auto',
  'tls-routing',
  'upgrade',
  'direct',
];

export interface RouteAttempt {
  route: AuthRoute;
  outcome: string;
}

export interface ConnectedAuth {
  client: TeleportClient;
  ping: PingResponse;
  route: AuthRoute;
  httpProxy?: string;
  probe?: ProbeVerdict;
  attempts: RouteAttempt[];
}

export interface ConnectOptions {
  mode: ConnectionMode;
  extraCertificateAuthority?: string;
  /** Where HTTPS_PROXY and NO_PROXY are read from. */
  env?: NodeJS.ProcessEnv;
  connection?: Partial<
    Omit<ConnectionOptions, 'address' | 'route' | 'httpProxy' | 'extraCertificateAuthority'>
  >;
  client?: Partial<TeleportClientOptions>;
}

/** Failures that say the cluster itself answered: another route would meet the same answer. */
function isFinal(error: unknown): boolean {
  return !(error instanceof ConnectionError) || error.kind === 'client-certificate-rejected';
}

function routeOrder(verdict: ProbeVerdict): AuthRoute[] {
  switch (verdict.route) {
    case 'upgrade':
      return ['upgrade', 'direct', 'tls-routing'];
    case 'direct':
      return ['direct', 'tls-routing', 'upgrade'];
    case 'tls-routing':
      return ['tls-routing', 'upgrade', 'direct'];
    default:
      // Nothing useful answered the probe: one attempt explains why in the usual words.
      return ['tls-routing'];
  }
}

/** Reaches Auth and pings it; throws ConnectionError (or the RPC error Auth answered with). */
export async function connectToAuth(
  identity: TeleportIdentity,
  address: HostPort,
  options: ConnectOptions,
): Promise<ConnectedAuth> {
  const httpProxy = httpProxyFor(address, options.env ?? process.env);
  let probe: ProbeVerdict | undefined;
  let routes: AuthRoute[];
  if (options.mode === 'auto') {
    probe = await probeRoute({
      address,
      httpProxy,
      clusterAuthorities: identity.authorityCertificates,
      extraCertificateAuthority: options.extraCertificateAuthority,
      timeoutMs: Math.min(
        options.connection?.connectTimeoutMs ?? DEFAULT_CONNECTION_OPTIONS.connectTimeoutMs,
        15_000,
      ),
    });
    routes = routeOrder(probe);
  } else {
    routes = [options.mode];
  }
  const attempts: RouteAttempt[] = [];
  let lastError: unknown;
  for (const route of routes) {
    const client = createTeleportClient(identity, address, {
      connection: {
        ...options.connection,
        route,
        httpProxy,
        extraCertificateAuthority: options.extraCertificateAuthority,
      },
      client: options.client,
    });
    try {
      const ping = await client.ping();
      return { client, ping, route, httpProxy: httpProxy?.display, probe, attempts };
    } catch (error) {
      client.close();
      attempts.push({ route, outcome: (error as Error).message });
      lastError = error;
      if (isFinal(error)) {
        throw error;
      }
    }
  }
  if (attempts.length === 1) {
    throw lastError;
  }
  const where = `${formatHostPort(address)}${httpProxy ? ` (through the HTTP proxy ${httpProxy.display})` : ''}`;
  throw new ConnectionError(
    `No Teleport Auth Service answered at ${where}. ` +
      (probe ? `The probe saw: ${probe.evidence}. ` : '') +
      `Tried ${attempts.map((attempt) => `${attempt.route}: ${attempt.outcome}`).join(' | ')}`,
    lastError instanceof ConnectionError ? lastError.kind : 'unreachable',
    { cause: lastError },
  );
}
