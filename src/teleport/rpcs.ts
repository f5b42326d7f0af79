/**
 * Every RPC the integration makes, listed once. The client, the stand-in and the benchmark all
 * read this table, so a method, its page fields or its page cap is never written twice. Service
 * and method names are upstream's; field names are the protos' (camelCase, as decoded).
 */
import type { MethodDefinition } from '@grpc/proto-loader';
import type { TeleportProtos } from './generated';
import type { Decoded } from './types';

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
  /**
   * Where a listed record wraps its item (ListResources wraps each resource in a field named after
   * its kind): the client hands over that field, the stand-in wraps its data in it.
   */
  itemField?: string;
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

/** The item a listing hands over: `ItemOf<typeof RPCS.listBots>` is a decoded `Bot`. */
export type ItemOf<Spec> = Spec extends ListingSpec<infer Item> ? Item : never;

/** `TeleportProtos['teleport']['machineid']['v1']['BotService']` from its dotted name. */
type At<Tree, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof Tree
    ? At<Tree[Head], Rest>
    : never
  : Path extends keyof Tree
    ? Tree[Path]
    : never;

/** The decoded response of `service/method`, as the generated types declare it. */
export type ResponseOf<Service extends string, Method extends string> =
  At<TeleportProtos, Service> extends { service: infer Methods }
    ? Method extends keyof Methods
      ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request types vary
        Methods[Method] extends MethodDefinition<any, any, any, infer Output>
        ? Decoded<Output>
        : never
      : never
    : never;

/** The element type of a response's repeated field. */
type ElementOf<Response, Field> = Field extends keyof Response
  ? NonNullable<Response[Field]> extends readonly (infer Element)[]
    ? Element
    : never
  : never;

function rpc<const Service extends string, const Method extends string>(
  service: Service,
  method: Method,
): RpcSpec<Service, Method> {
  return { service, method };
}

/**
 * A listing, its item type read from the generated types (the element of the response's
 * `itemsField`): a field name the response lacks fails the typecheck.
 */
function listing<
  const Service extends string,
  const Method extends string,
  const ItemsField extends string,
>(
  spec: Omit<ListingSpec<never, Service, Method>, 'itemsField' | 'item'> & {
    itemsField: ItemsField & keyof ResponseOf<Service, Method>;
  },
): ListingSpec<ElementOf<ResponseOf<Service, Method>, ItemsField>, Service, Method> {
  return spec;
}

const AUTH = 'proto.AuthService';

/** One record of a ListResources page: a resource wrapped in the field of its kind. */
type PaginatedResource = ElementOf<ResponseOf<typeof AUTH, 'ListResources'>, 'resources'>;

/**
 * `ListResources` for one resource type, handing over the resource in `itemField` (records
 * without it are skipped). Upstream caps no page; 500 keeps them moderate.
 */
function listResources<const ItemField extends Exclude<keyof PaginatedResource, 'resource'>>(
  resourceType: string,
  itemField: ItemField,
): ListingSpec<NonNullable<PaginatedResource[ItemField]>, typeof AUTH, 'ListResources'> {
  return {
    service: AUTH,
    method: 'ListResources',
    pageSizeField: 'limit',
    tokenField: 'startKey',
    nextField: 'nextKey',
    itemsField: 'resources',
    itemField,
    maxPageSize: 500,
    fixed: { resourceType },
  };
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

  listUsers: listing({
    service: 'teleport.users.v1.UsersService',
    method: 'ListUsers',
    ...PAGE_TOKEN,
    itemsField: 'users',
    maxPageSize: 1000,
    fallback: 'getUsers',
  }),
  /** A server stream of every user (without secrets: the request cannot ask for them). */
  getUsers: rpc(AUTH, 'GetUsers'),

  // Upstream serves up to 16,000 roles a page (100 when unasked); 1,000 keeps pages small.
  listRoles: listing({
    service: AUTH,
    method: 'ListRoles',
    pageSizeField: 'limit',
    tokenField: 'startKey',
    nextField: 'nextKey',
    itemsField: 'roles',
    maxPageSize: 1000,
    fallback: 'getRoles',
  }),
  getRoles: rpc(AUTH, 'GetRoles'),

  listAccessLists: listing({
    service: ACCESS_LISTS,
    method: 'ListAccessLists',
    ...NEXT_TOKEN,
    itemsField: 'accessLists',
    maxPageSize: 100,
  }),
  listAllAccessListMembers: listing({
    service: ACCESS_LISTS,
    method: 'ListAllAccessListMembers',
    ...PAGE_TOKEN,
    itemsField: 'members',
    maxPageSize: 200,
    fallback: 'listAccessListMembers',
  }),
  /** One list's members; the request names the list (`accessList`). */
  listAccessListMembers: listing({
    service: ACCESS_LISTS,
    method: 'ListAccessListMembers',
    ...PAGE_TOKEN,
    itemsField: 'members',
    maxPageSize: 200,
  }),
  getAccessListOwners: rpc(ACCESS_LISTS, 'GetAccessListOwners'),
  listAllAccessListReviews: listing({
    service: ACCESS_LISTS,
    method: 'ListAllAccessListReviews',
    ...NEXT_TOKEN,
    itemsField: 'reviews',
    maxPageSize: 200,
    fallback: 'listAccessListReviews',
  }),
  /** One list's reviews; the request names the list (`accessList`). */
  listAccessListReviews: listing({
    service: ACCESS_LISTS,
    method: 'ListAccessListReviews',
    ...NEXT_TOKEN,
    itemsField: 'reviews',
    maxPageSize: 200,
  }),

  // `noFollowUrls` keeps the server from fetching each connector's entity descriptor URL.
  listSamlConnectors: listing({
    service: AUTH,
    method: 'ListSAMLConnectors',
    ...PAGE_TOKEN,
    itemsField: 'connectors',
    maxPageSize: 100,
    fixed: { noFollowUrls: true },
    fallback: 'getSamlConnectors',
  }),
  getSamlConnectors: rpc(AUTH, 'GetSAMLConnectors'),
  listOidcConnectors: listing({
    service: AUTH,
    method: 'ListOIDCConnectors',
    ...PAGE_TOKEN,
    itemsField: 'connectors',
    maxPageSize: 100,
    fallback: 'getOidcConnectors',
  }),
  getOidcConnectors: rpc(AUTH, 'GetOIDCConnectors'),
  listGithubConnectors: listing({
    service: AUTH,
    method: 'ListGithubConnectors',
    ...PAGE_TOKEN,
    itemsField: 'connectors',
    maxPageSize: 100,
    fallback: 'getGithubConnectors',
  }),
  getGithubConnectors: rpc(AUTH, 'GetGithubConnectors'),

  // The server pages over users and keeps the bots, so a page may be short, even empty, while more
  // follow: the pager reads until the token is empty.
  listBots: listing({
    service: 'teleport.machineid.v1.BotService',
    method: 'ListBots',
    ...PAGE_TOKEN,
    itemsField: 'bots',
    maxPageSize: 200,
  }),

  listLocks: listing({
    service: AUTH,
    method: 'ListLocks',
    ...PAGE_TOKEN,
    itemsField: 'locks',
    maxPageSize: 200,
    fallback: 'getLocks',
  }),
  getLocks: rpc(AUTH, 'GetLocks'),

  // lib/services/access_request_cache.go `ListMatchingAccessRequests`: 1,000 a page unasked, at
  // most 16,000 (larger is refused); 1,000 keeps pages small. Sorted by ID, as no sort is asked.
  listAccessRequests: listing({
    service: AUTH,
    method: 'ListAccessRequests',
    pageSizeField: 'limit',
    tokenField: 'startKey',
    nextField: 'nextKey',
    itemsField: 'accessRequests',
    maxPageSize: 1000,
    fallback: 'getAccessRequestsV2',
  }),
  /** A server stream of every request the caller may see (the empty filter). */
  getAccessRequestsV2: rpc(AUTH, 'GetAccessRequestsV2'),

  getAuthPreference: rpc('teleport.clusterconfig.v1.ClusterConfigService', 'GetAuthPreference'),
  getLegacyAuthPreference: rpc(AUTH, 'GetAuthPreference'),

  // The full (resource) view: identifiers, enrollment, profile and collected data.
  listDevices: listing({
    service: 'teleport.devicetrust.v1.DeviceTrustService',
    method: 'ListDevices',
    ...PAGE_TOKEN,
    itemsField: 'devices',
    maxPageSize: 100,
    fixed: { view: 'DEVICE_VIEW_RESOURCE' },
  }),

  // lib/auth/auth_with_roles.go `ListResources`, one kind a call: `list` on node, `list` and `read`
  // on the others; the server returns only what the caller's own label selectors reach.
  listNodes: listResources('node', 'node'),
  // One record per agent serving a cluster or a database.
  listKubeServers: listResources('kube_server', 'kubernetesServer'),
  listDatabaseServers: listResources('db_server', 'databaseServer'),
  listWindowsDesktops: listResources('windows_desktop', 'windowsDesktop'),
  listAppServers: listResources('app_server', 'appServer'),

  /** Every stored login state at once: upstream has no paging RPC for them. */
  getUserLoginStates: rpc('teleport.userloginstate.v1.UserLoginStateService', 'GetUserLoginStates'),
} as const;

export type RpcName = keyof typeof RPCS;

/** `proto.AuthService` → `AuthService`: how tests and logs name a service. */
export type ShortService<Service extends string> = Service extends `${string}.${infer Rest}`
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
