import { beforeAll, describe, expect, it } from 'vitest';
import { IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import {
  accessRequestMattersNow,
  createAccessRequestEntity,
  createAccessRequestRelationships,
  createRequestedResourceRelationships,
  graphKindOf,
  requestedResourcesOf,
} from '../../src/steps/access-requests/converters';
import { Steps } from '../../src/steps/constants';
import type { JobState } from '@jupiterone/integration-sdk-core';
import { accessRequestFactsOf, jobData } from '../../src/steps/job-data';
import { GrpcStatus, type AccessRequestV3 } from '../../src/teleport';
import { countByType } from '../helpers/collect';
import { DAY, NOW, at, expectGraph } from '../helpers/graph-matchers';
import { decodeAs, embedded, field, message, varintField } from '../helpers/protobuf-wire';
import { expectStepMetadata, useStepHarness, type StepRun } from '../harness';
import { SAMPLE_WEB_1_NODE, sampleAccessRequestIds } from '../../standin/data/sample-org';
import { ACCESS_REQUESTS_STEP } from '../../src/steps/access-requests/constants';

const HOUR = 3_600_000;

function request(spec: AccessRequestV3['spec'], id = 'req-1'): AccessRequestV3 {
  return { kind: 'access_request', version: 'v3', metadata: { name: id }, spec };
}

const approved = request({
  user: 'kevin',
  roles: ['prod-ssh'],
  state: 'APPROVED',
  created: at(NOW - HOUR),
  expires: at(NOW + 3 * HOUR),
  sessionTtl: at(NOW + 2 * HOUR),
  resourceExpiry: at(NOW + 3 * HOUR),
  requestReason: 'INC-1',
  resolveReason: 'ok',
  suggestedReviewers: ['alice', 'judy'],
  reviews: [
    { author: 'alice', proposedState: 'APPROVED', reason: 'on call', created: at(NOW - 50_000) },
    { author: 'mallory', proposedState: 'DENIED', created: at(NOW - 40_000) },
  ],
});

describe('accessRequestMattersNow (which requests the graph shows)', () => {
  it.each<[string, AccessRequestV3['spec'], boolean]>([
    ['pending', { state: 'PENDING', expires: at(NOW + HOUR) }, true],
    [
      'pending with its access window already past (still awaiting review)',
      { state: 'PENDING', expires: at(NOW - HOUR) },
      true,
    ],
    ['approved, access expiry ahead', { state: 'APPROVED', expires: at(NOW + HOUR) }, true],
    ['approved, access expiry now (not before now)', { state: 'APPROVED', expires: at(NOW) }, true],
    ['approved, access expiry past', { state: 'APPROVED', expires: at(NOW - 1000) }, false],
    [
      'approved without an access expiry (Go zero time: before any now)',
      { state: 'APPROVED' },
      false,
    ],
    ['denied', { state: 'DENIED', expires: at(NOW + HOUR) }, false],
    ['promoted to an access list', { state: 'PROMOTED', expires: at(NOW + HOUR) }, false],
    ['no state (NONE)', { expires: at(NOW + HOUR) }, false],
    ['a state newer than our protos, access ahead', { state: 7, expires: at(NOW + HOUR) }, true],
    ['a state newer than our protos, access past', { state: 7, expires: at(NOW - HOUR) }, false],
  ])('%s → %s', (_name, spec, expected) => {
    expect(accessRequestMattersNow(request(spec), NOW)).toBe(expected);
  });
});

describe('createAccessRequestEntity', () => {
  it('describes the request: requester, roles, state, reasons, reviews, times', () => {
    const entity = createAccessRequestEntity(approved, { now: NOW });
    expect(entity).toMatchObject({
      _key: 'teleport_access_request:req-1',
      _type: 'teleport_access_request',
      _class: ['Record'],
      id: 'req-1',
      name: 'req-1',
      displayName: 'kevin requests prod-ssh',
      requester: 'kevin',
      roles: ['prod-ssh'],
      state: 'approved',
      approved: true,
      pending: false,
      assumable: true,
      resourceScoped: false,
      requestReason: 'INC-1',
      resolveReason: 'ok',
      reviewers: ['alice', 'mallory'],
      approvedBy: ['alice'],
      deniedBy: ['mallory'],
      reviews: ['alice: approved', 'mallory: denied'],
      reviewCount: 2,
      suggestedReviewers: ['alice', 'judy'],
      createdOn: NOW - HOUR,
      expiresOn: NOW + 3 * HOUR,
      sessionExpiresOn: NOW + 2 * HOUR,
      requestExpiresOn: NOW + 3 * HOUR,
      accessDurationHours: 4,
    });
    expect(entity).not.toHaveProperty('requestedResources');
    expect(entity).not.toHaveProperty('assumeStartOn');
    expectGraph([entity]).toMatchGraphObjectSchema({
      _class: ['Record'],
      _type: 'teleport_access_request',
    });
  });

  it('is not assumable before its assume-start time, and counts its duration from then', () => {
    const later = request({ ...approved.spec, assumeStartTime: at(NOW + HOUR) });
    expect(createAccessRequestEntity(later, { now: NOW })).toMatchObject({
      assumable: false,
      assumeStartOn: NOW + HOUR,
      accessDurationHours: 2,
    });
    expect(createAccessRequestEntity(later, { now: NOW + HOUR })).toMatchObject({
      assumable: true,
    });
  });

  it('a pending request is not assumable and names its pending expiry from the metadata when the spec has none', () => {
    const pending = request({ user: 'ivan', roles: ['prod-ssh'], state: 'PENDING' });
    pending.metadata!.expires = at(NOW + 7 * DAY);
    expect(createAccessRequestEntity(pending, { now: NOW })).toMatchObject({
      state: 'pending',
      pending: true,
      assumable: false,
      requestExpiresOn: NOW + 7 * DAY,
      reviewCount: 0,
    });
  });

  it('a resource-scoped request lists its resources as Teleport writes them, from both fields, once', () => {
    const scoped = request({
      user: 'carol',
      roles: ['access'],
      state: 'APPROVED',
      expires: at(NOW + DAY),
      requestedResourceIds: [
        { clusterName: 'acme', kind: 'node', name: 'n-1' },
        { clusterName: 'acme', kind: 'pod', name: 'prod-eks', subResourceName: 'web/api-0' },
      ],
      // Newer servers: constrained resources (field 26); one repeats field 14, one has no ID.
      requestedResourceAccessIds: [
        { id: { clusterName: 'acme', kind: 'node', name: 'n-1' } },
        { id: { clusterName: 'acme', kind: 'db', name: 'orders' } },
        {},
      ],
    });
    expect(createAccessRequestEntity(scoped, { now: NOW })).toMatchObject({
      displayName:
        'carol requests access on /acme/node/n-1, /acme/pod/prod-eks/web/api-0, /acme/db/orders',
      resourceScoped: true,
      requestedResources: ['/acme/node/n-1', '/acme/pod/prod-eks/web/api-0', '/acme/db/orders'],
      requestedResourceKinds: ['node', 'pod', 'db'],
    });
    const many = request({
      ...scoped.spec,
      requestedResourceIds: ['a', 'b', 'c', 'd'].map((name) => ({
        clusterName: 'acme',
        kind: 'node',
        name,
      })),
    });
    expect(createAccessRequestEntity(many, { now: NOW }).displayName).toBe(
      'carol requests access on 6 resources',
    );
    expect(accessRequestFactsOf(scoped).resourceIds).toEqual([
      '/acme/node/n-1',
      '/acme/pod/prod-eks/web/api-0',
      '/acme/db/orders',
    ]);
  });

  it('decodes the bytes Teleport sends, with a state our protos do not declare as unknown (N)', () => {
    // AccessRequestV3{ metadata(4){ name(1) }, spec(5){ user(1), roles(2), state(3)=9,
    //   reviews(12){ author(1), proposed_state(3)=8 }, requested_resource_access_ids(26){ id(1){…} } } }
    const bytes = message(
      embedded(4, field(1, 'req-9')),
      embedded(
        5,
        field(1, 'kevin'),
        field(2, 'prod-ssh'),
        varintField(3, 9),
        embedded(12, field(1, 'alice'), varintField(3, 8)),
        embedded(26, embedded(1, field(1, 'acme'), field(2, 'node'), field(3, 'n-1'))),
      ),
    );
    const decoded = decodeAs<AccessRequestV3>('types.AccessRequestV3', bytes);
    expect(createAccessRequestEntity(decoded, { now: NOW })).toMatchObject({
      name: 'req-9',
      state: 'unknown (9)',
      approved: false,
      assumable: false,
      reviews: ['alice: unknown (8)'],
      requestedResources: ['/acme/node/n-1'],
    });
    expect(
      createAccessRequestRelationships(decoded).find(
        (relationship) => relationship._type === 'teleport_user_reviewed_access_request',
      ),
    ).toMatchObject({ verdict: 'unknown (8)' });
    expect(accessRequestMattersNow(decoded, NOW)).toBe(true);
  });
});

describe('createAccessRequestRelationships', () => {
  it('the requester CREATED it, each reviewer REVIEWED it with the verdict, it HAS each role', () => {
    const relationships = createAccessRequestRelationships(approved);
    expect(
      relationships.map((r) => [r._type, r._fromEntityKey, r._toEntityKey, r.verdict]),
    ).toEqual([
      [
        'teleport_user_created_access_request',
        'teleport_user:kevin',
        'teleport_access_request:req-1',
        undefined,
      ],
      [
        'teleport_access_request_has_role',
        'teleport_access_request:req-1',
        'teleport_role:prod-ssh',
        undefined,
      ],
      [
        'teleport_user_reviewed_access_request',
        'teleport_user:alice',
        'teleport_access_request:req-1',
        'approved',
      ],
      [
        'teleport_user_reviewed_access_request',
        'teleport_user:mallory',
        'teleport_access_request:req-1',
        'denied',
      ],
    ]);
    expect(relationships[2]).toMatchObject({ reason: 'on call', reviewedOn: NOW - 50_000 });
    expectGraph(relationships).toMatchDirectRelationshipSchema({});
  });
});

describe('requested resources and the graph kinds they belong to', () => {
  const scoped = request({
    requestedResourceIds: [
      { clusterName: 'acme', kind: 'node', name: 'n-1' },
      { clusterName: 'acme', kind: 'pod', name: 'prod-eks', subResourceName: 'web/api-0' },
      { clusterName: 'acme', kind: 'namespace', name: 'prod-eks', subResourceName: 'web' },
      { clusterName: 'acme', kind: 'kube_cluster', name: 'dev-k8s' },
      { clusterName: 'acme', kind: 'user_group', name: 'okta-admins' },
      { clusterName: 'leaf', kind: 'node', name: 'n-2' },
    ],
  });
  const resources = requestedResourcesOf(scoped);

  it.each<[string, number, string | undefined]>([
    ['a node', 0, 'node'],
    ['a pod (a Kubernetes resource: its name is the cluster)', 1, 'kube_cluster'],
    ['a namespace', 2, 'kube_cluster'],
    ['a Kubernetes cluster', 3, 'kube_cluster'],
    ['a kind the graph has no entities of', 4, undefined],
  ])('%s → %s', (_name, index, expected) => {
    expect(graphKindOf(resources[index]!)).toBe(expected);
  });

  it('relates the request to each resource of its cluster once, with the Kubernetes resources inside', () => {
    expect(createRequestedResourceRelationships(resources, 'node', 'acme')).toEqual([
      expect.objectContaining({
        _type: 'teleport_access_request_has_node',
        _fromEntityKey: 'teleport_access_request:req-1',
        _toEntityKey: 'teleport_node:n-1',
      }),
    ]);
    const kube = createRequestedResourceRelationships(resources, 'kube_cluster', 'acme');
    expect(kube.map((r) => [r._toEntityKey, r.kubernetesResources])).toEqual([
      ['teleport_kubernetes_cluster:prod-eks', 'pod/web/api-0, namespace/web'],
      ['teleport_kubernetes_cluster:dev-k8s', undefined],
    ]);
    // The leaf cluster's node is not this cluster's.
    expect(createRequestedResourceRelationships(resources, 'node', 'leaf')).toHaveLength(1);
    expect(createRequestedResourceRelationships(resources, 'db', 'acme')).toEqual([]);
    expectGraph(kube).toMatchDirectRelationshipSchema({});
  });
});

const harness = useStepHarness();

describe('fetch-access-requests, in-process with its dependencies (test/harness)', () => {
  let run: StepRun;
  let linked: StepRun;

  beforeAll(async () => {
    run = await harness.executeStep(ACCESS_REQUESTS_STEP);
    linked = await harness.executeStep('build-access-request-resources-node');
  });

  it('runs with its dependencies and matches its metadata', () => {
    expect(run.statuses[ACCESS_REQUESTS_STEP]).toBe('success');
    expectStepMetadata(run);
    expect(linked.statuses['build-access-request-resources-node']).toBe('success');
    expectStepMetadata(linked);
  });

  it('lists with ListAccessRequests and writes the pending and the approved, unexpired requests', () => {
    expect(run.calls.map((call) => call.method)).toContain('AuthService/ListAccessRequests');
    expect(run.calls.map((call) => call.method)).not.toContain('AuthService/GetAccessRequestsV2');
    const ids = run.ofType('teleport_access_request').map((entity) => entity.name);
    expect(ids.sort()).toEqual(
      [
        sampleAccessRequestIds.kevinApproved,
        sampleAccessRequestIds.ivanPending,
        sampleAccessRequestIds.carolResource,
      ].sort(),
    );
    expect(run.ofType('teleport_account_has_access_request')).toHaveLength(3);
  });

  it('relates requesters, reviewers and roles', () => {
    const kevin = `teleport_access_request:${sampleAccessRequestIds.kevinApproved}`;
    expect(
      run.between('teleport_user_created_access_request', 'teleport_user:kevin@acme.com', kevin),
    ).toHaveLength(1);
    expect(
      run.between('teleport_user_reviewed_access_request', 'teleport_user:alice@acme.com', kevin),
    ).toEqual([expect.objectContaining({ verdict: 'approved', reason: 'On call this week' })]);
    expect(
      run.between('teleport_access_request_has_role', kevin, 'teleport_role:prod-ssh'),
    ).toHaveLength(1);
    expect(run.entity('teleport_access_request', sampleAccessRequestIds.ivanPending)).toMatchObject(
      {
        state: 'pending',
        requester: 'ivan@contractor.io',
        suggestedReviewers: ['alice@acme.com', 'judy@acme.com'],
      },
    );
  });

  it('relates the resource-scoped request to the node it names, in a step after the nodes', () => {
    const carol = `teleport_access_request:${sampleAccessRequestIds.carolResource}`;
    expect(
      run.entity('teleport_access_request', sampleAccessRequestIds.carolResource),
    ).toMatchObject({
      resourceScoped: true,
      requestedResources: [`/acme.teleport.sh/node/${SAMPLE_WEB_1_NODE}`],
      accessDurationHours: 24,
    });
    expect(
      linked.between(
        'teleport_access_request_has_node',
        carol,
        `teleport_node:${SAMPLE_WEB_1_NODE}`,
      ),
    ).toHaveLength(1);
    expect(linked.statuses[Steps.NODES]).toBe('success');
  });
});

describe('effective roles with the sample organisation’s requests', () => {
  it('give kevin prod-ssh and carol access (for one node) until the access expiry, and hand the grants on', async () => {
    const run = await harness.executeStep(Steps.EFFECTIVE_ROLES);
    const through = run
      .ofType('teleport_user_has_role')
      .filter((grant) => grant.via === 'accessRequest');
    expect(
      through.map((grant) => [grant._fromEntityKey, grant._toEntityKey, grant.resourceScoped]),
    ).toEqual(
      expect.arrayContaining([
        ['teleport_user:kevin@acme.com', 'teleport_role:prod-ssh', false],
        ['teleport_user:carol@acme.com', 'teleport_role:access', true],
      ]),
    );
    expect(through).toHaveLength(2);
    expect(run.entity('teleport_user_login_state', 'kevin@acme.com')).toMatchObject({
      accessRequestRoles: ['prod-ssh'],
    });
    const handedOn = await jobData.accessRequestGrants({
      getData: async (key: string) => run.data[key],
    } as unknown as JobState);
    expect(handedOn?.map((grant) => [grant.user, grant.role, grant.resourceIds])).toEqual(
      expect.arrayContaining([
        ['kevin@acme.com', 'prod-ssh', []],
        ['carol@acme.com', 'access', [`/acme.teleport.sh/node/${SAMPLE_WEB_1_NODE}`]],
      ]),
    );
    expect(handedOn).toHaveLength(2);
  });
});

describe('fetch-access-requests switched off, and refused', () => {
  it('switched off: the step and the resource steps are disabled and nothing is asked', async () => {
    const run = await harness.executeStep('build-access-request-resources-node', {
      config: { ingestAccessRequests: false },
    });
    expect(run.statuses[ACCESS_REQUESTS_STEP]).toBe('disabled');
    expect(run.statuses['build-access-request-resources-node']).toBe('disabled');
    expect(countByType(run.graph.entities).teleport_access_request).toBeUndefined();
    expect(run.calls.map((call) => call.method)).not.toContain('AuthService/ListAccessRequests');
    const effective = await harness.executeStep(Steps.EFFECTIVE_ROLES, {
      config: { ingestAccessRequests: false },
    });
    expect(effective.calls.map((call) => call.method)).not.toContain(
      'AuthService/ListAccessRequests',
    );
    expect(
      effective.ofType('teleport_user_has_role').filter((grant) => grant.via === 'accessRequest'),
    ).toEqual([]);
  });

  it('refused: a MissingPermission warning naming access_request, nothing of its types, nothing dangling', async () => {
    const faults = [
      {
        method: 'AuthService/ListAccessRequests' as const,
        code: GrpcStatus.PERMISSION_DENIED,
        message: 'access denied to perform action "list" on "access_request"',
      },
    ];
    const run = await harness.executeStep('build-access-request-resources-node', { faults });
    expect(run.statuses[ACCESS_REQUESTS_STEP]).toBe('failure');
    expect(
      run.events
        .filter((event) => event.name === IntegrationWarnEventName.MissingPermission)
        .map((event) => event.description),
    ).toEqual([
      expect.stringContaining('the verbs [list, read] on the resources [access_request]'),
    ]);
    expect(countByType(run.graph.entities).teleport_access_request).toBeUndefined();
    expect(run.partialTypes).toEqual(
      expect.arrayContaining(['teleport_access_request', 'teleport_access_request_has_node']),
    );
    // Effective roles read the requests themselves, are refused too, warn and go on.
    const effective = await harness.executeStep(Steps.EFFECTIVE_ROLES, { faults });
    expect(effective.statuses[Steps.EFFECTIVE_ROLES]).toBe('success');
    expect(
      effective.ofType('teleport_user_has_role').filter((grant) => grant.via === 'accessRequest'),
    ).toEqual([]);
  });
});
