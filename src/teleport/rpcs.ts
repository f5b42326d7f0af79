/**
 * Every RPC the integration makes, listed once. The client, the stand-in and the benchmark all
 * read this table, so a method, its page fields or its page cap is never written twice. Service
 * and method names are upstream's; field names are the protos' (camelCase, as decoded).
 */
import type {
  AccessList,
  AccessRequestV3,
  AccessListMember,
  AccessListReview,
  Bot,
  Device,
  GithubConnectorV3,
  LockV2,
  OidcConnectorV3,
  PaginatedResource,
  RoleV6,
  SamlConnectorV2,
  UserV2,
} from './types';

/** A unary or server-streaming RPC. */
export interface RpcSpec<Service extends string = string, Method extends string = string> {
  service: Service;
  method: Method;
}

/** A paged list RPC: where its page size, token, items and next token are, and its page cap. */
export interface ListingSpec<
  Item = unknown,
  Service extends string = string,
  Method extends string = string,
> extends RpcSpec<Service, Method> {
  pageSizeField: 'pageSize' | 'limit';
  tokenField: 'pageToken' | 'nextToken' | 'startKey';
  itemsField: string;
  nextField: 'nextPageToken' | 'nextToken' | 'nextKey';
  /** The largest page upstream's server returns; the client asks for exactly this. */
  maxPageSize: number;
  /** Fields every request carries besides the page ones. */
  fixed?: Readonly<Record<string, unknown>>;
  /** The older call a server without this one answers (UNIMPLEMENTED), by its name here. */
  fallback?: string;
  /** Only there to carry the item type; never set. */
  readonly item?: Item;
}

function rpc<const Service extends string, const Method extends string>(
  service: Service,
  method: Method,
): RpcSpec<Service, Method> {
  return { service, method };
}

/** `listing<Item>()({...})`: a listing whose items are `Item`. */
function listing<Item>() {
  return <const Service extends string, const Method extends string>(
    spec: ListingSpec<Item, Service, Method>,
  ): ListingSpec<Item, Service, Method> => spec;
}

const AUTH = 'proto.AuthService';

/** `ListResources` for one resource type. Upstream caps no page; 500 keeps them moderate. */
function listResources<const Type extends string>(resourceType: Type) {
  return listing<PaginatedResource>()({
    service: AUTH,
    method: 'ListResources',
    pageSizeField: 'limit',
    tokenField: 'startKey',
    nextField: 'nextKey',
    itemsField: 'resources',
    maxPageSize: 500,
    fixed: { resourceType },
  } as const);
}
const ACCESS_LISTS = 'teleport.accesslist.v1.AccessListService';
const PAGE_TOKEN = {
  pageSizeField: 'pageSize',
  tokenField: 'pageToken',
  nextField: 'nextPageToken',
} as const;
const NEXT_TOKEN = {
  pageSizeField: 'pageSize',
  tokenField: 'nextToken',
  nextField: 'nextToken',
} as const;

export const RPCS = {
  ping: rpc(AUTH, 'Ping'),

  listUsers: listing<UserV2>()({
    service: 'teleport.users.v1.UsersService',
    method: 'ListUsers',
    ...PAGE_TOKEN,
    itemsField: 'users',
    maxPageSize: 1000,
    fallback: 'getUsers',
  } as const),
  /** A server stream of every user (without secrets: the request cannot ask for them). */
  getUsers: rpc(AUTH, 'GetUsers'),

  // Upstream serves up to 16,000 roles a page (100 when unasked); 1,000 keeps pages small.
  listRoles: listing<RoleV6>()({
    service: AUTH,
    method: 'ListRoles',
    pageSizeField: 'limit',
    tokenField: 'startKey',
    nextField: 'nextKey',
    itemsField: 'roles',
    maxPageSize: 1000,
    fallback: 'getRoles',
  } as const),
  getRoles: rpc(AUTH, 'GetRoles'),

  listAccessLists: listing<AccessList>()({
    service: ACCESS_LISTS,
    method: 'ListAccessLists',
    ...NEXT_TOKEN,
    itemsField: 'accessLists',
    maxPageSize: 100,
  } as const),
  listAllAccessListMembers: listing<AccessListMember>()({
    service: ACCESS_LISTS,
    method: 'ListAllAccessListMembers',
    ...PAGE_TOKEN,
    itemsField: 'members',
    maxPageSize: 200,
    fallback: 'listAccessListMembers',
  } as const),
  /** One list's members; the request names the list (`accessList`). */
  listAccessListMembers: listing<AccessListMember>()({
    service: ACCESS_LISTS,
    method: 'ListAccessListMembers',
    ...PAGE_TOKEN,
    itemsField: 'members',
    maxPageSize: 200,
  } as const),
  getAccessListOwners: rpc(ACCESS_LISTS, 'GetAccessListOwners'),
  listAllAccessListReviews: listing<AccessListReview>()({
    service: ACCESS_LISTS,
    method: 'ListAllAccessListReviews',
    ...NEXT_TOKEN,
    itemsField: 'reviews',
    maxPageSize: 200,
    fallback: 'listAccessListReviews',
  } as const),
  /** One list's reviews; the request names the list (`accessList`). */
  listAccessListReviews: listing<AccessListReview>()({
    service: ACCESS_LISTS,
    method: 'ListAccessListReviews',
    ...NEXT_TOKEN,
    itemsField: 'reviews',
    maxPageSize: 200,
  } as const),

  // `noFollowUrls` keeps the server from fetching each connector's entity descriptor URL.
  listSamlConnectors: listing<SamlConnectorV2>()({
    service: AUTH,
    method: 'ListSAMLConnectors',
    ...PAGE_TOKEN,
    itemsField: 'connectors',
    maxPageSize: 100,
    fixed: { noFollowUrls: true },
    fallback: 'getSamlConnectors',
  } as const),
  getSamlConnectors: rpc(AUTH, 'GetSAMLConnectors'),
  listOidcConnectors: listing<OidcConnectorV3>()({
    service: AUTH,
    method: 'ListOIDCConnectors',
    ...PAGE_TOKEN,
    itemsField: 'connectors',
    maxPageSize: 100,
    fallback: 'getOidcConnectors',
  } as const),
  getOidcConnectors: rpc(AUTH, 'GetOIDCConnectors'),
  listGithubConnectors: listing<GithubConnectorV3>()({
    service: AUTH,
    method: 'ListGithubConnectors',
    ...PAGE_TOKEN,
    itemsField: 'connectors',
    maxPageSize: 100,
    fallback: 'getGithubConnectors',
  } as const),
  getGithubConnectors: rpc(AUTH, 'GetGithubConnectors'),

  listBots: listing<Bot>()({
    service: 'teleport.machineid.v1.BotService',
    method: 'ListBots',
    ...PAGE_TOKEN,
    itemsField: 'bots',
    maxPageSize: 200,
  } as const),

  listLocks: listing<LockV2>()({
    service: AUTH,
    method: 'ListLocks',
    ...PAGE_TOKEN,
    itemsField: 'locks',
    maxPageSize: 200,
    fallback: 'getLocks',
  } as const),
  getLocks: rpc(AUTH, 'GetLocks'),

  // lib/services/access_request_cache.go `ListMatchingAccessRequests`: 1,000 a page unasked, at
  // most 16,000 (larger is refused); 1,000 keeps pages small. Sorted by ID, as no sort is asked.
  listAccessRequests: listing<AccessRequestV3>()({
    service: AUTH,
    method: 'ListAccessRequests',
    pageSizeField: 'limit',
    tokenField: 'startKey',
    nextField: 'nextKey',
    itemsField: 'accessRequests',
    maxPageSize: 1000,
    fallback: 'getAccessRequestsV2',
  } as const),
  /** A server stream of every request the caller may see (the empty filter). */
  getAccessRequestsV2: rpc(AUTH, 'GetAccessRequestsV2'),

  getAuthPreference: rpc('teleport.clusterconfig.v1.ClusterConfigService', 'GetAuthPreference'),
  getLegacyAuthPreference: rpc(AUTH, 'GetAuthPreference'),

  // The full (resource) view: identifiers, enrollment, profile and collected data.
  listDevices: listing<Device>()({
    service: 'teleport.devicetrust.v1.DeviceTrustService',
    method: 'ListDevices',
    ...PAGE_TOKEN,
    itemsField: 'devices',
    maxPageSize: 100,
    fixed: { view: 'DEVICE_VIEW_RESOURCE' },
  } as const),

  // lib/auth/auth_with_roles.go `ListResources`, one kind a call: `list` on node, `list` and `read`
  // on the others; the server returns only what the caller's own label selectors reach.
  listNodes: listResources('node'),
  // One record per agent serving a cluster or a database.
  listKubeServers: listResources('kube_server'),
  listDatabaseServers: listResources('db_server'),
  listWindowsDesktops: listResources('windows_desktop'),
  listAppServers: listResources('app_server'),

  /** Every stored login state at once: upstream has no paging RPC for them. */
  getUserLoginStates: rpc('teleport.userloginstate.v1.UserLoginStateService', 'GetUserLoginStates'),
} as const;

export type RpcName = keyof typeof RPCS;

/** `proto.AuthService` → `AuthService`: how tests and logs name a service. */
type ShortService<Service extends string> = Service extends `${string}.${infer Rest}`
  ? ShortService<Rest>
  : Service;

/** `AuthService/Ping`, `UsersService/ListUsers`, …: every method as tests and the stand-in name it. */
export type MethodName = {
  [Name in RpcName]: `${ShortService<(typeof RPCS)[Name]['service']>}/${(typeof RPCS)[Name]['method']}`;
}[RpcName];

export function methodNameOf(spec: RpcSpec): MethodName {
  return `${spec.service.split('.').pop()}/${spec.method}` as MethodName;
}

/** A page request for a listing: its fixed fields, page size and token, plus `extra`. */
export function pageRequest(
  spec: ListingSpec,
  pageSize: number,
  token: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...spec.fixed, ...extra, [spec.pageSizeField]: pageSize, [spec.tokenField]: token };
}
