/**
 * Which way to reach Auth, found the way Teleport's own client finds it: a TLS dial to the address
 * offering `teleport-reversetunnel`. A Teleport Proxy with TLS routing negotiates it; an L7 load
 * balancer, which ends TLS itself, negotiates something else or refuses ("no application
 * protocol"). `h2` is offered too, so an Auth server reached directly shows itself by answering
 * `h2` with a certificate from the cluster's CA. Nothing is sent after the handshake.
 */
import { X509Certificate } from 'node:crypto';
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { HostPort } from './address';
import { HttpProxy, connectThroughProxy } from './http-proxy';

export const REVERSE_TUNNEL_PROTOCOL = 'teleport-reversetunnel';

/** What the probe saw, and the route it suggests. */
export type ProbeVerdict =
  | { route: 'tls-routing'; evidence: string }
  | { route: 'upgrade'; evidence: string }
  | { route: 'direct'; evidence: string }
  | { route: undefined; evidence: string };

export interface ProbeOptions {
  address: HostPort;
  httpProxy?: HttpProxy;
  /** The identity's cluster CA certificates (DER), to recognise an Auth server. */
  clusterAuthorities: Buffer[];
  extraCertificateAuthority?: string;
  timeoutMs: number;
}

/** A TCP connection to `address`, through the HTTP proxy when one applies. */
export async function dialTcp(
  address: HostPort,
  httpProxy: HttpProxy | undefined,
  timeoutMs: number,
): Promise<Duplex> {
  const hop = httpProxy?.address ?? address;
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const connection = net.connect({ host: hop.host, port: hop.port });
    connection.setNoDelay(true);
    const timer = setTimeout(() => {
      connection.destroy();
      reject(
        new Error(
          `no TCP connection to ${hop.host}:${hop.port} within ${Math.round(timeoutMs / 1000)} s`,
        ),
      );
    }, timeoutMs);
    connection.once('connect', () => {
      clearTimeout(timer);
      resolve(connection);
    });
    connection.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return httpProxy ? connectThroughProxy(socket, httpProxy, address, timeoutMs) : socket;
}

function issuedByClusterAuthority(
  peer: tls.PeerCertificate | undefined,
  authorities: Buffer[],
): boolean {
  if (!peer?.raw) {
    return false;
  }
  const certificate = new X509Certificate(peer.raw);
  return authorities.some((der) => {
    const authority = new X509Certificate(der);
    return certificate.checkIssued(authority) && certificate.verify(authority.publicKey);
  });
}

export async function probeRoute(options: ProbeOptions): Promise<ProbeVerdict> {
  let socket: Duplex;
  try {
    socket = await dialTcp(options.address, options.httpProxy, options.timeoutMs);
  } catch (error) {
    return { route: undefined, evidence: `could not connect: ${(error as Error).message}` };
  }
  const authorities = options.clusterAuthorities.map((der) => new X509Certificate(der).toString());
  return new Promise<ProbeVerdict>((resolve) => {
    const probe = tls.connect({
      socket,
      servername: net.isIP(options.address.host) ? undefined : options.address.host,
      ALPNProtocols: [REVERSE_TUNNEL_PROTOCOL, 'h2'],
      minVersion: 'TLSv1.2',
      // The proxy's public certificate, a load balancer's, or an Auth server's from the cluster CA.
      ca: [
        ...tls.rootCertificates,
        ...(options.extraCertificateAuthority ? [options.extraCertificateAuthority] : []),
        ...authorities,
      ],
      // A direct Auth server names teleport.cluster.local, not the address dialled; which server
      // this is gets decided below from the protocol and the issuer.
      checkServerIdentity: () => undefined,
    });
    const done = (verdict: ProbeVerdict): void => {
      clearTimeout(timer);
      probe.destroy();
      resolve(verdict);
    };
    const timer = setTimeout(
      () => done({ route: undefined, evidence: 'no TLS answer' }),
      options.timeoutMs,
    );
    probe.once('secureConnect', () => {
      const protocol = probe.alpnProtocol;
      if (protocol === REVERSE_TUNNEL_PROTOCOL) {
        done({ route: 'tls-routing', evidence: `negotiated ${REVERSE_TUNNEL_PROTOCOL}` });
      } else if (
        protocol === 'h2' &&
        issuedByClusterAuthority(probe.getPeerCertificate(), options.clusterAuthorities)
      ) {
        done({ route: 'direct', evidence: "an Auth server's certificate from the cluster CA" });
      } else {
        done({
          route: 'upgrade',
          evidence: `negotiated ${protocol ? `"${protocol}"` : 'no protocol'}: TLS ends before the Teleport Proxy`,
        });
      }
    });
    probe.once('error', (error: Error & { code?: string }) => {
      const text = `${error.code ?? ''} ${error.message}`;
      if (/no application protocol|NO_APPLICATION_PROTOCOL/i.test(text)) {
        done({
          route: 'upgrade',
          evidence: 'refused the Teleport protocol (no application protocol)',
        });
      } else {
        done({ route: undefined, evidence: error.message });
      }
    });
  });
}
