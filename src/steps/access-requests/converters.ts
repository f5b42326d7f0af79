/**
 * Graph objects for access requests: one `teleport_access_request` per request that matters now
 * (pending, or approved and not past its access expiry), who made and who reviewed it, the roles
 * and the resources it asks for. What a request adds to its requester's roles is effective roles'
 * business (src/evaluators/login-state.ts); what is here is the request as Teleport stores it.
 */
import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { AccessRequestV3, AccessReview } from '../../teleport';
import type { ResourceKind } from '../../evaluators/access';
import { ResourceEntities } from '../constants';
import {
  createKeyRelationship,
  definedOnly,
  keyOf,
  keys,
  nonEmpty,
  nonEmptyString,
  requestStateName,
  requestedResourceIds,
  resourceIdString,
  toEpochMillis,
} from '../graph-values';
import type { RequestedResource } from '../job-data';
import {
  ACCESS_REQUEST,
  ACCESS_REQUEST_HAS_ROLE,
  USER_CREATED_ACCESS_REQUEST,
  USER_REVIEWED_ACCESS_REQUEST,
  AccessRequestResourceRelationships,
} from './constants';

const HOUR = 3_600_000;

export function accessRequestId(request: AccessRequestV3): string {
  return request.metadata?.name ?? '';
}

/**
 * Whether the graph shows the request: pending (awaiting review), or approved and not past its
 * access expiry (api/types/access_request.go `GetAccessExpiry`, the spec's `expires`; lib/auth/auth.go
 * `getValidatedAccessRequest` refuses a request once that is before now). Denied, promoted and
 * expired requests grant nothing, and Teleport deletes them when their resource expiry passes. A
 * state newer than our protos (`unknown (N)`) is shown too, unless past its access expiry, so that
 * it is seen (and logged) rather than dropped; it grants nothing.
 */
export function accessRequestMattersNow(request: AccessRequestV3, now: number): boolean {
  const state = request.spec?.state;
  const expiresOn = toEpochMillis(request.spec?.expires);
  const pastExpiry = expiresOn !== undefined && expiresOn < now;
  switch (typeof state === 'number' ? 'unknown' : requestStateName(state)) {
    case 'pending':
      return true;
    case 'approved':
      return expiresOn !== undefined && !pastExpiry;
    case 'unknown':
      return !pastExpiry;
    default:
      return false;
  }
}

/** A review's verdict as the graph shows it: `approved`, `denied`, or `unknown (N)`. */
function verdictOf(review: AccessReview): string {
  return requestStateName(review.proposedState);
}

function hours(milliseconds: number): number {
  return Math.round((milliseconds / HOUR) * 100) / 100;
}

export function createAccessRequestEntity(request: AccessRequestV3, at: { now: number }): Entity {
  const id = accessRequestId(request);
  const spec = request.spec;
  const user = spec?.user ?? '';
  const roles = nonEmpty(spec?.roles) ?? [];
  const state = requestStateName(spec?.state);
  const resources = requestedResourceIds(request);
  const createdOn = toEpochMillis(spec?.created);
  const expiresOn = toEpochMillis(spec?.expires);
  const assumeStartOn = toEpochMillis(spec?.assumeStartTime);
  const reviews = spec?.reviews ?? [];
  const authorsWith = (verdict: string) =>
    nonEmpty(reviews.filter((review) => verdictOf(review) === verdict).map((r) => r.author ?? ''));
  const accessStartsOn = assumeStartOn ?? createdOn;
  const resourceText = resources.map(resourceIdString);
  return createIntegrationEntity({
    entityData: {
      source: request,
      assign: {
        _key: keyOf(ACCESS_REQUEST, id),
        _type: ACCESS_REQUEST._type,
        _class: ACCESS_REQUEST._class,
        id,
        name: id,
        displayName: `${user} requests ${roles.length > 0 ? roles.join(', ') : 'access'}${
          resources.length === 0
            ? ''
            : resources.length <= 3
              ? ` on ${resourceText.join(', ')}`
              : ` on ${resources.length} resources`
        }`,
        requester: user,
        state,
        pending: state === 'pending',
        approved: state === 'approved',
        // Approved, within its window: what Teleport checks before the locks and the roles
        // (`getValidatedAccessRequest`); effective roles judge those.
        assumable:
          state === 'approved' &&
          expiresOn !== undefined &&
          !(expiresOn < at.now) &&
          !(assumeStartOn !== undefined && assumeStartOn > at.now),
        // A request naming resources limits the certificate to them
        // (lib/auth/auth_with_roles.go `desiredAccessInfoForUser`).
        resourceScoped: resources.length > 0,
        reviewCount: reviews.length,
        ...definedOnly({
          roles: nonEmpty(roles),
          requestedResources: nonEmpty(resourceText),
          requestedResourceKinds: nonEmpty([...new Set(resources.map((r) => r.kind ?? ''))]),
          requestReason: nonEmptyString(spec?.requestReason),
          resolveReason: nonEmptyString(spec?.resolveReason),
          reviewers: nonEmpty([...new Set(reviews.map((review) => review.author ?? ''))]),
          approvedBy: authorsWith('approved'),
          deniedBy: authorsWith('denied'),
          reviews: nonEmpty(
            reviews.map((review) => `${review.author ?? ''}: ${verdictOf(review)}`),
          ),
          suggestedReviewers: nonEmpty(spec?.suggestedReviewers),
          createdOn,
          assumeStartOn,
          expiresOn,
          sessionExpiresOn: toEpochMillis(spec?.sessionTtl),
          requestExpiresOn:
            toEpochMillis(spec?.resourceExpiry) ?? toEpochMillis(request.metadata?.expires),
          // How long the access lasts, from when it may first be used to its access expiry.
          accessDurationHours:
            expiresOn !== undefined && accessStartsOn !== undefined
              ? hours(expiresOn - accessStartsOn)
              : undefined,
        }),
      },
    },
  });
}

/**
 * The requester CREATED the request, each reviewer REVIEWED it (with the verdict), and the request
 * HAS each role it asks for. The step adds only those whose two ends are in the graph.
 */
export function createAccessRequestRelationships(request: AccessRequestV3): Relationship[] {
  const key = keyOf(ACCESS_REQUEST, accessRequestId(request));
  const spec = request.spec;
  const relationships: Relationship[] = [];
  const user = nonEmptyString(spec?.user);
  if (user !== undefined) {
    relationships.push(
      createKeyRelationship(USER_CREATED_ACCESS_REQUEST, keys.user(user), key, {
        createdOn: toEpochMillis(spec?.created),
      }),
    );
  }
  for (const role of new Set(nonEmpty(spec?.roles) ?? [])) {
    relationships.push(createKeyRelationship(ACCESS_REQUEST_HAS_ROLE, key, keys.role(role)));
  }
  for (const review of spec?.reviews ?? []) {
    const author = nonEmptyString(review.author);
    if (author !== undefined) {
      relationships.push(
        createKeyRelationship(USER_REVIEWED_ACCESS_REQUEST, keys.user(author), key, {
          verdict: verdictOf(review),
          reason: nonEmptyString(review.reason),
          reviewedOn: toEpochMillis(review.created),
          assumeStartOn: toEpochMillis(review.assumeStartTime),
        }),
      );
    }
  }
  return relationships;
}

/** Each resource the request names, for the steps that relate requests to resources. */
export function requestedResourcesOf(request: AccessRequestV3): RequestedResource[] {
  const id = accessRequestId(request);
  return requestedResourceIds(request).map((resource) => ({
    request: id,
    cluster: resource.clusterName ?? '',
    kind: resource.kind ?? '',
    name: resource.name ?? '',
    ...definedOnly({ subResource: nonEmptyString(resource.subResourceName) }),
  }));
}

/**
 * The graph kind a requested resource belongs to. Only Kubernetes resource kinds (`pod`,
 * `namespace`, …) carry a sub-resource, and their name is the Kubernetes cluster's
 * (api/types/resource_ids.go `ResourceID.CheckAndSetDefaults`), so they belong to the cluster.
 * Undefined for kinds the graph has no entities of (user groups, SAML service providers, …).
 */
export function graphKindOf(resource: RequestedResource): ResourceKind | undefined {
  if (resource.subResource !== undefined) {
    return 'kube_cluster';
  }
  return resource.kind in ResourceEntities ? (resource.kind as ResourceKind) : undefined;
}

/**
 * The request HAS each resource of `kind` it names in this cluster (a leaf cluster's resources
 * are not in the graph), once per request and resource, with the Kubernetes resources inside it.
 */
export function createRequestedResourceRelationships(
  resources: readonly RequestedResource[],
  kind: ResourceKind,
  clusterName: string,
): Relationship[] {
  const grouped = new Map<string, { request: string; name: string; inside: string[] }>();
  for (const resource of resources) {
    if (resource.cluster !== clusterName || graphKindOf(resource) !== kind) {
      continue;
    }
    const id = `${resource.request}\u0000${resource.name}`;
    const entry = grouped.get(id) ?? { request: resource.request, name: resource.name, inside: [] };
    if (resource.subResource !== undefined) {
      entry.inside.push(`${resource.kind}/${resource.subResource}`);
    }
    grouped.set(id, entry);
  }
  return [...grouped.values()].map(({ request, name, inside }) =>
    createKeyRelationship(
      AccessRequestResourceRelationships[kind],
      keyOf(ACCESS_REQUEST, request),
      keyOf(ResourceEntities[kind], name),
      {
        kubernetesResources: inside.length > 0 ? inside.join(', ') : undefined,
      },
    ),
  );
}
