/** Errors from RPCs, classified by gRPC status so steps can decide what a failure means. */
import { status as GrpcStatus } from '@grpc/grpc-js';

export { GrpcStatus };

export class TeleportRpcError extends Error {
  constructor(
    /** Full method path, e.g. `/proto.AuthService/Ping`. */
    readonly rpc: string,
    readonly code: GrpcStatus,
    readonly details: string,
    options?: { cause?: unknown },
  ) {
    super(`${rpc} failed with ${GrpcStatus[code] ?? code}: ${details}`, options);
    this.name = 'TeleportRpcError';
  }

  get codeName(): string {
    return GrpcStatus[this.code] ?? String(this.code);
  }
}

export type ConnectionFailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'untrusted-server'
  | 'wrong-cluster'
  | 'client-certificate-rejected'
  | 'not-teleport'
  | 'closed'
  | 'unreachable'
  | 'http-proxy'
  | 'upgrade-failed';

/** Reaching the Auth Service failed; the message says where and why, in the user's terms. */
export class ConnectionError extends Error {
  constructor(
    message: string,
    readonly kind: ConnectionFailureKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionError';
  }

  /** Failures that another attempt may not meet (a restarting proxy); trust failures never pass. */
  get transient(): boolean {
    return (
      this.kind === 'refused' ||
      this.kind === 'timeout' ||
      this.kind === 'closed' ||
      this.kind === 'unreachable'
    );
  }
}

/** A list RPC that does not make progress: a repeated page token, or more pages than any cluster has. */
export class PagingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PagingError';
  }
}

interface GrpcServiceErrorLike {
  code?: unknown;
  details?: unknown;
  message?: unknown;
}

export function toRpcError(rpc: string, error: unknown): TeleportRpcError {
  if (error instanceof TeleportRpcError) {
    return error;
  }
  const candidate = (error ?? {}) as GrpcServiceErrorLike;
  const code =
    typeof candidate.code === 'number' ? (candidate.code as GrpcStatus) : GrpcStatus.UNKNOWN;
  const details =
    typeof candidate.details === 'string' && candidate.details !== ''
      ? candidate.details
      : typeof candidate.message === 'string'
        ? candidate.message
        : String(error);
  return new TeleportRpcError(rpc, code, details, { cause: error });
}

export function isRpcCode(error: unknown, ...codes: GrpcStatus[]): error is TeleportRpcError {
  return error instanceof TeleportRpcError && codes.includes(error.code);
}

/** The message did not fit the receive limit: the page must be smaller. */
export function isMessageTooLarge(error: unknown): boolean {
  return (
    isRpcCode(error, GrpcStatus.RESOURCE_EXHAUSTED) &&
    /larger than max|message too large|exceeds.*max/i.test(error.details)
  );
}

/** Worth trying again: the cluster or the network had a passing problem. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ConnectionError) {
    return error.transient;
  }
  if (!(error instanceof TeleportRpcError) || isMessageTooLarge(error)) {
    return false;
  }
  switch (error.code) {
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.RESOURCE_EXHAUSTED:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.ABORTED:
      return true;
    case GrpcStatus.INTERNAL:
      // A stream reset mid-response (proxy restart, load balancer idle cut) surfaces as INTERNAL.
      return /RST_STREAM|stream|premature|ECONNRESET|closed/i.test(error.details);
    default:
      return false;
  }
}
