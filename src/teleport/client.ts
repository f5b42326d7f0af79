/**
 * Teleport's read APIs as the integration uses them: each `iterate…` method pages through one
 * resource and hands the caller one message at a time, so nothing holds the whole cluster in memory.
 * Where a newer RPC is missing on an older server (UNIMPLEMENTED) the older one is used instead.
 */
import type { TeleportIdentity } from '../identity';
import type { HostPort } from './address';
import {
  AuthConnection,
  ConnectionOptions,
  DEFAULT_CONNECTION_OPTIONS,
  rpcMethod,
} from './connection';
import type { RpcMethod } from './connection';
import { GrpcStatus, isRpcCode, isTransient } from './errors';
import { forEachConcurrent } from './concurrency';
import { Page, paginate } from './paging';
import { DEFAULT_RETRY_POLICY, RetryNotice, RetryPolicy, withRetry } from './retry';
import type {
  AccessList,
  AccessListMember,
  AccessListOwner,
  AccessListReview,
  PingResponse,
  RoleV6,
  UserV2,
  AuthPreferenceV2,
  Bot,
  Device,
  GithubConnectorV3,
  LockV2,
  OidcConnectorV3,
  SamlConnectorV2,
  SsoConnector,
} from './types';

const Rpc = {
  ping: rpcMethod('proto.AuthService', 'Ping'),
  getUsers: rpcMethod('proto.AuthService', 'GetUsers'),
  listRoles: rpcMethod('proto.AuthService', 'ListRoles'),
  getRoles: rpcMethod('proto.AuthService', 'GetRoles'),
  listUsers: rpcMethod('teleport.users.v1.UsersService', 'ListUsers'),
  listAccessLists: rpcMethod('teleport.accesslist.v1.AccessListService', 'ListAccessLists'),
  listAccessListMembers: rpcMethod(
    'teleport.accesslist.v1.AccessListService',
    'ListAccessListMembers',
  ),
  listAllAccessListMembers: rpcMethod(
    'teleport.accesslist.v1.AccessListService',
    'ListAllAccessListMembers',
  ),
  getAccessListOwners: rpcMethod('teleport.accesslist.v1.AccessListService', 'GetAccessListOwners'),
  listAccessListReviews: rpcMethod(
    'teleport.accesslist.v1.AccessListService',
    'ListAccessListReviews',
  ),
  listAllAccessListReviews: rpcMethod(
    'teleport.accesslist.v1.AccessListService',
    'ListAllAccessListReviews',
  ),
  listSamlConnectors: rpcMethod('proto.AuthService', 'ListSAMLConnectors'),
  getSamlConnectors: rpcMethod('proto.AuthService', 'GetSAMLConnectors'),
  listOidcConnectors: rpcMethod('proto.AuthService', 'ListOIDCConnectors'),
  getOidcConnectors: rpcMethod('proto.AuthService', 'GetOIDCConnectors'),
  listGithubConnectors: rpcMethod('proto.AuthService', 'ListGithubConnectors'),
  getGithubConnectors: rpcMethod('proto.AuthService', 'GetGithubConnectors'),
  listBots: rpcMethod('teleport.machineid.v1.BotService', 'ListBots'),
  listLocks: rpcMethod('proto.AuthService', 'ListLocks'),
  getLocks: rpcMethod('proto.AuthService', 'GetLocks'),
  getAuthPreference: rpcMethod(
    'teleport.clusterconfig.v1.ClusterConfigService',
    'GetAuthPreference',
  ),
  getLegacyAuthPreference: rpcMethod('proto.AuthService', 'GetAuthPreference'),
  listDevices: rpcMethod('teleport.devicetrust.v1.DeviceTrustService', 'ListDevices'),
} as const;

/** The largest page each server accepts (upstream limits); larger requests are capped or refused. */
export const MAX_PAGE_SIZE = {
  users: 1000,
  roles: 1000,
  accessLists: 100,
  accessListMembers: 200,
  accessListReviews: 200,
  ssoConnectors: 100,
  bots: 200,
  locks: 200,
  devices: 100,
} as const;

export interface TeleportClientOptions {
  retry: RetryPolicy;
  /** Per-list calls in flight at once when a server lacks the cluster-wide RPCs. */
  perListConcurrency: number;
  /** More pages than this for one listing means the server is not making progress. */
  maxPages: number;
  onRetry?: (what: string, notice: RetryNotice) => void;
}

export const DEFAULT_CLIENT_OPTIONS: TeleportClientOptions = {
  retry: DEFAULT_RETRY_POLICY,
  perListConcurrency: 8,
  maxPages: 100_000,
};

/** How a listing was served, for logs: the cluster-wide RPC, or one call per list as a fallback. */
export type ListingSource = 'cluster-wide' | 'per-list' | 'legacy';

type Each<T> = (item: T) => Promise<void> | void;

export class TeleportClient {
  constructor(
    readonly connection: AuthConnection,
    private readonly options: TeleportClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {}

  private retryNotice(what: string): ((notice: RetryNotice) => void) | undefined {
    const onRetry = this.options.onRetry;
    return onRetry ? (notice) => onRetry(what, notice) : undefined;
  }

  /**
   * Runs the newest RPC; when the server does not implement it (UNIMPLEMENTED before any page
   * arrived), runs the older way instead.
   */
  private async newestOr(
    newest: (delivered: () => void) => Promise<void>,
    older: () => Promise<void>,
    olderSource: ListingSource,
  ): Promise<ListingSource> {
    let started = false;
    try {
      await newest(() => {
        started = true;
      });
      return 'cluster-wide';
    } catch (error) {
      if (started || !isRpcCode(error, GrpcStatus.UNIMPLEMENTED)) {
        throw error;
      }
    }
    await older();
    return olderSource;
  }

  private async each<T>(
    description: string,
    pageSize: number,
    fetchPage: (pageSize: number, pageToken: string) => Promise<Page<T>>,
    each: Each<T>,
  ): Promise<void> {
    const pages = paginate((request) => fetchPage(request.pageSize, request.pageToken), {
      description,
      pageSize,
      maxPages: this.options.maxPages,
      retry: this.options.retry,
      onRetry: this.retryNotice(description),
    });
    for await (const items of pages) {
      for (const item of items) {
        await each(item);
      }
    }
  }

  ping(): Promise<PingResponse> {
    return withRetry(() => this.connection.unary<object, PingResponse>(Rpc.ping, {}), {
      policy: { ...this.options.retry, maxAttempts: Math.min(2, this.options.retry.maxAttempts) },
      isRetryable: isTransient,
      onRetry: this.retryNotice('ping'),
    });
  }

  /** Users without secrets: UsersService.ListUsers, or the AuthService.GetUsers stream on older servers. */
  iterateUsers(each: Each<UserV2>): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each(
          'users',
          MAX_PAGE_SIZE.users,
          async (pageSize, pageToken) => {
            const response = await this.connection.unary<
              object,
              { users?: UserV2[]; nextPageToken?: string }
            >(Rpc.listUsers, { pageSize, pageToken });
            delivered();
            return { items: response.users ?? [], nextPageToken: response.nextPageToken ?? '' };
          },
          each,
        ),
      // A stream cannot resume where it broke, so a transient fault restarts it; the caller's
      // de-duplication absorbs what the first attempt already delivered.
      () =>
        withRetry(
          async () => {
            for await (const user of this.connection.serverStream<object, UserV2>(
              Rpc.getUsers,
              {},
            )) {
              await each(user);
            }
          },
          {
            policy: this.options.retry,
            isRetryable: isTransient,
            onRetry: this.retryNotice('users (GetUsers)'),
          },
        ),
      'legacy',
    );
  }

  /** Roles: AuthService.ListRoles, or GetRoles on servers that predate it. */
  iterateRoles(each: Each<RoleV6>): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each(
          'roles',
          MAX_PAGE_SIZE.roles,
          async (limit, startKey) => {
            const response = await this.connection.unary<
              object,
              { roles?: RoleV6[]; nextKey?: string }
            >(Rpc.listRoles, { limit, startKey });
            delivered();
            return { items: response.roles ?? [], nextPageToken: response.nextKey ?? '' };
          },
          each,
        ),
      async () => {
        const response = await withRetry(
          () => this.connection.unary<object, { roles?: RoleV6[] }>(Rpc.getRoles, {}),
          {
            policy: this.options.retry,
            isRetryable: isTransient,
            onRetry: this.retryNotice('roles (GetRoles)'),
          },
        );
        for (const role of response.roles ?? []) {
          await each(role);
        }
      },
      'legacy',
    );
  }

  /** False when the server does not implement access lists (Community Edition, older versions). */
  async hasAccessListService(): Promise<boolean> {
    try {
      await this.connection.unary(Rpc.listAccessLists, { pageSize: 1, nextToken: '' });
      return true;
    } catch (error) {
      // Any other answer (even PERMISSION_DENIED) means the service exists; the steps report it.
      return !isRpcCode(error, GrpcStatus.UNIMPLEMENTED);
    }
  }

  iterateAccessLists(each: Each<AccessList>): Promise<void> {
    return this.each(
      'access lists',
      MAX_PAGE_SIZE.accessLists,
      async (pageSize, nextToken) => {
        const response = await this.connection.unary<
          object,
          { accessLists?: AccessList[]; nextToken?: string }
        >(Rpc.listAccessLists, { pageSize, nextToken });
        return { items: response.accessLists ?? [], nextPageToken: response.nextToken ?? '' };
      },
      each,
    );
  }

  /** Members of one list. */
  iterateMembersOfAccessList(accessList: string, each: Each<AccessListMember>): Promise<void> {
    return this.each(
      `members of access list ${accessList}`,
      MAX_PAGE_SIZE.accessListMembers,
      async (pageSize, pageToken) => {
        const response = await this.connection.unary<
          object,
          { members?: AccessListMember[]; nextPageToken?: string }
        >(Rpc.listAccessListMembers, { pageSize, pageToken, accessList });
        return { items: response.members ?? [], nextPageToken: response.nextPageToken ?? '' };
      },
      each,
    );
  }

  /**
   * Members of every list: ListAllAccessListMembers, or one ListAccessListMembers per list (with
   * bounded concurrency) on servers without it.
   */
  iterateAccessListMembers(
    accessListNames: () => Promise<string[]>,
    each: Each<AccessListMember>,
  ): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each(
          'access list members',
          MAX_PAGE_SIZE.accessListMembers,
          async (pageSize, pageToken) => {
            const response = await this.connection.unary<
              object,
              { members?: AccessListMember[]; nextPageToken?: string }
            >(Rpc.listAllAccessListMembers, { pageSize, pageToken });
            delivered();
            return { items: response.members ?? [], nextPageToken: response.nextPageToken ?? '' };
          },
          each,
        ),
      async () =>
        forEachConcurrent(await accessListNames(), this.options.perListConcurrency, (name) =>
          this.iterateMembersOfAccessList(name, each),
        ),
      'per-list',
    );
  }

  /** Owners of one list, inherited ones (through nested lists) included. */
  async getAccessListOwners(accessList: string): Promise<AccessListOwner[]> {
    const response = await withRetry(
      () =>
        this.connection.unary<object, { owners?: AccessListOwner[] }>(Rpc.getAccessListOwners, {
          accessList,
        }),
      {
        policy: this.options.retry,
        isRetryable: isTransient,
        onRetry: this.retryNotice(`owners of ${accessList}`),
      },
    );
    return response.owners ?? [];
  }

  iterateReviewsOfAccessList(accessList: string, each: Each<AccessListReview>): Promise<void> {
    return this.each(
      `reviews of access list ${accessList}`,
      MAX_PAGE_SIZE.accessListReviews,
      async (pageSize, nextToken) => {
        const response = await this.connection.unary<
          object,
          { reviews?: AccessListReview[]; nextToken?: string }
        >(Rpc.listAccessListReviews, { accessList, pageSize, nextToken });
        return { items: response.reviews ?? [], nextPageToken: response.nextToken ?? '' };
      },
      each,
    );
  }

  /** Reviews of every list: ListAllAccessListReviews, or one call per list on servers without it. */
  iterateAccessListReviews(
    accessListNames: () => Promise<string[]>,
    each: Each<AccessListReview>,
  ): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each(
          'access list reviews',
          MAX_PAGE_SIZE.accessListReviews,
          async (pageSize, nextToken) => {
            const response = await this.connection.unary<
              object,
              { reviews?: AccessListReview[]; nextToken?: string }
            >(Rpc.listAllAccessListReviews, { pageSize, nextToken });
            delivered();
            return { items: response.reviews ?? [], nextPageToken: response.nextToken ?? '' };
          },
          each,
        ),
      async () =>
        forEachConcurrent(await accessListNames(), this.options.perListConcurrency, (name) =>
          this.iterateReviewsOfAccessList(name, each),
        ),
      'per-list',
    );
  }

  /** A unary call, retried on transient faults like a page is. */
  private unaryWithRetry<Response>(
    what: string,
    rpc: RpcMethod,
    request: object,
  ): Promise<Response> {
    return withRetry(() => this.connection.unary<object, Response>(rpc, request), {
      policy: this.options.retry,
      isRetryable: isTransient,
      onRetry: this.retryNotice(what),
    });
  }

  /**
   * SSO connectors of one kind, never with secrets (the request cannot ask for them and the protos
   * drop them): List…Connectors, or Get…Connectors on servers that predate it.
   */
  iterateSsoConnectors(
    kind: SsoConnector['kind'],
    each: Each<SsoConnector>,
  ): Promise<ListingSource> {
    const calls = {
      saml: {
        list: Rpc.listSamlConnectors,
        get: Rpc.getSamlConnectors,
        // Keeps the server from fetching each connector's entity descriptor URL.
        listRequest: { noFollowUrls: true },
        all: (response: { samlConnectors?: SamlConnectorV2[] }) => response.samlConnectors,
      },
      oidc: {
        list: Rpc.listOidcConnectors,
        get: Rpc.getOidcConnectors,
        listRequest: {},
        all: (response: { oidcConnectors?: OidcConnectorV3[] }) => response.oidcConnectors,
      },
      github: {
        list: Rpc.listGithubConnectors,
        get: Rpc.getGithubConnectors,
        listRequest: {},
        all: (response: { githubConnectors?: GithubConnectorV3[] }) => response.githubConnectors,
      },
    }[kind];
    const tagged = (connector: object): SsoConnector => ({ kind, connector }) as SsoConnector;
    return this.newestOr(
      (delivered) =>
        this.each(
          `${kind} connectors`,
          MAX_PAGE_SIZE.ssoConnectors,
          async (pageSize, pageToken) => {
            const response = await this.connection.unary<
              object,
              { connectors?: object[]; nextPageToken?: string }
            >(calls.list, { ...calls.listRequest, pageSize, pageToken });
            delivered();
            return {
              items: (response.connectors ?? []).map(tagged),
              nextPageToken: response.nextPageToken ?? '',
            };
          },
          each,
        ),
      async () => {
        const response = await this.unaryWithRetry<object>(
          `${kind} connectors (Get${kind === 'github' ? 'Github' : kind.toUpperCase()}Connectors)`,
          calls.get,
          { samlValidationNoFollowUrls: true },
        );
        for (const connector of calls.all(response) ?? []) {
          await each(tagged(connector));
        }
      },
      'legacy',
    );
  }

  /** Machine ID bots (BotService.ListBots, Teleport v15+). */
  iterateBots(each: Each<Bot>): Promise<void> {
    // The server pages over users and keeps the bots, so a page may be short, even empty, while
    // more follow: the pager reads until the token is empty.
    return this.each(
      'bots',
      MAX_PAGE_SIZE.bots,
      async (pageSize, pageToken) => {
        const response = await this.connection.unary<
          object,
          { bots?: Bot[]; nextPageToken?: string }
        >(Rpc.listBots, { pageSize, pageToken });
        return { items: response.bots ?? [], nextPageToken: response.nextPageToken ?? '' };
      },
      each,
    );
  }

  /** Every lock, in force or not: ListLocks, or GetLocks on servers that predate it. */
  iterateLocks(each: Each<LockV2>): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each(
          'locks',
          MAX_PAGE_SIZE.locks,
          async (pageSize, pageToken) => {
            const response = await this.connection.unary<
              object,
              { locks?: LockV2[]; nextPageToken?: string }
            >(Rpc.listLocks, { pageSize, pageToken });
            delivered();
            return { items: response.locks ?? [], nextPageToken: response.nextPageToken ?? '' };
          },
          each,
        ),
      async () => {
        const response = await this.unaryWithRetry<{ locks?: LockV2[] }>(
          'locks (GetLocks)',
          Rpc.getLocks,
          { inForceOnly: false },
        );
        for (const lock of response.locks ?? []) {
          await each(lock);
        }
      },
      'legacy',
    );
  }

  /**
   * The cluster auth preference: ClusterConfigService.GetAuthPreference, or the AuthService call
   * on servers that predate that service.
   */
  async getAuthPreference(): Promise<{ preference: AuthPreferenceV2; source: ListingSource }> {
    let preference: AuthPreferenceV2 = {};
    const source = await this.newestOr(
      async (delivered) => {
        preference = await this.unaryWithRetry<AuthPreferenceV2>(
          'auth preference',
          Rpc.getAuthPreference,
          {},
        );
        delivered();
      },
      async () => {
        preference = await this.unaryWithRetry<AuthPreferenceV2>(
          'auth preference (AuthService)',
          Rpc.getLegacyAuthPreference,
          {},
        );
      },
      'legacy',
    );
    return { preference, source };
  }

  /** False when the server does not implement device trust (Community Edition, older versions). */
  async hasDeviceTrustService(): Promise<boolean> {
    try {
      await this.connection.unary(Rpc.listDevices, { pageSize: 1, pageToken: '' });
      return true;
    } catch (error) {
      // Any other answer (even PERMISSION_DENIED) means the service exists; the step reports it.
      return !isRpcCode(error, GrpcStatus.UNIMPLEMENTED);
    }
  }

  /** Trusted devices in the full (resource) view, with their profile and collected data. */
  iterateDevices(each: Each<Device>): Promise<void> {
    return this.each(
      'devices',
      MAX_PAGE_SIZE.devices,
      async (pageSize, pageToken) => {
        const response = await this.connection.unary<
          object,
          { devices?: Device[]; nextPageToken?: string }
        >(Rpc.listDevices, { pageSize, pageToken, view: 'DEVICE_VIEW_RESOURCE' });
        return { items: response.devices ?? [], nextPageToken: response.nextPageToken ?? '' };
      },
      each,
    );
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
