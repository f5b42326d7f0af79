/**
 * The mutual-TLS handshake with a Teleport Auth Service, run on a socket that already reaches it
 * (through the Proxy's TLS routing, or straight to Auth).
 *
 * The Proxy reads only the first ALPN protocol of the ClientHello and forwards the raw stream to
 * Auth when it is `teleport-auth@<hex(cluster)>.teleport.cluster.local`; Auth itself speaks `h2`, so
 * that follows. The server is verified against the identity's cluster CA alone (the secure context
 * carries no other roots) and must present a name under `teleport.cluster.local`.
 */
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { TeleportIdentity } from '../identity';
import type { ConnectionFailureKind } from './errors';

/** `teleport.cluster.local`: the name every Auth server certificate carries. */
export const TELEPORT_CLUSTER_LOCAL = 'teleport.cluster.local';

/**
 * How the bytes reach Auth: through the Proxy's TLS routing, through the Proxy's WebSocket
 * connection upgrade (behind an L7 load balancer), or straight to an Auth server.
 */
export type AuthRoute = 'tls-routing' | 'upgrade' | 'direct';

export function hexClusterName(clusterName: string): string {
  return Buffer.from(clusterName, 'utf8').toString('hex');
}

export function authAlpnProtocol(clusterName: string): string {
  return `teleport-auth@${hexClusterName(clusterName)}.${TELEPORT_CLUSTER_LOCAL}`;
}

export function authServerName(clusterName: string): string {
  return `${hexClusterName(clusterName)}.${TELEPORT_CLUSTER_LOCAL}`;
}

export function alpnProtocolsFor(route: AuthRoute, clusterName: string): string[] {
  return route === 'direct' ? ['h2'] : [authAlpnProtocol(clusterName), 'h2'];
}

/** Why the last handshake failed, kept so a failed connection can be explained in plain words. */
export class HandshakeDiagnostics {
  lastError: Error | undefined;
  handshakes = 0;
  record(error: Error): void {
    this.lastError = error;
  }
}

export class AuthHandshakeError extends Error {
  constructor(
    message: string,
    readonly kind: ConnectionFailureKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthHandshakeError';
  }
}

export interface AuthHandshakeOptions {
  identity: Pick<
    TeleportIdentity,
    'clusterName' | 'secureContext' | 'authorityCertificates' | 'username'
  >;
  route: AuthRoute;
  handshakeTimeoutMs: number;
  diagnostics: HandshakeDiagnostics;
}

function issuerCommonName(certificate: tls.PeerCertificate): string | undefined {
  const cn = certificate.issuer?.CN;
  return Array.isArray(cn) ? cn[0] : cn;
}

/** Explains an OpenSSL or Node TLS failure in terms of the Teleport cluster. */
export function explainHandshakeFailure(
  error: Error & { code?: string },
  clusterName: string,
  username: string,
): AuthHandshakeError {
  const code = error.code ?? '';
  const text = `${code} ${error.message}`;
  if (
    /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|unable to verify/i.test(
      text,
    )
  ) {
    return new AuthHandshakeError(
      `No Teleport Auth Service of cluster "${clusterName}" answered there: the server's certificate is not signed by ` +
        "that cluster's CA from the identity file (a different server, another cluster, or something intercepting the " +
        'connection). Nothing was sent. Check the proxy address, and that the identity file was signed by this cluster.',
      'untrusted-server',
      { cause: error },
    );
  }
  if (/ERR_TLS_CERT_ALTNAME_INVALID/.test(text)) {
    return new AuthHandshakeError(
      `The server's certificate does not name ${TELEPORT_CLUSTER_LOCAL}, so it is not a Teleport Auth Service of cluster "${clusterName}". Nothing was sent.`,
      'untrusted-server',
      { cause: error },
    );
  }
  if (/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(text)) {
    return new AuthHandshakeError(
      `The Auth Service's certificate is outside its validity period (${code}); check this machine's clock.`,
      'untrusted-server',
      { cause: error },
    );
  }
  if (
    /alert (certificate|bad certificate|unknown ca|certificate expired|certificate revoked|unsupported certificate|access denied)|alert number 4[2-9]|SSLV3_ALERT_(BAD|CERTIFICATE|UNKNOWN|UNSUPPORTED)|TLSV1_ALERT_(UNKNOWN_CA|ACCESS_DENIED|DECRYPT)|TLSV13_ALERT_CERTIFICATE_REQUIRED/i.test(
      text,
    )
  ) {
    return new AuthHandshakeError(
      `Teleport Auth of cluster "${clusterName}" rejected the client certificate of user "${username}" ` +
        '(its CA may have been rotated, or the identity revoked). Sign a new identity file for this cluster.',
      'client-certificate-rejected',
      { cause: error },
    );
  }
  if (
    /no application protocol|NO_APPLICATION_PROTOCOL|wrong version number|WRONG_VERSION_NUMBER|packet length too long|unknown protocol/i.test(
      text,
    )
  ) {
    return new AuthHandshakeError(
      "No Teleport Auth Service answered there: the server did not accept Teleport's protocol (it may be a plain web server or a load balancer).",
      'not-teleport',
      { cause: error },
    );
  }
  if (/ECONNRESET|socket hang up|disconnected before secure TLS|EPIPE/.test(text)) {
    return new AuthHandshakeError(
      'The server closed the connection during the TLS handshake: no Teleport Auth Service for this identity answered there. ' +
        'Check the proxy address and port; a Teleport Proxy closes connections whose routing it does not recognise.',
      'closed',
      { cause: error },
    );
  }
  return new AuthHandshakeError(
    `The TLS handshake with the Auth Service failed: ${error.message}`,
    'closed',
    {
      cause: error,
    },
  );
}

/**
 * Runs the client handshake on `socket` and resolves with the TLS socket that gRPC rides.
 * The negotiated protocol must be `h2`: anything else means no Auth Service is behind the address.
 */
export function authHandshake(
  socket: Duplex,
  options: AuthHandshakeOptions,
): Promise<tls.TLSSocket> {
  const { identity, route, diagnostics } = options;
  diagnostics.handshakes += 1;
  return new Promise((resolve, reject) => {
    let settled = false;
    const tlsSocket = tls.connect({
      socket,
      secureContext: identity.secureContext,
      ALPNProtocols: alpnProtocolsFor(route, identity.clusterName),
      servername: authServerName(identity.clusterName),
      minVersion: 'TLSv1.2',
      checkServerIdentity: (_host, certificate) => {
        const nameError = tls.checkServerIdentity(
          authServerName(identity.clusterName),
          certificate,
        );
        if (nameError) {
          return nameError;
        }
        const issuer = issuerCommonName(certificate);
        if (issuer !== undefined && issuer !== identity.clusterName) {
          return new AuthHandshakeError(
            `The server belongs to cluster "${issuer}", not to "${identity.clusterName}" that the identity file was signed by. Nothing was sent.`,
            'wrong-cluster',
          );
        }
        return undefined;
      },
    });
    const finish = (error: Error | undefined): void => {
      if (settled) {
        return;
      }
      settled = true;
      tlsSocket.setTimeout(0);
      if (error) {
        const explained =
          error instanceof AuthHandshakeError
            ? error
            : explainHandshakeFailure(error, identity.clusterName, identity.username);
        diagnostics.record(explained);
        tlsSocket.destroy();
        reject(explained);
        return;
      }
      diagnostics.lastError = undefined;
      // Under TLS 1.3 the server judges the client certificate after the client's handshake is
      // done, so a rejection arrives as an alert on the open socket: keep it for the explanation.
      tlsSocket.on('error', (lateError: Error & { code?: string }) => {
        if (/alert|ERR_SSL/i.test(`${lateError.code ?? ''} ${lateError.message}`)) {
          diagnostics.record(
            explainHandshakeFailure(lateError, identity.clusterName, identity.username),
          );
        }
      });
      // Some servers refuse the certificate by closing without an alert: a close before a single
      // byte of HTTP/2 arrived means the same.
      tlsSocket.once('close', () => {
        if (tlsSocket.bytesRead === 0 && diagnostics.lastError === undefined) {
          diagnostics.record(
            explainHandshakeFailure(
              new Error('alert certificate: closed before answering'),
              identity.clusterName,
              identity.username,
            ),
          );
        }
      });
      resolve(tlsSocket);
    };
    tlsSocket.setTimeout(options.handshakeTimeoutMs, () =>
      finish(
        new AuthHandshakeError(
          `No TLS answer within ${Math.round(options.handshakeTimeoutMs / 1000)} s: nothing that speaks Teleport's protocol is listening there.`,
          'timeout',
        ),
      ),
    );
    tlsSocket.once('secureConnect', () => {
      if (!tlsSocket.authorized) {
        finish(tlsSocket.authorizationError ?? new Error('server certificate not authorised'));
        return;
      }
      if (tlsSocket.alpnProtocol !== 'h2') {
        finish(
          new AuthHandshakeError(
            `No Teleport Auth Service answered there: the server negotiated ${tlsSocket.alpnProtocol ? `"${tlsSocket.alpnProtocol}"` : 'no protocol'} instead of h2.`,
            'not-teleport',
          ),
        );
        return;
      }
      finish(undefined);
    });
    tlsSocket.once('error', (error) => finish(error));
    tlsSocket.once('close', () => finish(new Error('socket hang up')));
  });
}
