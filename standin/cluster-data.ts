/** What a stand-in cluster holds: the objects its Auth Service serves. */
import type { ItemOf, RPCS, RpcName } from '../src/teleport/rpcs';
import type { AuthPreferenceV2, PingResponse, UserLoginState } from '../src/teleport/types';

/** The items a listing of the RPC table hands over. */
type Items<Name extends RpcName> = ItemOf<(typeof RPCS)[Name]>[];

export interface ClusterData {
  ping: Omit<PingResponse, 'clusterName'>;
  users: Items<'listUsers'>;
  roles: Items<'listRoles'>;
  accessLists: Items<'listAccessLists'>;
  members: Items<'listAllAccessListMembers'>;
  reviews: Items<'listAllAccessListReviews'>;
  // Optional, so callers that predate them need not set them.
  samlConnectors?: Items<'listSamlConnectors'>;
  oidcConnectors?: Items<'listOidcConnectors'>;
  githubConnectors?: Items<'listGithubConnectors'>;
  bots?: Items<'listBots'>;
  locks?: Items<'listLocks'>;
  /**
   * The cluster's auth preference; Teleport always has one, so a default is served without it. As
   * bytes (`goMarshal` in ./protobuf-wire.ts), it is sent exactly as given, the way Teleport's Go
   * code marshals it.
   */
  authPreference?: AuthPreferenceV2 | Buffer;
  devices?: Items<'listDevices'>;
  /** The login states Teleport stored at each user's last login (Enterprise). */
  userLoginStates?: UserLoginState[];
  /** SSH nodes (ListResources `node`). */
  nodes?: Items<'listNodes'>;
  /** One record per kube agent and cluster it serves (ListResources `kube_server`). */
  kubeServers?: Items<'listKubeServers'>;
  /** One record per database agent and database it serves (ListResources `db_server`). */
  databaseServers?: Items<'listDatabaseServers'>;
  /** One record per Windows Desktop Service and desktop it reports (ListResources `windows_desktop`). */
  windowsDesktops?: Items<'listWindowsDesktops'>;
  /** Application agents' records (ListResources `app_server`), one per agent serving an app. */
  appServers?: Items<'listAppServers'>;
  /** Access requests in every state, in any order (served sorted by ID, as Teleport does). */
  accessRequests?: Items<'listAccessRequests'>;
}

/** The fields of the data that hold a listing's items. */
type FieldsHolding<Name extends RpcName> = {
  [Field in keyof ClusterData]-?: NonNullable<ClusterData[Field]> extends Items<Name>
    ? Field
    : never;
}[keyof ClusterData];

/**
 * The listings the stand-in serves as upstream's servers page a collection they store: every item
 * of one field of the data, in order, with the listing's page fields and cap (./services/stored.ts).
 * A listing here needs no handler of its own; its service is registered from the RPC table.
 */
export const STORED_LISTINGS = {
  listUsers: 'users',
  listAccessLists: 'accessLists',
  listAllAccessListMembers: 'members',
  listAllAccessListReviews: 'reviews',
  listSamlConnectors: 'samlConnectors',
  listOidcConnectors: 'oidcConnectors',
  listGithubConnectors: 'githubConnectors',
  listBots: 'bots',
  listLocks: 'locks',
  listNodes: 'nodes',
  listKubeServers: 'kubeServers',
  listDatabaseServers: 'databaseServers',
  listWindowsDesktops: 'windowsDesktops',
  listAppServers: 'appServers',
} as const satisfies { [Name in RpcName]?: FieldsHolding<Name> };
