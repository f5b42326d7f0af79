/**
 * Every network shape users run: the Proxy with TLS routing, the Proxy behind an L7 load balancer
 * (WebSocket connection upgrade), an Auth server reached directly; each detected and forced, each
 * with and without a corporate CONNECT proxy, with RSA and ECDSA identities.
 */
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentityFile, type TeleportIdentity } from '../../src/identity';
import {
  ConnectionError,
  connectToAuth,
  parseProxyAddress,
  type AuthRoute,
  type ConnectionMode,
} from '../../src/teleport';
import { startTeleportStandIn, type TeleportStandIn } from '../../standin';
import { startConnectProxy, type RunningConnectProxy } from '../../standin/connect-proxy';
import { createAuthority, issueServerCertificate, issueUserIdentity } from '../../standin/pki';

let standIn: TeleportStandIn;
let corporateProxy: RunningConnectProxy;
const identities: Partial<Record<'rsa' | 'ecdsa', TeleportIdentity>> = {};

function addressOf(route: AuthRoute): string {
  switch (route) {
    case 'tls-routing':
      return standIn.proxyAddress;
    case 'upgrade':
      return standIn.balancerAddress!;
    case 'direct':
      return standIn.authAddress;
  }
}

async function connect(options: {
  route: AuthRoute;
  mode: ConnectionMode;
  algorithm: 'rsa' | 'ecdsa';
  viaProxy: boolean;
}) {
  return connectToAuth(
    identities[options.algorithm]!,
    parseProxyAddress(addressOf(options.route)),
    {
      mode: options.mode,
      // The stand-in's proxy and load balancer carry certificates from a test CA, as a private PKI would.
      extraCertificateAuthority: standIn.webCa.pem,
      env: options.viaProxy ? { HTTPS_PROXY: corporateProxy.url } : {},
      connection: { connectTimeoutMs: 5_000 },
      client: { retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } },
    },
  );
}

beforeAll(async () => {
  standIn = await startTeleportStandIn({ clusterName: 'routes.example.com', l7: true });
  corporateProxy = await startConnectProxy();
  identities.ecdsa = parseIdentityFile(
    (await standIn.issueIdentity({ algorithm: 'ecdsa' })).identityFile,
  );
  identities.rsa = parseIdentityFile(
    (await standIn.issueIdentity({ algorithm: 'rsa' })).identityFile,
  );
});

afterAll(async () => {
  await corporateProxy.close();
  await standIn.close();
});

const ROUTES: AuthRoute[] = ['tls-routing', 'upgrade', 'direct'];
const matrix = ROUTES.flatMap((route) =>
  (['auto', 'forced'] as const).flatMap((how) =>
    [false, true].flatMap((viaProxy) =>
      (['ecdsa', 'rsa'] as const).map((algorithm) => ({ route, how, viaProxy, algorithm })),
    ),
  ),
);

describe('reaching Auth on every route', () => {
  it.each(matrix)(
    '$route, $how, through a CONNECT proxy: $viaProxy, $algorithm',
    async ({ route, how, viaProxy, algorithm }) => {
      const tunnelsBefore = corporateProxy.tunnels.length;
      const upgradesBefore = standIn.balancer!.upgrades.length;
      const connected = await connect({
        route,
        mode: how === 'auto' ? 'auto' : route,
        algorithm,
        viaProxy,
      });
      try {
        expect(connected.ping.clusterName).toBe('routes.example.com');
        expect(connected.route).toBe(route);
        expect(connected.attempts).toEqual([]);
        if (how === 'auto') {
          expect(connected.probe?.route).toBe(route);
        }
        const tunnels = corporateProxy.tunnels.slice(tunnelsBefore);
        if (viaProxy) {
          expect(connected.httpProxy).toBe(corporateProxy.url);
          expect(tunnels).toContain(addressOf(route));
        } else {
          expect(tunnels).toEqual([]);
        }
        expect(standIn.balancer!.upgrades.length - upgradesBefore).toBe(
          route === 'upgrade' ? 1 : 0,
        );
        // The first call after connecting works on the chosen route too.
        expect(await connected.client.accessLists.hasService()).toBe(true);
      } finally {
        connected.client.close();
      }
    },
  );

  it('negotiates the alpn WebSocket protocol at /webapi/connectionupgrade', async () => {
    const connected = await connect({
      route: 'upgrade',
      mode: 'upgrade',
      algorithm: 'ecdsa',
      viaProxy: false,
    });
    connected.client.close();
    expect(standIn.balancer!.requests).toContain('UPGRADE /webapi/connectionupgrade');
    expect(standIn.balancer!.upgrades.at(-1)).toBe('alpn');
  });

  it('the load balancer refuses TLS routing, as a real one does', async () => {
    const failure = await connect({
      route: 'upgrade',
      mode: 'tls-routing',
      algorithm: 'ecdsa',
      viaProxy: false,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectionError);
  });
});

describe('when no route works', () => {
  it('a plain web server: every route named, within the connect deadline', async () => {
    const web = await issueServerCertificate(standIn.webCa, {
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    const server = https.createServer(
      { key: web.keyPem, cert: web.certificatePem },
      (_request, response) => {
        response.writeHead(404);
        response.end('nothing here');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const started = Date.now();
      const failure = await connectToAuth(
        identities.ecdsa!,
        parseProxyAddress(`127.0.0.1:${port}`),
        {
          mode: 'auto',
          extraCertificateAuthority: standIn.webCa.pem,
          env: {},
          connection: { connectTimeoutMs: 5_000 },
          client: { retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } },
        },
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConnectionError);
      const message = (failure as Error).message;
      expect(message).toMatch(
        new RegExp(`^No Teleport Auth Service answered at 127\\.0\\.0\\.1:${port}\\.`),
      );
      expect(message).toMatch(/upgrade: .*HTTP 404/);
      expect(message).toMatch(/direct: /);
      expect(message).toMatch(/tls-routing: /);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      server.close();
    }
  });

  it('a CONNECT proxy that wants credentials says so', async () => {
    const strict = await startConnectProxy({ credentials: 'alice:secret' });
    try {
      const failure = await connectToAuth(
        identities.ecdsa!,
        parseProxyAddress(standIn.proxyAddress),
        {
          mode: 'tls-routing',
          env: { https_proxy: strict.url },
          connection: { connectTimeoutMs: 3_000 },
          client: { retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } },
        },
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConnectionError);
      expect((failure as Error).message).toMatch(
        /refused CONNECT .*407.*put them in the proxy URL/,
      );
      const connected = await connectToAuth(
        identities.ecdsa!,
        parseProxyAddress(standIn.proxyAddress),
        {
          mode: 'tls-routing',
          env: { https_proxy: strict.url.replace('http://', 'http://alice:secret@') },
        },
      );
      connected.client.close();
      expect(strict.tunnels).toEqual([standIn.proxyAddress]);
    } finally {
      await strict.close();
    }
  });

  it('NO_PROXY keeps matching addresses off the proxy', async () => {
    const before = corporateProxy.tunnels.length;
    const connected = await connectToAuth(
      identities.ecdsa!,
      parseProxyAddress(standIn.proxyAddress),
      {
        mode: 'tls-routing',
        env: { HTTPS_PROXY: corporateProxy.url, NO_PROXY: 'example.net,127.0.0.0/8' },
      },
    );
    connected.client.close();
    expect(corporateProxy.tunnels.length).toBe(before);
  });
});

describe('identities from clusters with trusted clusters', () => {
  it('reach their own cluster and trust no leaf CA for it', async () => {
    const leafHostCa = await createAuthority('leaf.example.net', 'ecdsa');
    const issued = await issueUserIdentity(standIn.pki.userCa, [standIn.pki.hostCa], {
      username: 'jupiterone',
      roles: ['jupiterone-reader'],
      algorithm: 'ecdsa',
      authorities: [standIn.pki.hostCa, leafHostCa],
    });
    const identity = parseIdentityFile(issued.identityFile);
    expect(identity.otherClusterAuthorityCount).toBe(1);
    const connected = await connectToAuth(identity, parseProxyAddress(standIn.proxyAddress), {
      mode: 'tls-routing',
      env: {},
    });
    connected.client.close();
    expect(connected.ping.clusterName).toBe('routes.example.com');
  });
});
