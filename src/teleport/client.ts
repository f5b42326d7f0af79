/**
 * Teleport's read APIs as the integration uses them: each `iterate…` method pages through one
 * resource and hands the caller one message at a time, so nothing holds the whole cluster in memory.
 * Where a newer RPC is missing on an older server (UNIMPLEMENTED) the older one is used instead;
 * a refused cluster-wide access list listing (PERMISSION_DENIED) falls back to the per-list calls.
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
  UserLoginState,
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
  getUserLoginStates: rpcMethod(
    'teleport.userloginstate.v1.UserLoginStateService',
    'GetUserLoginStates',
  ),
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
  /** Hears when a cluster-wide listing was refused and the per-list calls are used instead. */
  onRefusedClusterWide?: (what: string, error: unknown) => void;
}

export const DEFAULT_CLIENT_OPTIONS: TeleportClientOptions = {
  retry: DEFAULT_RETRY_POLICY,
  perListConcurrency: 8,
  maxPages: 100_000,
};

/** How a listing was served, for logs: the cluster-wide RPC, or one call per list as a fallback. */
export type ListingSource = 'cluster-wide' | 'per-list' | 'legacy';

type Each<T> = (item: T) => Promise<void> | void;

/** One list RPC: how to ask for a page, and where the page's items and next token are. */
interface Listing<T> {
  description: string;
  rpc: RpcMethod;
  pageSize: number;
  request: (pageSize: number, pageToken: string) => object;
  items: string;
  next: string;
  /** Turns a decoded item into what the caller receives (default: as decoded). */
  map?: (item: never) => T;
}

export class TeleportClient {
  constructor(
    readonly connection: AuthConnection,
    private readonly options: TeleportClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {}

  private retryNotice(what: string): ((notice: RetryNotice) => void) | undefined {
    const onRetry = this.options.onRetry;
    return onRetry ? (notice) => onRetry(what, notice) : undefined;
  }

  /** A unary call, retried on transient faults like a page is. */
  private unaryWithRetry<Response>(
    what: string,
    rpc: RpcMethod,
    request: object,
    maxAttempts?: number,
  ): Promise<Response> {
    const policy = maxAttempts
      ? {
          ...this.options.retry,
          maxAttempts: Math.min(maxAttempts, this.options.retry.maxAttempts),
        }
      : this.options.retry;
    return withRetry(() => this.connection.unary<object, Response>(rpc, request), {
      policy,
      isRetryable: isTransient,
      onRetry: this.retryNotice(what),
    });
  }

  /**
   * Runs the newest RPC; when the server does not implement it (UNIMPLEMENTED before any page
   * arrived), runs the older way instead.
   */
  private async newestOr(
    newest: (delivered: () => void) => Promise<void>,
    older: () => Promise<void>,
    olderSource: ListingSource,
    onRefused?: (error: unknown) => void,
  ): Promise<ListingSource> {
    let started = false;
    try {
      await newest(() => {
        started = true;
      });
      return 'cluster-wide';
    } catch (error) {
      if (started) {
        throw error;
      }
      if (onRefused && isRpcCode(error, GrpcStatus.PERMISSION_DENIED)) {
        onRefused(error);
      } else if (!isRpcCode(error, GrpcStatus.UNIMPLEMENTED)) {
        throw error;
      }
    }
    await older();
    return olderSource;
  }

  /** Pages through a listing, handing over one item at a time; `delivered` hears of each page. */
  private async each<T>(listing: Listing<T>, each: Each<T>, delivered?: () => void): Promise<void> {
    const fetchPage = async ({
      pageSize,
      pageToken,
    }: {
      pageSize: number;
      pageToken: string;
    }): Promise<Page<T>> => {
      const response = await this.connection.unary<object, Record<string, unknown>>(
        listing.rpc,
        listing.request(pageSize, pageToken),
      );
      delivered?.();
      const items = (response[listing.items] as never[] | undefined) ?? [];
      return {
        items: listing.map ? items.map(listing.map) : (items as T[]),
        nextPageToken: (response[listing.next] as string | undefined) ?? '',
      };
    };
    const pages = paginate(fetchPage, {
      description: listing.description,
      pageSize: listing.pageSize,
      maxPages: this.options.maxPages,
      retry: this.options.retry,
      onRetry: this.retryNotice(listing.description),
    });
    for await (const items of pages) {
      for (const item of items) {
        await each(item);
      }
    }
  }

  /**
   * Every list's entries: the cluster-wide listing, or one listing per list (with bounded
   * concurrency) on servers without it or that refuse it (PERMISSION_DENIED before any page).
   */
  private clusterWideOrPerList<T>(
    clusterWide: Listing<T>,
    perList: (accessList: string) => Listing<T>,
    accessListNames: () => Promise<string[]>,
    each: Each<T>,
  ): Promise<ListingSource> {
    return this.newestOr(
      (delivered) => this.each(clusterWide, each, delivered),
      async () =>
        forEachConcurrent(await accessListNames(), this.options.perListConcurrency, (name) =>
          this.each(perList(name), each),
        ),
      'per-list',
      // Upstream's own client keeps ListAllAccessListReviews for its cache
      // (api/client/accesslist/accesslist.go, Client.ListAllAccessListReviews), so a server may
      // refuse a reader what the per-list calls, with access_list read, still allow.
      (error) => this.options.onRefusedClusterWide?.(clusterWide.description, error),
    );
  }

  /** False when the server does not implement the RPC's service (Community Edition, older versions). */
  private async implements(rpc: RpcMethod, request: object): Promise<boolean> {
    try {
      await this.connection.unary(rpc, request);
      return true;
    } catch (error) {
      // Any other answer (even PERMISSION_DENIED) means the service exists; the steps report it.
      return !isRpcCode(error, GrpcStatus.UNIMPLEMENTED);
    }
  }

  ping(): Promise<PingResponse> {
    return this.unaryWithRetry('ping', Rpc.ping, {}, 2);
  }

  /** Users without secrets: UsersService.ListUsers, or the AuthService.GetUsers stream on older servers. */
  iterateUsers(each: Each<UserV2>): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each<UserV2>(
          {
            description: 'users',
            rpc: Rpc.listUsers,
            pageSize: MAX_PAGE_SIZE.users,
            request: (pageSize, pageToken) => ({ pageSize, pageToken }),
            items: 'users',
            next: 'nextPageToken',
          },
          each,
          delivered,
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
        this.each<RoleV6>(
          {
            description: 'roles',
            rpc: Rpc.listRoles,
            pageSize: MAX_PAGE_SIZE.roles,
            request: (limit, startKey) => ({ limit, startKey }),
            items: 'roles',
            next: 'nextKey',
          },
          each,
          delivered,
        ),
      async () => {
        const response = await this.unaryWithRetry<{ roles?: RoleV6[] }>(
          'roles (GetRoles)',
          Rpc.getRoles,
          {},
        );
        for (const role of response.roles ?? []) {
          await each(role);
        }
      },
      'legacy',
    );
  }

  hasAccessListService(): Promise<boolean> {
    return this.implements(Rpc.listAccessLists, { pageSize: 1, nextToken: '' });
  }

  iterateAccessLists(each: Each<AccessList>): Promise<void> {
    return this.each<AccessList>(
      {
        description: 'access lists',
        rpc: Rpc.listAccessLists,
        pageSize: MAX_PAGE_SIZE.accessLists,
        request: (pageSize, nextToken) => ({ pageSize, nextToken }),
        items: 'accessLists',
        next: 'nextToken',
      },
      each,
    );
  }

  /** Members of every list: ListAllAccessListMembers, or ListAccessListMembers per list. */
  iterateAccessListMembers(
    accessListNames: () => Promise<string[]>,
    each: Each<AccessListMember>,
  ): Promise<ListingSource> {
    const members = {
      pageSize: MAX_PAGE_SIZE.accessListMembers,
      items: 'members',
      next: 'nextPageToken',
    };
    return this.clusterWideOrPerList<AccessListMember>(
      {
        ...members,
        description: 'access list members',
        rpc: Rpc.listAllAccessListMembers,
        request: (pageSize, pageToken) => ({ pageSize, pageToken }),
      },
      (accessList) => ({
        ...members,
        description: `members of access list ${accessList}`,
        rpc: Rpc.listAccessListMembers,
        request: (pageSize, pageToken) => ({ pageSize, pageToken, accessList }),
      }),
      accessListNames,
      each,
    );
  }

  /**
   * The login state Teleport stored for every user (roles and traits at the last login), in one
   * answer: upstream's UserLoginStateService has no paging RPC.
   */
  async getUserLoginStates(): Promise<UserLoginState[]> {
    const response = await this.unaryWithRetry<{ userLoginStates?: UserLoginState[] }>(
      'user login states',
      Rpc.getUserLoginStates,
      {},
    );
    return response.userLoginStates ?? [];
  }

  /** Owners of one list, inherited ones (through nested lists) included. */
  async getAccessListOwners(accessList: string): Promise<AccessListOwner[]> {
    const response = await this.unaryWithRetry<{ owners?: AccessListOwner[] }>(
      `owners of ${accessList}`,
      Rpc.getAccessListOwners,
      { accessList },
    );
    return response.owners ?? [];
  }

  /** Reviews of every list: ListAllAccessListReviews, or ListAccessListReviews per list. */
  iterateAccessListReviews(
    accessListNames: () => Promise<string[]>,
    each: Each<AccessListReview>,
  ): Promise<ListingSource> {
    const reviews = {
      pageSize: MAX_PAGE_SIZE.accessListReviews,
      items: 'reviews',
      next: 'nextToken',
    };
    return this.clusterWideOrPerList<AccessListReview>(
      {
        ...reviews,
        description: 'access list reviews',
        rpc: Rpc.listAllAccessListReviews,
        request: (pageSize, nextToken) => ({ pageSize, nextToken }),
      },
      (accessList) => ({
        ...reviews,
        description: `reviews of access list ${accessList}`,
        rpc: Rpc.listAccessListReviews,
        request: (pageSize, nextToken) => ({ accessList, pageSize, nextToken }),
      }),
      accessListNames,
      each,
    );
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
        this.each<SsoConnector>(
          {
            description: `${kind} connectors`,
            rpc: calls.list,
            pageSize: MAX_PAGE_SIZE.ssoConnectors,
            request: (pageSize, pageToken) => ({ ...calls.listRequest, pageSize, pageToken }),
            items: 'connectors',
            next: 'nextPageToken',
            map: tagged,
          },
          each,
          delivered,
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
    return this.each<Bot>(
      {
        description: 'bots',
        rpc: Rpc.listBots,
        pageSize: MAX_PAGE_SIZE.bots,
        request: (pageSize, pageToken) => ({ pageSize, pageToken }),
        items: 'bots',
        next: 'nextPageToken',
      },
      each,
    );
  }

  /** Every lock, in force or not: ListLocks, or GetLocks on servers that predate it. */
  iterateLocks(each: Each<LockV2>): Promise<ListingSource> {
    return this.newestOr(
      (delivered) =>
        this.each<LockV2>(
          {
            description: 'locks',
            rpc: Rpc.listLocks,
            pageSize: MAX_PAGE_SIZE.locks,
            request: (pageSize, pageToken) => ({ pageSize, pageToken }),
            items: 'locks',
            next: 'nextPageToken',
          },
          each,
          delivered,
        ),
      async () => {
        const response = await this.unaryWithRetry<{ locks?: LockV2[] }>(
          'locks (GetLocks)',
          Rpc.getLocks,
          {
            inForceOnly: false,
          },
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

  hasDeviceTrustService(): Promise<boolean> {
    return this.implements(Rpc.listDevices, { pageSize: 1, pageToken: '' });
  }

  /** Trusted devices in the full (resource) view, with their profile and collected data. */
  iterateDevices(each: Each<Device>): Promise<void> {
    return this.each<Device>(
      {
        description: 'devices',
        rpc: Rpc.listDevices,
        pageSize: MAX_PAGE_SIZE.devices,
        request: (pageSize, pageToken) => ({ pageSize, pageToken, view: 'DEVICE_VIEW_RESOURCE' }),
        items: 'devices',
        next: 'nextPageToken',
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
