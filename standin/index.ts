/**
 * The Teleport stand-in used by tests, the demo and the benchmark: certificates minted for this
 * process, an Auth server on loopback, an ALPN-routing proxy in front of it and, on request, an L7
 * load balancer in front of that.
 */
import { authAlpnProtocol } from '../src/teleport/auth-handshake';
import { startAlpnProxy, type RunningAlpnProxy } from './alpn-proxy';
import {
  startAuthServer,
  type AuthServerOptions,
  type ClusterData,
  type RunningAuthServer,
} from './auth-server';
import { startL7Balancer, type RunningL7Balancer } from './l7-balancer';
import {
  createAuthority,
  createClusterPki,
  issueIdentity,
  issueServerCertificate,
  type CertificateAuthority,
  type ClusterPki,
  type KeyAlgorithm,
  type UserIdentity,
  type UserIdentityOptions,
} from './pki';

export type { ClusterData, FaultRule, StandInMethod } from './auth-server';
export type { KeyAlgorithm, UserIdentity } from './pki';

export interface StandInOptions {
  clusterName?: string;
  /** Key algorithm of the cluster's CAs and Auth server (identities choose their own). */
  algorithm?: KeyAlgorithm;
  data?: ClusterData;
  unregistered?: AuthServerOptions['unregistered'];
  unimplemented?: AuthServerOptions['unimplemented'];
  /** Reuse certificates minted earlier (e.g. by another cluster stand-in). */
  pki?: ClusterPki;
  /** Also run an L7 load balancer (TLS-terminating, HTTP/1.1 only) in front of the proxy. */
  l7?: boolean;
}

export interface TeleportStandIn {
  clusterName: string;
  pki: ClusterPki;
  auth: RunningAuthServer;
  proxy: RunningAlpnProxy;
  /** The public CA that signed the proxy's and the load balancer's web certificates. */
  webCa: CertificateAuthority;
  /** The load balancer, when `l7` was asked for; `balancerAddress` is its host:port. */
  balancer?: RunningL7Balancer;
  balancerAddress?: string;
  /** host:port of the ALPN-routing proxy (as users give the Teleport Proxy's address). */
  proxyAddress: string;
  /** host:port of the Auth server itself (direct mode, as port 3025 on a self-hosted cluster). */
  authAddress: string;
  data: ClusterData;
  issueIdentity(
    options: Partial<UserIdentityOptions> & { algorithm: KeyAlgorithm },
  ): Promise<UserIdentity>;
  close(): Promise<void>;
}

export function emptyClusterData(): ClusterData {
  return {
    ping: {
      serverVersion: '17.4.8',
      signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_BALANCED_V1',
    },
    users: [],
    roles: [],
    accessLists: [],
    members: [],
    reviews: [],
  };
}

export async function startTeleportStandIn(options: StandInOptions = {}): Promise<TeleportStandIn> {
  const clusterName = options.pki?.clusterName ?? options.clusterName ?? 'standin.example.com';
  const pki = options.pki ?? (await createClusterPki(clusterName, options.algorithm ?? 'ecdsa'));
  const data = options.data ?? emptyClusterData();
  const front: { proxy?: RunningAlpnProxy } = {};
  const auth = await startAuthServer({
    pki,
    data,
    unregistered: options.unregistered,
    unimplemented: options.unimplemented,
    dropConnections: () => front.proxy?.dropAll(),
  });
  const webCa = await createAuthority('Stand-in Public CA', 'ecdsa');
  const web = await issueServerCertificate(webCa, {
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  const running = await startAlpnProxy({
    web,
    routes: new Map([
      [authAlpnProtocol(clusterName), { address: auth.host, port: auth.port, family: 'IPv4' }],
    ]),
  });
  front.proxy = running;
  const balancer = options.l7
    ? await startL7Balancer({ proxy: { host: running.host, port: running.port }, certificate: web })
    : undefined;
  return {
    clusterName,
    pki,
    auth,
    proxy: running,
    webCa,
    balancer,
    balancerAddress: balancer ? `${balancer.host}:${balancer.port}` : undefined,
    proxyAddress: `${running.host}:${running.port}`,
    authAddress: `${auth.host}:${auth.port}`,
    data,
    issueIdentity: (identityOptions) => issueIdentity(pki, identityOptions),
    close: async () => {
      await balancer?.close();
      await running.close();
      await auth.close();
    },
  };
}
