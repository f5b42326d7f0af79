/**
 * Teleport's read APIs as the integration uses them: one small client per service, each listing a
 * few lines over the table of RPCs (../rpcs.ts). Listings hand over one message at a time, so
 * nothing holds the whole cluster in memory.
 */
import type { TeleportIdentity } from '../../identity';
import type { HostPort } from '../address';
import { AuthConnection, ConnectionOptions, DEFAULT_CONNECTION_OPTIONS } from '../connection';
import { DEFAULT_RETRY_POLICY } from '../retry';
import { RPCS, type ListingSpec } from '../rpcs';
import type { PingResponse } from '../types';
import { AccessListsClient } from './access-lists';
import { AccessRequestsClient } from './access-requests';
import { CallerOptions, ClientHooks, Each, RpcCaller } from './caller';
import { ClusterConfigClient } from './cluster-config';
import { DevicesClient } from './devices';
import { LocksClient } from './locks';
import { RolesClient } from './roles';
import { SsoConnectorsClient } from './sso-connectors';
import { UserLoginStatesClient } from './user-login-states';
import { UsersClient } from './users';

export type { ClientHooks, Each, ListingSource } from './caller';

export type TeleportClientOptions = CallerOptions & ClientHooks;

export const DEFAULT_CLIENT_OPTIONS: TeleportClientOptions = {
  retry: DEFAULT_RETRY_POLICY,
  perListConcurrency: 8,
  maxPages: 100_000,
};

export class TeleportClient {
  readonly users: UsersClient;
  readonly roles: RolesClient;
  readonly accessLists: AccessListsClient;
  readonly ssoConnectors: SsoConnectorsClient;
  readonly locks: LocksClient;
  readonly clusterConfig: ClusterConfigClient;
  readonly devices: DevicesClient;
  readonly userLoginStates: UserLoginStatesClient;
  readonly accessRequests: AccessRequestsClient;
  private readonly caller: RpcCaller;

  constructor(
    readonly connection: AuthConnection,
    private readonly options: TeleportClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {
    const { onRetry, onRefusedClusterWide, ...callerOptions } = options;
    this.caller = new RpcCaller(connection, callerOptions, { onRetry, onRefusedClusterWide });
    this.users = new UsersClient(this.caller);
    this.roles = new RolesClient(this.caller);
    this.accessLists = new AccessListsClient(this.caller);
    this.ssoConnectors = new SsoConnectorsClient(this.caller);
    this.locks = new LocksClient(this.caller);
    this.clusterConfig = new ClusterConfigClient(this.caller);
    this.devices = new DevicesClient(this.caller);
    this.userLoginStates = new UserLoginStatesClient(this.caller);
    this.accessRequests = new AccessRequestsClient(this.caller);
  }

  /**
   * The same connection, with other hooks: each step hears of its own retries and refusals
   * through its own logger.
   */
  withHooks(hooks: ClientHooks): TeleportClient {
    return new TeleportClient(this.connection, { ...this.options, ...hooks });
  }

  /** Any listing of the table with nothing to fall back to: one item at a time. */
  list<T>(spec: ListingSpec<T>, each: Each<T>, description = spec.method): Promise<void> {
    return this.caller.each(spec, each, { description });
  }

  ping(): Promise<PingResponse> {
    return this.caller.unary(RPCS.ping, {}, 'ping', 2);
  }

  close(): void {
    this.connection.close();
  }
}

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
