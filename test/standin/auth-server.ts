/**
 * A stand-in for a Teleport Auth Service: a grpc-js server over mutual TLS that implements the RPCs
 * in the project's protos, serves a cluster's data with upstream's paging limits, and can be told to
 * misbehave (fault rules) so tests can see how the integration copes.
 */
import * as grpc from '@grpc/grpc-js';
import { teleportPackageDefinition } from '../../src/teleport/protos';
import type { MethodName } from '../../src/teleport/rpcs';
import type {
  AccessList,
  AccessListMember,
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
  UserLoginState,
} from '../../src/teleport/types';
import type { ClusterPki } from './pki';

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
   * bytes (`goMarshal` in test/helpers/protobuf-wire.ts), it is sent exactly as given, the way
   * Teleport's Go code marshals it.
   */
  authPreference?: AuthPreferenceV2 | Buffer;
  devices?: Device[];
  /** The login states Teleport stored at each user's last login (Enterprise). */
  userLoginStates?: UserLoginState[];
}

/** Method names as `Service/Method`, e.g. `UsersService/ListUsers`: those of the client's RPC table. */
export type StandInMethod = MethodName;

export interface FaultRule {
  method: StandInMethod;
  /** Answer this status instead of the data. */
  code?: grpc.status;
  message?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Apply to this many calls, then stop (default: every call). */
  times?: number;
  /** Apply only to calls whose page token is this (to fail mid-listing). */
  onPageToken?: string;
  /** Hand back this token as the next one: a fixed one repeats itself, a function may never end. */
  nextTokenOverride?: string | (() => string);
  /** Cut the connection mid-call without a status, as a restarting proxy does (needs a proxy in front). */
  dropStream?: boolean;
}

export interface AuthServerOptions {
  pki: ClusterPki;
  data: ClusterData;
  /** Services the server does not register at all (answer UNIMPLEMENTED), e.g. 'AccessListService'. */
  unregistered?: (
    | 'UsersService'
    | 'AccessListService'
    | 'BotService'
    | 'ClusterConfigService'
    | 'DeviceTrustService'
    | 'UserLoginStateService'
  )[];
  /** Methods the server lacks (UNIMPLEMENTED), e.g. an older server without ListAllAccessListMembers. */
  unimplemented?: StandInMethod[];
  host?: string;
  /** Cuts every client connection; the stand-in's proxy supplies it. */
  dropConnections?: () => void;
}

export interface RunningAuthServer {
  host: string;
  port: number;
  faults: FaultRule[];
  /** Calls received, per method, in order, with the request. */
  calls: { method: StandInMethod; request: unknown }[];
  close(): Promise<void>;
}

const LIMITS = {
  users: 1000,
  rolesDefault: 100,
  rolesMax: 16000,
  accessLists: 100,
  members: 200,
  reviews: 200,
  connectors: 100,
  bots: 200,
  locks: 200,
  devices: 100,
};

/** Page tokens are opaque to clients; a nonce lets a test make a server that never repeats one. */
export function encodeToken(offset: number, nonce?: string): string {
  return Buffer.from(`offset:${offset}${nonce === undefined ? '' : `:${nonce}`}`).toString(
    'base64url',
  );
}

function decodeToken(token: string | undefined): number {
  if (!token) {
    return 0;
  }
  const match = /^offset:(\d+)(:.*)?$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) {
    throw Object.assign(new Error(`invalid page token "${token}"`), {
      code: grpc.status.INVALID_ARGUMENT,
    });
  }
  return Number(match[1]);
}

function page<T>(
  items: T[],
  token: string | undefined,
  size: number,
): { items: T[]; next: string } {
  const offset = decodeToken(token);
  const slice = items.slice(offset, offset + size);
  const nextOffset = offset + slice.length;
  return { items: slice, next: nextOffset < items.length ? encodeToken(nextOffset) : '' };
}

function clampPageSize(requested: number | undefined, max: number, fallback = max): number {
  if (!requested || requested <= 0) {
    return fallback;
  }
  return Math.min(requested, max);
}

function statusError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

function accessListName(list: AccessList): string {
  return list.header?.metadata?.name ?? '';
}

export async function startAuthServer(options: AuthServerOptions): Promise<RunningAuthServer> {
  const { pki, data } = options;
  const host = options.host ?? '127.0.0.1';
  const faults: FaultRule[] = [];
  const calls: RunningAuthServer['calls'] = [];
  const unimplemented = new Set(options.unimplemented ?? []);
  const definition = teleportPackageDefinition();
  const dropConnections = (): void => options.dropConnections?.();

  /** Applies the first matching fault rule; resolves to an error to answer, or undefined. */
  async function applyFaults(
    method: StandInMethod,
    token: string | undefined,
  ): Promise<{ error?: grpc.ServiceError; nextTokenOverride?: string; drop?: boolean }> {
    const rule = faults.find(
      (candidate) =>
        candidate.method === method &&
        (candidate.times === undefined || candidate.times > 0) &&
        (candidate.onPageToken === undefined || candidate.onPageToken === (token ?? '')),
    );
    if (!rule) {
      return {};
    }
    if (rule.times !== undefined) {
      rule.times -= 1;
    }
    if (rule.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    }
    return {
      error:
        rule.code !== undefined
          ? statusError(rule.code, rule.message ?? `injected ${grpc.status[rule.code]}`)
          : undefined,
      nextTokenOverride:
        typeof rule.nextTokenOverride === 'function'
          ? rule.nextTokenOverride()
          : rule.nextTokenOverride,
      drop: rule.dropStream,
    };
  }

  function unary(
    method: StandInMethod,
    tokenField: string | undefined,
    answer: (request: Record<string, unknown>, nextOverride?: string) => unknown,
  ): grpc.handleUnaryCall<Record<string, unknown>, unknown> {
    return (call, callback) => {
      calls.push({ method, request: call.request });
      if (unimplemented.has(method)) {
        callback(statusError(grpc.status.UNIMPLEMENTED, `unknown method ${method.split('/')[1]}`));
        return;
      }
      const token = tokenField ? (call.request[tokenField] as string | undefined) : undefined;
      void applyFaults(method, token).then(
        ({ error, nextTokenOverride, drop }) => {
          if (drop) {
            // The connection dies mid-call (a proxy restart, a load balancer's idle cut): no status.
            dropConnections();
            return;
          }
          if (error) {
            callback(error);
            return;
          }
          try {
            callback(null, answer(call.request, nextTokenOverride));
          } catch (failure) {
            const code = (failure as { code?: grpc.status }).code ?? grpc.status.INTERNAL;
            callback(statusError(code, (failure as Error).message));
          }
        },
        (failure: unknown) => callback(statusError(grpc.status.INTERNAL, String(failure))),
      );
    };
  }

  const withOverride = (next: string, override: string | undefined): string => override ?? next;

  /** The page fields of a list RPC, as its request and response messages name them. */
  interface PageFields {
    token: 'pageToken' | 'nextToken';
    items: string;
    next: 'nextPageToken' | 'nextToken';
  }
  const PAGE_TOKEN = { token: 'pageToken', next: 'nextPageToken' } as const;
  const NEXT_TOKEN = { token: 'nextToken', next: 'nextToken' } as const;

  /** A list RPC serving one page of `itemsOf(request)`, capped at `limit` per page. */
  function paged<T>(
    method: StandInMethod,
    fields: PageFields,
    limit: number,
    itemsOf: (request: Record<string, unknown>) => T[],
    present: (items: T[], request: Record<string, unknown>) => unknown[] = (items) => items,
  ): grpc.handleUnaryCall<Record<string, unknown>, unknown> {
    return unary(method, fields.token, (request, override) => {
      const result = page(
        itemsOf(request),
        request[fields.token] as string,
        clampPageSize(request.pageSize as number, limit),
      );
      return {
        [fields.items]: present(result.items, request),
        [fields.next]: withOverride(result.next, override),
      };
    });
  }

  const server = new grpc.Server({ 'grpc.max_send_message_length': 512 * 1024 * 1024 });

  /**
   * A service whose handlers may answer with bytes already encoded (as Go marshals them): those
   * go out unchanged; anything else is encoded from the object as usual.
   */
  const sendingBytesAsGiven = (service: string): grpc.ServiceDefinition => {
    const methods = definition[service] as grpc.ServiceDefinition;
    return Object.fromEntries(
      Object.entries(methods).map(([name, method]) => [
        name,
        {
          ...method,
          responseSerialize: (value: unknown) =>
            Buffer.isBuffer(value) ? value : method.responseSerialize(value),
        },
      ]),
    );
  };

  server.addService(sendingBytesAsGiven('proto.AuthService'), {
    Ping: unary('AuthService/Ping', undefined, () => ({
      ...data.ping,
      clusterName: pki.clusterName,
    })),
    GetUsers: ((call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) => {
      calls.push({ method: 'AuthService/GetUsers', request: call.request });
      if (unimplemented.has('AuthService/GetUsers')) {
        call.emit('error', statusError(grpc.status.UNIMPLEMENTED, 'unknown method GetUsers'));
        return;
      }
      void applyFaults('AuthService/GetUsers', undefined).then(({ error }) => {
        if (error) {
          call.emit('error', error);
          return;
        }
        for (const user of data.users) {
          call.write(user);
        }
        call.end();
      });
    }) as grpc.handleServerStreamingCall<Record<string, unknown>, unknown>,
    ListRoles: unary('AuthService/ListRoles', 'startKey', (request, override) => {
      const limit = (request.limit as number | undefined) ?? 0;
      if (limit > LIMITS.rolesMax) {
        throw Object.assign(new Error(`limit ${limit} exceeds the maximum of ${LIMITS.rolesMax}`), {
          code: grpc.status.INVALID_ARGUMENT,
        });
      }
      const result = page(
        data.roles,
        request.startKey as string,
        clampPageSize(limit, LIMITS.rolesMax, LIMITS.rolesDefault),
      );
      return { roles: result.items, nextKey: withOverride(result.next, override) };
    }),
    GetRoles: unary('AuthService/GetRoles', undefined, () => ({ roles: data.roles })),
    ListSAMLConnectors: paged(
      'AuthService/ListSAMLConnectors',
      { ...PAGE_TOKEN, items: 'connectors' },
      LIMITS.connectors,
      () => data.samlConnectors ?? [],
    ),
    GetSAMLConnectors: unary('AuthService/GetSAMLConnectors', undefined, () => ({
      samlConnectors: data.samlConnectors ?? [],
    })),
    ListOIDCConnectors: paged(
      'AuthService/ListOIDCConnectors',
      { ...PAGE_TOKEN, items: 'connectors' },
      LIMITS.connectors,
      () => data.oidcConnectors ?? [],
    ),
    GetOIDCConnectors: unary('AuthService/GetOIDCConnectors', undefined, () => ({
      oidcConnectors: data.oidcConnectors ?? [],
    })),
    ListGithubConnectors: paged(
      'AuthService/ListGithubConnectors',
      { ...PAGE_TOKEN, items: 'connectors' },
      LIMITS.connectors,
      () => data.githubConnectors ?? [],
    ),
    GetGithubConnectors: unary('AuthService/GetGithubConnectors', undefined, () => ({
      githubConnectors: data.githubConnectors ?? [],
    })),
    GetAuthPreference: unary('AuthService/GetAuthPreference', undefined, () =>
      authPreferenceOf(data),
    ),
    ListLocks: paged(
      'AuthService/ListLocks',
      { ...PAGE_TOKEN, items: 'locks' },
      LIMITS.locks,
      () => data.locks ?? [],
    ),
    // lib/services/local/access.go `GetLocks`: with in_force_only, locks past their expiry are left out.
    GetLocks: unary('AuthService/GetLocks', undefined, (request) => ({
      locks: (data.locks ?? []).filter(
        (lock) => request.inForceOnly !== true || lockInForce(lock, Date.now()),
      ),
    })),
  });

  if (!options.unregistered?.includes('ClusterConfigService')) {
    server.addService(sendingBytesAsGiven('teleport.clusterconfig.v1.ClusterConfigService'), {
      GetAuthPreference: unary('ClusterConfigService/GetAuthPreference', undefined, () =>
        authPreferenceOf(data),
      ),
    });
  }

  if (!options.unregistered?.includes('BotService')) {
    server.addService(definition['teleport.machineid.v1.BotService'] as grpc.ServiceDefinition, {
      ListBots: paged(
        'BotService/ListBots',
        { ...PAGE_TOKEN, items: 'bots' },
        LIMITS.bots,
        () => data.bots ?? [],
      ),
    });
  }

  if (!options.unregistered?.includes('DeviceTrustService')) {
    server.addService(
      definition['teleport.devicetrust.v1.DeviceTrustService'] as grpc.ServiceDefinition,
      {
        ListDevices: paged(
          'DeviceTrustService/ListDevices',
          { ...PAGE_TOKEN, items: 'devices' },
          LIMITS.devices,
          () => data.devices ?? [],
          // As upstream: the default (list) view carries identifiers and enrollment status only.
          (devices, request) =>
            request.view === 'DEVICE_VIEW_RESOURCE' ? devices : devices.map(listViewOf),
        ),
      },
    );
  }

  if (!options.unregistered?.includes('UserLoginStateService')) {
    // lib/auth/userloginstate/userloginstatev1/service.go `GetUserLoginStates`: every state at once.
    server.addService(
      definition['teleport.userloginstate.v1.UserLoginStateService'] as grpc.ServiceDefinition,
      {
        GetUserLoginStates: unary('UserLoginStateService/GetUserLoginStates', undefined, () => ({
          userLoginStates: data.userLoginStates ?? [],
        })),
      },
    );
  }

  if (!options.unregistered?.includes('UsersService')) {
    server.addService(definition['teleport.users.v1.UsersService'] as grpc.ServiceDefinition, {
      ListUsers: paged(
        'UsersService/ListUsers',
        { ...PAGE_TOKEN, items: 'users' },
        LIMITS.users,
        () => data.users,
      ),
    });
  }

  if (!options.unregistered?.includes('AccessListService')) {
    server.addService(
      definition['teleport.accesslist.v1.AccessListService'] as grpc.ServiceDefinition,
      {
        ListAccessLists: paged(
          'AccessListService/ListAccessLists',
          { ...NEXT_TOKEN, items: 'accessLists' },
          LIMITS.accessLists,
          () => data.accessLists,
        ),
        // lib/services/local/access_list.go `ListAccessListMembers`: the stored records of one list,
        // statuses as last stored (which lag), NotFound for a list that does not exist.
        ListAccessListMembers: paged(
          'AccessListService/ListAccessListMembers',
          { ...PAGE_TOKEN, items: 'members' },
          LIMITS.members,
          (request) => {
            const listName = request.accessList as string;
            if (!groupedBy(data.accessLists, accessListName).has(listName)) {
              throw Object.assign(new Error(`access_list "${listName}" not found`), {
                code: grpc.status.NOT_FOUND,
              });
            }
            return groupedBy(data.members, listOfEntry).get(listName) ?? [];
          },
        ),
        // `ListAllAccessListMembers`: every stored record of every list, unfiltered.
        ListAllAccessListMembers: paged(
          'AccessListService/ListAllAccessListMembers',
          { ...PAGE_TOKEN, items: 'members' },
          LIMITS.members,
          () => data.members,
        ),
        GetAccessListOwners: unary(
          'AccessListService/GetAccessListOwners',
          undefined,
          (request) => {
            const list = groupedBy(data.accessLists, accessListName).get(
              request.accessList as string,
            )?.[0];
            if (!list) {
              throw Object.assign(
                new Error(`access_list "${String(request.accessList)}" not found`),
                {
                  code: grpc.status.NOT_FOUND,
                },
              );
            }
            return { owners: flattenedOwners(data, list) };
          },
        ),
        ListAccessListReviews: paged(
          'AccessListService/ListAccessListReviews',
          { ...NEXT_TOKEN, items: 'reviews' },
          LIMITS.reviews,
          (request) => groupedBy(data.reviews, listOfEntry).get(request.accessList as string) ?? [],
        ),
        ListAllAccessListReviews: paged(
          'AccessListService/ListAllAccessListReviews',
          { ...NEXT_TOKEN, items: 'reviews' },
          LIMITS.reviews,
          () => data.reviews,
        ),
      },
    );
  }

  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(pki.userCa.pem),
    [
      {
        private_key: Buffer.from(pki.authServer.keyPem),
        cert_chain: Buffer.from(pki.authServer.certificatePem),
      },
    ],
    true,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:0`, credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );
  return {
    host,
    port,
    faults,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

/**
 * Owners as GetAccessListOwners reports them: the list's own owners, with owners that are lists
 * expanded into their (eligible) members, as upstream does for inherited ownership.
 */
const groupings = new WeakMap<
  object,
  { length: number; keyOf: unknown; groups: Map<string, unknown[]> }
>();

function listOfEntry(entry: AccessListMember | AccessListReview): string {
  return entry.spec?.accessList ?? '';
}

/**
 * Items grouped by a key, kept until the array changes length: per-list calls on a cluster of
 * thousands of lists must not scan every membership each time.
 */
function groupedBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const cached = groupings.get(items);
  if (cached && cached.length === items.length && cached.keyOf === keyOf) {
    return cached.groups as Map<string, T[]>;
  }
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  groupings.set(items, { length: items.length, keyOf, groups: groups as Map<string, unknown[]> });
  return groups;
}

/** The cluster's auth preference, or Teleport's defaults when the data sets none. */
function authPreferenceOf(data: ClusterData): AuthPreferenceV2 | Buffer {
  return (
    data.authPreference ?? {
      kind: 'cluster_auth_preference',
      version: 'v2',
      metadata: { name: 'cluster-auth-preference', labels: { 'teleport.dev/origin': 'defaults' } },
      spec: {
        type: 'local',
        secondFactors: ['SECOND_FACTOR_TYPE_OTP'],
        allowLocalAuth: { value: true },
        disconnectExpiredCert: { value: false },
        lockingMode: 'best_effort',
      },
    }
  );
}

function listViewOf(device: Device): Device {
  const { collectedData: _collected, profile: _profile, source: _source, ...basic } = device;
  return basic;
}

/**
 * Owners as upstream's GetAccessListOwners answers (lib/accesslists/hierarchy.go `GetOwnersFor`):
 * the list's own user owners, and for each owner list its nested user members flattened
 * (`GetMembersFor`, nested lists followed, each list once), as user owners with an empty status.
 * Owner lists themselves are not returned, nor the owners of owner lists; nothing is validated.
 * One entry per name, the later winning, as upstream's map does.
 */
export function flattenedOwners(
  data: ClusterData,
  list: AccessList,
): NonNullable<NonNullable<AccessList['spec']>['owners']> {
  const byName = new Map<string, NonNullable<NonNullable<AccessList['spec']>['owners']>[number]>();
  const visited = new Set<string>([list.header?.metadata?.name ?? '']);
  const membersOf = (name: string, seen: Set<string>): AccessListMember[] => {
    if (seen.has(name)) {
      return [];
    }
    seen.add(name);
    return (groupedBy(data.members, listOfEntry).get(name) ?? []).flatMap((member) =>
      member.spec?.membershipKind === 'MEMBERSHIP_KIND_LIST'
        ? membersOf(member.header?.metadata?.name ?? member.spec?.name ?? '', seen)
        : [member],
    );
  };
  for (const owner of list.spec?.owners ?? []) {
    if (owner.membershipKind !== 'MEMBERSHIP_KIND_LIST') {
      byName.set(owner.name ?? '', owner);
      continue;
    }
    if (visited.has(owner.name ?? '')) {
      continue;
    }
    visited.add(owner.name ?? '');
    for (const member of membersOf(owner.name ?? '', new Set())) {
      const name = member.spec?.name ?? member.header?.metadata?.name ?? '';
      byName.set(name, {
        name,
        description: member.header?.metadata?.description ?? '',
        membershipKind: 'MEMBERSHIP_KIND_USER',
      });
    }
  }
  return [...byName.values()];
}

/** `types.LockV2.IsInForce`: until its expiry, if it has one. */
function lockInForce(lock: LockV2, now: number): boolean {
  const seconds = lock.spec?.expires?.seconds;
  return seconds === undefined || seconds === 0 || now < seconds * 1000;
}
