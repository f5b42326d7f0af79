/**
 * `proto.AuthService`: ping, users (the legacy stream), roles, the older SSO connector and lock
 * calls, access requests and the legacy auth preference, as upstream's lib/auth/grpcserver.go
 * serves them (its stored listings, ListResources among them, are served from ./stored.ts).
 */
import { RPCS } from '../../src/teleport/rpcs';
import type { AccessRequestV3, AuthPreferenceV2, LockV2 } from '../../src/teleport/types';
import type { StandInService } from './service';

/**
 * The cluster's auth preference as Teleport stores it: one per cluster, named
 * `cluster-auth-preference`, its `teleport.dev/origin` label saying where it came from (`defaults`,
 * `config-file`, `dynamic`).
 */
export function clusterAuthPreference(
  origin: string,
  spec: AuthPreferenceV2['spec'],
): AuthPreferenceV2 {
  return {
    kind: 'cluster_auth_preference',
    version: 'v2',
    metadata: { name: 'cluster-auth-preference', labels: { 'teleport.dev/origin': origin } },
    spec,
  };
}

/** The cluster's auth preference, or Teleport's defaults when the data sets none. */
export function authPreferenceOf(
  authPreference: AuthPreferenceV2 | Buffer | undefined,
): AuthPreferenceV2 | Buffer {
  return (
    authPreference ??
    clusterAuthPreference('defaults', {
      type: 'local',
      secondFactors: ['SECOND_FACTOR_TYPE_OTP'],
      allowLocalAuth: { value: true },
      disconnectExpiredCert: { value: false },
      lockingMode: 'best_effort',
    })
  );
}

/** `types.LockV2.IsInForce`: until its expiry, if it has one. */
function lockInForce(lock: LockV2, now: number): boolean {
  const seconds = lock.spec?.expires?.seconds;
  return seconds === undefined || seconds === 0 || now < seconds * 1000;
}

/**
 * The requests a listing returns: sorted by ID (the DEFAULT index, `accessRequestID` in
 * lib/services/access_request_cache.go), without those whose resource expiry has passed
 * (`AccessRequestV3.Expiry`: the spec's `ResourceExpiry`, else the metadata's `Expires`), which
 * `ListMatchingAccessRequests` skips because backends delete expired items late.
 */
export function listedAccessRequests(
  requests: AccessRequestV3[] | undefined,
  now: number,
): AccessRequestV3[] {
  const expiry = (request: AccessRequestV3): number | undefined => {
    const seconds = request.spec?.resourceExpiry?.seconds ?? request.metadata?.expires?.seconds;
    // Unset (absent, or Go's zero time, which is before the epoch) means no expiry.
    return seconds !== undefined && seconds > 0 ? seconds * 1000 : undefined;
  };
  return (requests ?? [])
    .filter((request) => {
      const expiresOn = expiry(request);
      return expiresOn === undefined || !(now > expiresOn);
    })
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
}

export const authService: StandInService = {
  fullName: 'proto.AuthService',
  // Always there: a cluster without it is no Teleport cluster.
  handlers: (kit, data, clusterName) => ({
    Ping: kit.unary(RPCS.ping, () => ({ ...data.ping, clusterName })),
    GetUsers: kit.stream(RPCS.getUsers, () => data.users),
    // lib/auth/grpcserver.go `ListRoles`: 100 roles a page unasked, at most 16,000.
    ListRoles: kit.paged(RPCS.listRoles, () => data.roles, {
      serverMax: 16_000,
      serverDefault: 100,
    }),
    GetRoles: kit.unary(RPCS.getRoles, () => ({ roles: data.roles })),
    GetSAMLConnectors: kit.unary(RPCS.getSamlConnectors, () => ({
      samlConnectors: data.samlConnectors ?? [],
    })),
    GetOIDCConnectors: kit.unary(RPCS.getOidcConnectors, () => ({
      oidcConnectors: data.oidcConnectors ?? [],
    })),
    GetGithubConnectors: kit.unary(RPCS.getGithubConnectors, () => ({
      githubConnectors: data.githubConnectors ?? [],
    })),
    GetAuthPreference: kit.unary(RPCS.getLegacyAuthPreference, () =>
      authPreferenceOf(data.authPreference),
    ),
    // lib/auth/auth_with_roles.go `ListAccessRequests` (the reader may list and read every
    // request) over lib/services/access_request_cache.go `ListMatchingAccessRequests`: 1,000 a
    // page unasked, a larger page than 16,000 refused (BadParameter), sorted by ID.
    ListAccessRequests: kit.paged(
      RPCS.listAccessRequests,
      () => listedAccessRequests(data.accessRequests, Date.now()),
      { serverMax: 16_000, serverDefault: 1_000 },
    ),
    // lib/auth/grpcserver.go `GetAccessRequestsV2`: every request `GetAccessRequests` pages
    // through ListAccessRequests for, one message each.
    GetAccessRequestsV2: kit.stream(RPCS.getAccessRequestsV2, () =>
      listedAccessRequests(data.accessRequests, Date.now()),
    ),
    // lib/services/local/access.go `GetLocks`: with in_force_only, locks past their expiry are left out.
    GetLocks: kit.unary(RPCS.getLocks, (request) => ({
      locks: (data.locks ?? []).filter(
        (lock) => request.inForceOnly !== true || lockInForce(lock, Date.now()),
      ),
    })),
  }),
};
