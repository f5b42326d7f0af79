import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentityFile, type TeleportIdentity } from '../../src/identity';
import {
  ConnectionError,
  authAlpnProtocol,
  authServerName,
  createTeleportClient,
  parseProxyAddress,
  type AuthRoute,
  type TeleportClient,
} from '../../src/teleport';
import { startTeleportStandIn, type KeyAlgorithm, type TeleportStandIn } from '../../standin';
import { createAuthority, issueUserIdentity } from '../../standin/pki';

const CLUSTER = 'acme.teleport.sh';
let standIn: TeleportStandIn;
const clients: TeleportClient[] = [];

function clientFor(
  identity: TeleportIdentity,
  address: string,
  route: AuthRoute = 'tls-routing',
): TeleportClient {
  const client = createTeleportClient(identity, parseProxyAddress(address), {
    connection: { route, connectTimeoutMs: 5_000 },
    client: { retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } },
  });
  clients.push(client);
  return client;
}

async function identityFor(algorithm: KeyAlgorithm): Promise<TeleportIdentity> {
  return parseIdentityFile((await standIn.issueIdentity({ algorithm })).identityFile);
}

async function connectionFailure(client: TeleportClient): Promise<ConnectionError> {
  const error = await client.ping().then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  return error as ConnectionError;
}

beforeAll(async () => {
  standIn = await startTeleportStandIn({ clusterName: CLUSTER });
});

afterAll(async () => {
  for (const client of clients) {
    client.close();
  }
  await standIn.close();
});

describe('reaching Auth with an identity file', () => {
  it.each(['ecdsa', 'rsa'] as const)(
    '%s identity pings Auth through the ALPN-routing proxy',
    async (algorithm) => {
      const before = standIn.proxy.connections.length;
      const ping = await clientFor(await identityFor(algorithm), standIn.proxyAddress).ping();
      expect(ping.clusterName).toBe(CLUSTER);
      expect(ping.serverVersion).toBe('17.4.8');
      // The grpc-js seam: the ClientHello carried Teleport's ALPN list and SNI, not grpc-js's ['h2'].
      // (Among the connections since: another test's closed client may still be reconnecting.)
      expect(standIn.proxy.connections.slice(before)).toContainEqual({
        alpnProtocols: [authAlpnProtocol(CLUSTER), 'h2'],
        serverName: authServerName(CLUSTER),
      });
      expect(authAlpnProtocol(CLUSTER)).toBe(
        'teleport-auth@61636d652e74656c65706f72742e7368.teleport.cluster.local',
      );
    },
  );

  it.each([
    ['ecdsa', 'tls-routing'],
    ['rsa', 'tls-routing'],
    ['ecdsa', 'direct'],
    ['rsa', 'direct'],
  ] as const)('%s identity pings Auth directly (offering %s ALPN)', async (algorithm, route) => {
    const ping = await clientFor(await identityFor(algorithm), standIn.authAddress, route).ping();
    expect(ping.clusterName).toBe(CLUSTER);
  });

  it('is refused by the proxy when the ClientHello lacks the teleport-auth ALPN protocol', async () => {
    const client = clientFor(await identityFor('ecdsa'), standIn.proxyAddress, 'direct');
    const failure = await connectionFailure(client);
    // Closed now, so that its channel's reconnection attempts do not reach the proxy while the
    // other tests of this file count its connections.
    client.close();
    expect(failure.kind).toBe('closed');
    expect(failure.message).toContain(`Could not reach Teleport Auth at ${standIn.proxyAddress}`);
    expect(standIn.proxy.connections.at(-1)?.alpnProtocols).toEqual(['h2']);
  });
});

describe('refusing servers and credentials that are not the cluster', () => {
  it('refuses a server whose certificate comes from a foreign CA, before sending anything', async () => {
    const impostor = await startTeleportStandIn({ clusterName: CLUSTER });
    try {
      const failure = await connectionFailure(
        clientFor(await identityFor('ecdsa'), impostor.proxyAddress),
      );
      expect(failure.kind).toBe('untrusted-server');
      expect(failure.message).toMatch(
        /No Teleport Auth Service of cluster "acme.teleport.sh" answered there/,
      );
      expect(impostor.auth.calls).toHaveLength(0);
    } finally {
      await impostor.close();
    }
  });

  it('refuses the Auth server of another cluster', async () => {
    const other = await startTeleportStandIn({ clusterName: 'other.example.com' });
    try {
      const failure = await connectionFailure(
        clientFor(await identityFor('ecdsa'), other.authAddress),
      );
      expect(failure.kind).toBe('untrusted-server');
      expect(other.auth.calls).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('reports a client certificate that Auth rejects (rotated user CA), naming user and cluster', async () => {
    const rotatedUserCa = await createAuthority(CLUSTER, 'ecdsa');
    const stale = await issueUserIdentity(rotatedUserCa, [standIn.pki.hostCa], {
      username: 'jupiterone',
      roles: ['jupiterone-reader'],
      algorithm: 'ecdsa',
    });
    const failure = await connectionFailure(
      clientFor(parseIdentityFile(stale.identityFile), standIn.authAddress),
    );
    expect(failure.kind).toBe('client-certificate-rejected');
    expect(failure.message).toContain('rejected the client certificate of user "jupiterone"');
    expect(failure.message).toContain('cluster "acme.teleport.sh"');
  });
});
