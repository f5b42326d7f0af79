import type { TeleportIdentity } from '../identity';
import type { HostPort } from './address';
import { AuthConnection, ConnectionOptions, DEFAULT_CONNECTION_OPTIONS } from './connection';
import { DEFAULT_CLIENT_OPTIONS, TeleportClient, TeleportClientOptions } from './client';

export {
  DEFAULT_AUTH_PORT,
  DEFAULT_PROXY_PORT,
  ProxyAddressError,
  formatHostPort,
  parseProxyAddress,
  type HostPort,
} from './address';
export { authAlpnProtocol, authServerName, type AuthRoute } from './auth-handshake';
export { AuthConnection, DEFAULT_CONNECTION_OPTIONS, type ConnectionOptions } from './connection';
export {
  DEFAULT_CLIENT_OPTIONS,
  MAX_PAGE_SIZE,
  TeleportClient,
  type ListingSource,
  type TeleportClientOptions,
} from './client';
export {
  ConnectionError,
  GrpcStatus,
  PagingError,
  TeleportRpcError,
  isRpcCode,
  type ConnectionFailureKind,
} from './errors';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export type * from './types';

/** A client for the Auth Service at `address`, authenticated as `identity`. Connects on first call. */
export function createTeleportClient(
  identity: TeleportIdentity,
  address: HostPort,
  options: {
    connection?: Partial<Omit<ConnectionOptions, 'address'>>;
    client?: Partial<TeleportClientOptions>;
  } = {},
): TeleportClient {
  const connection = new AuthConnection(identity, {
    ...DEFAULT_CONNECTION_OPTIONS,
    ...options.connection,
    address,
  });
  return new TeleportClient(connection, { ...DEFAULT_CLIENT_OPTIONS, ...options.client });
}
