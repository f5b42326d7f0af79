/**
 * How the client copes with a misbehaving cluster: transient faults retried from the same page,
 * oversized pages, servers that never finish, missing RPCs, and unreachable or silent addresses.
 */
import * as net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentityFile, type TeleportIdentity } from '../../src/identity';
import {
  ConnectionError,
  GrpcStatus,
  PagingError,
  TeleportRpcError,
  createTeleportClient,
  parseProxyAddress,
  type TeleportClient,
  type UserV2,
} from '../../src/teleport';
import { emptyClusterData, startTeleportStandIn, type TeleportStandIn } from '../../standin';
import { encodeToken } from '../../standin/auth-server';

let standIn: TeleportStandIn;
let identity: TeleportIdentity;
const clients: TeleportClient[] = [];

function user(index: number, traits = 0): UserV2 {
  const values: Record<string, { values: string[] }> = {};
  for (let trait = 0; trait < traits; trait += 1) {
    values[`trait-${trait}`] = { values: [`value-${trait}-${'x'.repeat(40)}`] };
  }
  return {
    kind: 'user',
    version: 'v2',
    metadata: { name: `user-${String(index).padStart(5, '0')}` },
    spec: { roles: ['access'], traits: { values } },
  };
}

function client(
  options: {
    address?: string;
    connectTimeoutMs?: number;
    callTimeoutMs?: number;
    maxReceiveMessageBytes?: number;
    maxAttempts?: number;
    maxPages?: number;
  } = {},
): TeleportClient {
  const created = createTeleportClient(
    identity,
    parseProxyAddress(options.address ?? standIn.proxyAddress),
    {
      connection: {
        connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
        callTimeoutMs: options.callTimeoutMs ?? 10_000,
        ...(options.maxReceiveMessageBytes
          ? { maxReceiveMessageBytes: options.maxReceiveMessageBytes }
          : {}),
      },
      client: {
        retry: { maxAttempts: options.maxAttempts ?? 4, initialDelayMs: 5, maxDelayMs: 20 },
        maxPages: options.maxPages ?? 100_000,
      },
    },
  );
  clients.push(created);
  return created;
}

async function usernames(teleport: TeleportClient): Promise<string[]> {
  const names: string[] = [];
  await teleport.users.iterate((found) => {
    names.push(found.metadata?.name ?? '');
  });
  return names;
}

const USER_COUNT = 2_500;
const expectedNames = Array.from(
  { length: USER_COUNT },
  (_unused, index) => user(index).metadata!.name!,
);

beforeAll(async () => {
  const data = emptyClusterData();
  data.users = Array.from({ length: USER_COUNT }, (_unused, index) => user(index));
  standIn = await startTeleportStandIn({ clusterName: 'faults.example.com', data });
  identity = parseIdentityFile((await standIn.issueIdentity({ algorithm: 'ecdsa' })).identityFile);
});

afterEach(() => {
  standIn.auth.faults.length = 0;
  standIn.auth.calls.length = 0;
});

afterAll(async () => {
  for (const created of clients) {
    created.close();
  }
  await standIn.close();
});

describe('transient faults are retried from the same page token', () => {
  it.each([
    ['UNAVAILABLE', GrpcStatus.UNAVAILABLE],
    ['RESOURCE_EXHAUSTED', GrpcStatus.RESOURCE_EXHAUSTED],
  ])('%s on the second page: every user once, none missing', async (_name, code) => {
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      code,
      times: 2,
      onPageToken: encodeToken(1000),
    });
    expect(await usernames(client())).toEqual(expectedNames);
    const tokens = standIn.auth.calls.map(
      (call) => (call.request as { pageToken?: string }).pageToken ?? '',
    );
    // Page 1, page 2 failing twice, page 2 again, page 3.
    expect(tokens).toEqual([
      '',
      encodeToken(1000),
      encodeToken(1000),
      encodeToken(1000),
      encodeToken(2000),
    ]);
  });

  it('DEADLINE_EXCEEDED (a slow page) is retried', async () => {
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      delayMs: 1_500,
      times: 1,
      onPageToken: encodeToken(2000),
    });
    expect(await usernames(client({ callTimeoutMs: 500 }))).toEqual(expectedNames);
  });

  it('a connection cut mid-listing is retried on a new connection', async () => {
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      dropStream: true,
      times: 1,
      onPageToken: encodeToken(1000),
    });
    const connectionsBefore = standIn.proxy.connections.length;
    expect(await usernames(client())).toEqual(expectedNames);
    const secondPageCalls = standIn.auth.calls.filter(
      (call) => (call.request as { pageToken?: string }).pageToken === encodeToken(1000),
    );
    expect(secondPageCalls).toHaveLength(2);
    expect(standIn.proxy.connections.length - connectionsBefore).toBe(2);
  });

  it('gives up after a bounded number of attempts with the RPC and status named', async () => {
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      code: GrpcStatus.UNAVAILABLE,
      message: 'auth is restarting',
    });
    const failure = await usernames(client({ maxAttempts: 3 })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TeleportRpcError);
    expect((failure as TeleportRpcError).message).toBe(
      '/teleport.users.v1.UsersService/ListUsers failed with UNAVAILABLE: auth is restarting',
    );
    expect(standIn.auth.calls).toHaveLength(3);
  });

  it('does not retry what another attempt cannot fix (PERMISSION_DENIED)', async () => {
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      code: GrpcStatus.PERMISSION_DENIED,
      message: 'access denied to perform action "list" on "user"',
    });
    const failure = await usernames(client()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    expect(standIn.auth.calls).toHaveLength(1);
  });
});

describe('cluster-wide access list listings that are refused', () => {
  function refusingClient(refused: string[]): TeleportClient {
    const created = createTeleportClient(identity, parseProxyAddress(standIn.proxyAddress), {
      connection: { connectTimeoutMs: 5_000, callTimeoutMs: 10_000 },
      client: {
        retry: { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20 },
        onRefusedClusterWide: (what) => void refused.push(what),
      },
    });
    clients.push(created);
    return created;
  }

  it('falls back to the per-list calls on PERMISSION_DENIED, and says so', async () => {
    for (const method of [
      'AccessListService/ListAllAccessListReviews',
      'AccessListService/ListAllAccessListMembers',
    ] as const) {
      standIn.auth.faults.push({
        method,
        code: GrpcStatus.PERMISSION_DENIED,
        message: 'access denied to perform action "list" on "access_list_review"',
      });
    }
    const refused: string[] = [];
    const teleport = refusingClient(refused);
    expect(
      await teleport.accessLists.iterateReviews(
        async () => ['list-1'],
        () => undefined,
      ),
    ).toBe('per-list');
    expect(
      await teleport.accessLists.iterateMembers(
        async () => [],
        () => undefined,
      ),
    ).toBe('per-list');
    expect(refused).toEqual(['access list reviews', 'access list members']);
    expect(standIn.auth.calls.map((call) => call.method)).toEqual([
      'AccessListService/ListAllAccessListReviews',
      'AccessListService/ListAccessListReviews',
      'AccessListService/ListAllAccessListMembers',
    ]);
  });

  it('still fails when the per-list calls are refused too', async () => {
    for (const method of [
      'AccessListService/ListAllAccessListReviews',
      'AccessListService/ListAccessListReviews',
    ] as const) {
      standIn.auth.faults.push({ method, code: GrpcStatus.PERMISSION_DENIED });
    }
    const failure = await refusingClient([])
      .accessLists.iterateReviews(
        async () => ['list-1'],
        () => undefined,
      )
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
  });
});

describe('pages that do not end well', () => {
  it('stops on a page token that repeats', async () => {
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      nextTokenOverride: encodeToken(1000),
      onPageToken: encodeToken(1000),
    });
    const failure = await usernames(client()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PagingError);
    expect((failure as Error).message).toMatch(
      /Listing users returned a page token it had returned before/,
    );
  });

  it('stops a list that never ends', async () => {
    let nonce = 0;
    standIn.auth.faults.push({
      method: 'UsersService/ListUsers',
      nextTokenOverride: () => encodeToken(0, String((nonce += 1))),
    });
    const failure = await usernames(client({ maxPages: 50 })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PagingError);
    expect((failure as Error).message).toMatch(/did not end after 50 pages/);
    expect(standIn.auth.calls).toHaveLength(50);
  });
});

describe('pages larger than gRPC’s 4 MiB default', () => {
  let big: TeleportStandIn;
  let bigIdentity: TeleportIdentity;
  const bigUsers = Array.from({ length: 300 }, (_unused, index) => user(index, 200));

  beforeAll(async () => {
    const data = emptyClusterData();
    data.users = bigUsers;
    big = await startTeleportStandIn({ clusterName: 'traits.example.com', data });
    bigIdentity = parseIdentityFile((await big.issueIdentity({ algorithm: 'ecdsa' })).identityFile);
    // 300 users × 200 traits ≈ 5.5 MiB in one page.
    expect(Buffer.byteLength(JSON.stringify(bigUsers))).toBeGreaterThan(4 * 1024 * 1024);
  });

  afterAll(async () => big.close());

  it('are received whole thanks to the raised receive limit', async () => {
    big.auth.calls.length = 0;
    const teleport = createTeleportClient(bigIdentity, parseProxyAddress(big.proxyAddress));
    clients.push(teleport);
    expect(await usernames(teleport)).toHaveLength(300);
    expect(big.auth.calls).toHaveLength(1);
  });

  it('are asked for again in smaller pages when they still exceed the limit', async () => {
    big.auth.calls.length = 0;
    const teleport = createTeleportClient(bigIdentity, parseProxyAddress(big.proxyAddress), {
      connection: { maxReceiveMessageBytes: 1024 * 1024 },
    });
    clients.push(teleport);
    const names = await usernames(teleport);
    expect(names).toEqual(bigUsers.map((entry) => entry.metadata!.name!));
    const sizes = big.auth.calls.map((call) => (call.request as { pageSize?: number }).pageSize);
    expect(sizes.slice(0, 3)).toEqual([1000, 500, 250]);
  });
});

describe('older servers and missing features', () => {
  let legacy: TeleportStandIn;
  let legacyIdentity: TeleportIdentity;

  beforeAll(async () => {
    const data = emptyClusterData();
    data.users = [user(1), user(2)];
    data.roles = [{ kind: 'role', version: 'v7', metadata: { name: 'access' } }];
    data.accessLists = [
      { header: { metadata: { name: 'list-1' } } },
      { header: { metadata: { name: 'list-2' } } },
    ];
    data.members = [
      {
        header: { metadata: { name: 'user-00001' } },
        spec: { accessList: 'list-1', name: 'user-00001' },
      },
      {
        header: { metadata: { name: 'user-00002' } },
        spec: { accessList: 'list-2', name: 'user-00002' },
      },
    ];
    data.accessRequests = ['req-2', 'req-1'].map((name) => ({
      kind: 'access_request',
      metadata: { name },
      spec: { user: 'user-00001', roles: ['access'], state: 'PENDING' as const },
    }));
    legacy = await startTeleportStandIn({
      clusterName: 'legacy.example.com',
      data,
      unregistered: ['UsersService'],
      unimplemented: [
        'AuthService/ListAccessRequests',
        'AuthService/ListRoles',
        'AccessListService/ListAllAccessListMembers',
        'AccessListService/ListAllAccessListReviews',
      ],
    });
    legacyIdentity = parseIdentityFile(
      (await legacy.issueIdentity({ algorithm: 'rsa' })).identityFile,
    );
  });

  afterAll(async () => legacy.close());

  it('falls back to GetUsers, GetRoles, per-list calls and GetAccessRequestsV2 on UNIMPLEMENTED', async () => {
    const teleport = createTeleportClient(legacyIdentity, parseProxyAddress(legacy.proxyAddress));
    clients.push(teleport);
    const users: string[] = [];
    expect(await teleport.users.iterate((found) => void users.push(found.metadata!.name!))).toBe(
      'legacy',
    );
    expect(users).toEqual(['user-00001', 'user-00002']);
    expect(await teleport.roles.iterate(() => undefined)).toBe('legacy');
    const members: string[] = [];
    expect(
      await teleport.accessLists.iterateMembers(
        async () => ['list-1', 'list-2'],
        (member) => void members.push(member.spec!.name!),
      ),
    ).toBe('per-list');
    expect(members.sort()).toEqual(['user-00001', 'user-00002']);
    expect(
      await teleport.accessLists.iterateReviews(
        async () => ['list-1', 'list-2'],
        () => undefined,
      ),
    ).toBe('per-list');
    const requests: string[] = [];
    expect(
      await teleport.accessRequests.iterate((found) => void requests.push(found.metadata!.name!)),
    ).toBe('legacy');
    expect(requests).toEqual(['req-1', 'req-2']);
    expect(legacy.auth.calls.map((call) => call.method)).toContain('AuthService/GetUsers');
    expect(legacy.auth.calls.map((call) => call.method)).toContain('AuthService/GetRoles');
    expect(legacy.auth.calls.map((call) => call.method)).toContain(
      'AuthService/GetAccessRequestsV2',
    );
  });

  it('reports whether the cluster has the access list service', async () => {
    const community = await startTeleportStandIn({
      clusterName: 'community.example.com',
      unregistered: ['AccessListService'],
    });
    try {
      const communityIdentity = parseIdentityFile(
        (await community.issueIdentity({ algorithm: 'ecdsa' })).identityFile,
      );
      const teleport = createTeleportClient(
        communityIdentity,
        parseProxyAddress(community.proxyAddress),
      );
      clients.push(teleport);
      expect(await teleport.accessLists.hasService()).toBe(false);
      expect(await client().accessLists.hasService()).toBe(true);
    } finally {
      await community.close();
    }
  });
});

describe('addresses where no Teleport answers', () => {
  it('fails fast and names the address when the connection is refused', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const started = Date.now();
    const failure = await client({ address: `127.0.0.1:${port}`, maxAttempts: 1 })
      .ping()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as ConnectionError).kind).toBe('refused');
    expect((failure as Error).message).toContain(`The connection to 127.0.0.1:${port} was refused`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails within the connect deadline when the server accepts but never answers TLS', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const failure = await client({
        address: `127.0.0.1:${port}`,
        connectTimeoutMs: 1_500,
        callTimeoutMs: 4_000,
        maxAttempts: 1,
      })
        .ping()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConnectionError);
      expect((failure as ConnectionError).kind).toBe('timeout');
      expect((failure as Error).message).toMatch(/No TLS answer within 2 s/);
      expect(Date.now() - started).toBeLessThan(4_500);
    } finally {
      silent.close();
    }
  });

  it('names the host when DNS has no answer for it', async () => {
    const failure = await client({ address: 'no-such-proxy.invalid:443', maxAttempts: 1 })
      .ping()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as ConnectionError).kind).toBe('dns');
    expect((failure as Error).message).toContain('Could not resolve no-such-proxy.invalid');
  });
});
