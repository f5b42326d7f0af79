/**
 * Reaching Auth through a proxy that sits behind an L7 load balancer (AWS ALB, GCP HTTPS LB…).
 * The balancer ends TLS and drops ALPN, so TLS routing cannot work through it. Teleport's answer,
 * followed here: a WebSocket to `GET /webapi/connectionupgrade` (protocol `alpn`), inside which the
 * same mutual-TLS handshake to Auth runs as if the proxy had been reached directly.
 */
import { isIP } from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import WebSocket, { createWebSocketStream } from 'ws';
import { HostPort, formatHostPort } from './address';

export const CONNECTION_UPGRADE_PATH = '/webapi/connectionupgrade';
/** WebSocket subprotocols Teleport's proxy accepts for the upgrade, preferred first. */
export const UPGRADE_PROTOCOLS = ['alpn', 'alpn-ping'];

export class ConnectionUpgradeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionUpgradeError';
  }
}

/** Trust for the outer TLS to the load balancer: the system roots, plus a private CA if given. */
export function loadBalancerTrust(
  extraCertificateAuthority: string | undefined,
): string[] | undefined {
  return extraCertificateAuthority
    ? [...tls.rootCertificates, extraCertificateAuthority]
    : undefined;
}

export interface UpgradeOptions {
  /** The proxy's public name: SNI and certificate name for the outer TLS, and the Host header. */
  proxy: HostPort;
  extraCertificateAuthority?: string;
  timeoutMs: number;
}

function outerTls(socket: Duplex, options: UpgradeOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const outer = tls.connect({
      socket,
      // `host` names the certificate to expect; SNI carries names, never IP addresses.
      host: options.proxy.host,
      servername: isIP(options.proxy.host) ? undefined : options.proxy.host,
      ALPNProtocols: ['http/1.1'],
      minVersion: 'TLSv1.2',
      ...(options.extraCertificateAuthority
        ? { ca: loadBalancerTrust(options.extraCertificateAuthority) }
        : {}),
    });
    const timer = setTimeout(() => {
      outer.destroy();
      reject(
        new ConnectionUpgradeError(
          `No TLS answer from ${formatHostPort(options.proxy)} within ${Math.round(options.timeoutMs / 1000)} s.`,
        ),
      );
    }, options.timeoutMs);
    outer.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(outer);
    });
    outer.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new ConnectionUpgradeError(
          `The TLS handshake with the load balancer in front of ${formatHostPort(options.proxy)} failed: ${error.message}` +
            (/certificate|verify/i.test(error.message)
              ? '. If it uses a private CA, give that CA in proxyCertificateAuthority (PROXY_CERTIFICATE_AUTHORITY).'
              : ''),
          { cause: error },
        ),
      );
    });
  });
}

/** Opens the upgrade tunnel on `socket` and returns the byte stream inside it. */
export async function openConnectionUpgrade(
  socket: Duplex,
  options: UpgradeOptions,
): Promise<Duplex> {
  const outer = await outerTls(socket, options);
  const url = `wss://${formatHostPort(options.proxy)}${CONNECTION_UPGRADE_PATH}`;
  const webSocket = new WebSocket(url, UPGRADE_PROTOCOLS, {
    createConnection: () => outer,
    handshakeTimeout: options.timeoutMs,
    perMessageDeflate: false,
    headers: { 'User-Agent': 'graph-teleport' },
  });
  await new Promise<void>((resolve, reject) => {
    webSocket.once('open', () => resolve());
    webSocket.once('unexpected-response', (_request, response) => {
      reject(
        new ConnectionUpgradeError(
          `${formatHostPort(options.proxy)} answered the connection upgrade with HTTP ${response.statusCode ?? '?'} instead of 101: ` +
            'no Teleport Proxy is behind that address (or it is older than Teleport 13).',
        ),
      );
      webSocket.terminate();
    });
    webSocket.once('error', (error) =>
      reject(
        new ConnectionUpgradeError(
          `The connection upgrade at ${formatHostPort(options.proxy)} failed: ${error.message}`,
          { cause: error },
        ),
      ),
    );
  });
  return createWebSocketStream(webSocket);
}
