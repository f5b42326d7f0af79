/**
 * One authenticated gRPC channel to a cluster's Auth Service, and the two call shapes Teleport's
 * read APIs use (unary, server stream). Every call carries a deadline.
 */
import * as grpc from '@grpc/grpc-js';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TeleportIdentity } from '../identity';
import { HostPort, formatHostPort, toGrpcTarget } from './address';
import {
  AuthHandshakeError,
  AuthRoute,
  HandshakeDiagnostics,
  authHandshake,
} from './auth-handshake';
import { TeleportChannelCredentials } from './channel-credentials';
import { openConnectionUpgrade } from './connection-upgrade';
import { HttpProxy, HttpProxyError, connectThroughProxy } from './http-proxy';
import { ConnectionError, GrpcStatus, TeleportRpcError, toRpcError } from './errors';
import { AnyMethodDefinition, methodDefinition } from './protos';

export const CLIENT_NAME = 'graph-teleport';

export interface ConnectionOptions {
  address: HostPort;
  route: AuthRoute;
  /** How long reaching Auth (TCP, TLS, HTTP/2) may take before the first call fails. */
  connectTimeoutMs: number;
  /** Deadline of each call. */
  callTimeoutMs: number;
  /** Largest message accepted; Teleport pages can exceed gRPC's 4 MiB default. */
  maxReceiveMessageBytes: number;
  /** A corporate HTTP proxy to tunnel through with CONNECT. */
  httpProxy?: HttpProxy;
  /** A private CA for the load balancer's certificate (upgrade route). */
  extraCertificateAuthority?: string;
}

export const DEFAULT_CONNECTION_OPTIONS: Omit<ConnectionOptions, 'address'> = {
  route: 'tls-routing',
  connectTimeoutMs: 20_000,
  callTimeoutMs: 120_000,
  maxReceiveMessageBytes: 256 * 1024 * 1024,
};

export interface RpcMethod {
  path: string;
  definition: AnyMethodDefinition;
}

export function rpcMethod(service: string, method: string): RpcMethod {
  const definition = methodDefinition(service, method);
  return { path: definition.path, definition };
}

/**
 * grpc-js keeps the process alive only while calls are in flight, by ref()/unref() on the socket it
 * was given. When TLS runs over a stream inside a tunnel (the WebSocket upgrade), that socket is
 * not the TCP socket underneath, so the calls are passed on to it; otherwise an idle connection
 * would keep the process from exiting at the end of a run.
 */
function followReferences(outer: Socket, underlying: Socket): void {
  const ref = outer.ref.bind(outer);
  const unref = outer.unref.bind(outer);
  outer.ref = () => {
    underlying.ref();
    return ref();
  };
  outer.unref = () => {
    underlying.unref();
    return unref();
  };
}

export class AuthConnection {
  private readonly client: grpc.Client;
  readonly diagnostics = new HandshakeDiagnostics();

  constructor(
    readonly identity: TeleportIdentity,
    readonly options: ConnectionOptions,
  ) {
    const stepTimeoutMs = Math.min(options.connectTimeoutMs, 15_000);
    const credentials = new TeleportChannelCredentials(async (socket) => {
      let stream: Duplex = socket;
      try {
        if (options.httpProxy) {
          stream = await connectThroughProxy(
            stream,
            options.httpProxy,
            options.address,
            stepTimeoutMs,
          );
        }
        if (options.route === 'upgrade') {
          stream = await openConnectionUpgrade(stream, {
            proxy: options.address,
            extraCertificateAuthority: options.extraCertificateAuthority,
            timeoutMs: stepTimeoutMs,
          });
        }
      } catch (error) {
        const kind = error instanceof HttpProxyError ? 'http-proxy' : 'upgrade-failed';
        this.diagnostics.record(
          new AuthHandshakeError((error as Error).message, kind, { cause: error }),
        );
        socket.destroy();
        throw error;
      }
      const authenticated = await authHandshake(stream, {
        identity,
        route: options.route,
        handshakeTimeoutMs: stepTimeoutMs,
        diagnostics: this.diagnostics,
      });
      if (stream !== socket) {
        followReferences(authenticated, socket);
      }
      return authenticated;
    });
    // With an HTTP proxy, grpc-js dials the proxy and the connector above asks it for the tunnel;
    // grpc-js's own proxy support is off so there is one way proxies are handled.
    const dialTarget = options.httpProxy?.address ?? options.address;
    this.client = new grpc.Client(toGrpcTarget(dialTarget), credentials, {
      'grpc.enable_http_proxy': 0,
      'grpc.max_receive_message_length': options.maxReceiveMessageBytes,
      'grpc.max_send_message_length': 4 * 1024 * 1024,
      // Teleport's servers refuse pings more often than every five minutes (too_many_pings).
      'grpc.keepalive_time_ms': 300_000,
      'grpc.keepalive_timeout_ms': 20_000,
      'grpc.primary_user_agent': CLIENT_NAME,
      // Retries are ours (paging resumes from the same token); grpc-js's would hide them.
      'grpc.enable_retries': 0,
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 5_000,
    });
  }

  get addressText(): string {
    const proxy = this.options.httpProxy;
    return `${formatHostPort(this.options.address)}${proxy ? ` (through the HTTP proxy ${proxy.display})` : ''}`;
  }

  private deadline(timeoutMs = this.options.callTimeoutMs): Date {
    return new Date(Date.now() + timeoutMs);
  }

  unary<Request, Response>(
    method: RpcMethod,
    request: Request,
    timeoutMs?: number,
  ): Promise<Response> {
    const { definition } = method;
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest<Request, Response>(
        method.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        new grpc.Metadata(),
        { deadline: this.deadline(timeoutMs) },
        (error, response) => {
          if (error || response === undefined) {
            reject(this.explain(method.path, error ?? new Error('empty response')));
            return;
          }
          resolve(response);
        },
      );
    });
  }

  /** A server-streaming call, read as an async iterable; the deadline covers the whole stream. */
  async *serverStream<Request, Response>(
    method: RpcMethod,
    request: Request,
  ): AsyncGenerator<Response> {
    const { definition } = method;
    const call = this.client.makeServerStreamRequest<Request, Response>(
      method.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request,
      new grpc.Metadata(),
      { deadline: this.deadline() },
    );
    try {
      for await (const message of call) {
        yield message as Response;
      }
    } catch (error) {
      throw this.explain(method.path, error);
    } finally {
      call.cancel();
    }
  }

  /**
   * Turns a failed call into the most specific error known: a handshake failure recorded by the
   * connector beats grpc-js's generic "no connection established".
   */
  private explain(path: string, error: unknown): Error {
    const rpcError = toRpcError(path, error);
    // Only a call that never had a connection is explained as a connection failure; a call cut
    // mid-flight stays an RPC error, which the pager retries.
    const neverConnected =
      (rpcError.code === GrpcStatus.UNAVAILABLE &&
        /No connection established|Name resolution failed|Failed to connect/i.test(
          rpcError.details,
        )) ||
      (rpcError.code === GrpcStatus.DEADLINE_EXCEEDED &&
        /Waiting for LB pick|waiting for (name resolution|connection)/i.test(rpcError.details));
    if (!neverConnected) {
      return rpcError;
    }
    return this.connectionErrorFrom(rpcError) ?? rpcError;
  }

  private connectionErrorFrom(error: TeleportRpcError): ConnectionError | undefined {
    const where = this.addressText;
    const handshakeError = this.diagnostics.lastError;
    if (handshakeError instanceof AuthHandshakeError) {
      return new ConnectionError(
        `Could not reach Teleport Auth at ${where}: ${handshakeError.message}`,
        handshakeError.kind,
        {
          cause: error,
        },
      );
    }
    const details = error.details;
    const proxy = this.options.httpProxy;
    if (/Name resolution failed|ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(details)) {
      return new ConnectionError(
        proxy
          ? `Could not resolve the HTTP proxy ${proxy.display}: check HTTPS_PROXY.`
          : `Could not resolve ${this.options.address.host}: no DNS record for the proxy address ${where}. Check its spelling.`,
        'dns',
        { cause: error },
      );
    }
    if (/ECONNREFUSED/.test(details)) {
      return new ConnectionError(
        proxy
          ? `The HTTP proxy ${proxy.display} refused the connection: check HTTPS_PROXY, or NO_PROXY if ${formatHostPort(this.options.address)} should be reached directly.`
          : `The connection to ${where} was refused: nothing listens on that port. Check the proxy address and port (443 for Teleport Cloud).`,
        'refused',
        { cause: error },
      );
    }
    if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(details)) {
      return new ConnectionError(
        `${where} is unreachable from here (${details}). Check the address and any firewall.`,
        'unreachable',
        {
          cause: error,
        },
      );
    }
    if (error.code === GrpcStatus.DEADLINE_EXCEEDED && this.diagnostics.handshakes === 0) {
      return new ConnectionError(
        `No connection to ${where} within ${Math.round(this.options.connectTimeoutMs / 1000)} s. Check the address and any firewall.`,
        'timeout',
        { cause: error },
      );
    }
    return undefined;
  }

  close(): void {
    this.client.close();
  }
}
