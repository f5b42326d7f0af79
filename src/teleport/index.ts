/** The Teleport side of the integration: reaching Auth, and reading from it. */
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
  TeleportClient,
  createTeleportClient,
  type ClientHooks,
  type Each,
  type ListingSource,
  type TeleportClientOptions,
} from './client';
export {
  RPCS,
  methodNameOf,
  pageRequest,
  type ItemOf,
  type ListingSpec,
  type MethodName,
  type RpcName,
  type RpcSpec,
} from './rpcs';
export {
  ConnectionError,
  GrpcStatus,
  PagingError,
  TeleportRpcError,
  isRpcCode,
  type ConnectionFailureKind,
} from './errors';
export { HttpProxyError, httpProxyFor, type HttpProxy } from './http-proxy';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export {
  CONNECTION_MODES,
  connectToAuth,
  type ConnectedAuth,
  type ConnectionMode,
  type RouteAttempt,
} from './route-selection';
export type * from './types';
