/** What a stand-in cluster holds: the objects its Auth Service serves. */
import type {
  AccessRequestV3,
  AppServerV3,
  AccessList,
  AccessListMember,
  AccessListReview,
  AuthPreferenceV2,
  Bot,
  DatabaseServerV3,
  Device,
  GithubConnectorV3,
  KubernetesServerV3,
  LockV2,
  OidcConnectorV3,
  PingResponse,
  RoleV6,
  SamlConnectorV2,
  ServerV2,
  UserLoginState,
  UserV2,
  WindowsDesktopV3,
} from '../src/teleport/types';

export interface ClusterData {
  ping: Omit<PingResponse, 'clusterName'>;
  users: UserV2[];
  roles: RoleV6[];
  accessLists: AccessList[];
  members: AccessListMember[];
  reviews: AccessListReview[];
  // Optional, so callers that predate them need not set them.
  samlConnectors?: SamlConnectorV2[];
  oidcConnectors?: OidcConnectorV3[];
  githubConnectors?: GithubConnectorV3[];
  bots?: Bot[];
  locks?: LockV2[];
  /**
   * The cluster's auth preference; Teleport always has one, so a default is served without it. As
   * bytes (`goMarshal` in ./protobuf-wire.ts), it is sent exactly as given, the way Teleport's Go
   * code marshals it.
   */
  authPreference?: AuthPreferenceV2 | Buffer;
  devices?: Device[];
  /** The login states Teleport stored at each user's last login (Enterprise). */
  userLoginStates?: UserLoginState[];
  /** SSH nodes (ListResources `node`). */
  nodes?: ServerV2[];
  /** One record per kube agent and cluster it serves (ListResources `kube_server`). */
  kubeServers?: KubernetesServerV3[];
  /** One record per database agent and database it serves (ListResources `db_server`). */
  databaseServers?: DatabaseServerV3[];
  /** One record per Windows Desktop Service and desktop it reports (ListResources `windows_desktop`). */
  windowsDesktops?: WindowsDesktopV3[];
  /** Application agents' records (ListResources `app_server`), one per agent serving an app. */
  appServers?: AppServerV3[];
  /** Access requests in every state, in any order (served sorted by ID, as Teleport does). */
  accessRequests?: AccessRequestV3[];
}
