import { describe, expect, it } from 'vitest';
import { Steps } from '../../src/steps/constants';
import {
  createKubeClusterEntity,
  kubeClusterLabels,
  unwrapKubeServer,
} from '../../src/steps/kubernetes-clusters/converters';
import { groupServed } from '../../src/steps/served';
import type { KubernetesClusterV3, KubernetesServerV3 } from '../../src/teleport';
import { listedResourceTypes, useStepRun } from '../harness/step-run';
import { decodeAs, embedded, field, message } from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';

function cluster(
  name: string,
  labels: Record<string, string> = {},
  spec: KubernetesClusterV3['spec'] = {},
): KubernetesClusterV3 {
  return { kind: 'kube_cluster', metadata: { name, labels }, spec };
}

function server(
  hostname: string,
  hostId: string,
  served?: KubernetesClusterV3,
): KubernetesServerV3 {
  return { kind: 'kube_server', spec: { hostname, hostId, version: '17.4.8', cluster: served } };
}

describe('kubeClusterLabels (api/types/kubernetes.go GetAllLabels)', () => {
  it.each([
    ['static labels as they are', cluster('c', { env: 'prod' }), { env: 'prod' }],
    [
      'a dynamic label overrides a static label of its key with its last result',
      cluster('c', { region: 'stale' }, { dynamicLabels: { region: { result: 'eu-west-1' } } }),
      { region: 'eu-west-1' },
    ],
    [
      'a dynamic label with no result yet is an empty value',
      cluster('c', {}, { dynamicLabels: { nodes: {} } }),
      { nodes: '' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(kubeClusterLabels(input)).toEqual(expected);
  });
});

describe('one cluster per name, however many agents serve it (groupServed)', () => {
  it.each([
    [
      'two agents serving one cluster (high availability) make one, with both agents',
      [server('a', 'id-a', cluster('prod')), server('b', 'id-b', cluster('prod'))],
      [{ name: 'prod', agents: ['a', 'b'] }],
    ],
    [
      'an agent listed twice (a page repeated after a retry) counts once',
      [server('a', 'id-a', cluster('prod')), server('a', 'id-a', cluster('prod'))],
      [{ name: 'prod', agents: ['a'] }],
    ],
    [
      'one agent serving two clusters makes two',
      [server('a', 'id-a', cluster('prod')), server('a', 'id-a', cluster('dev'))],
      [
        { name: 'prod', agents: ['a'] },
        { name: 'dev', agents: ['a'] },
      ],
    ],
    [
      'a record without a cluster, or a cluster without a name, is skipped',
      [server('a', 'id-a'), server('b', 'id-b', { metadata: {} })],
      [],
    ],
  ])('%s', (_name, records, expected) => {
    expect(
      groupServed(records.map(unwrapKubeServer)).map(({ resource, agents }) => ({
        name: resource.metadata?.name,
        agents: agents.map((agent) => agent.hostname),
      })),
    ).toEqual(expected);
  });
});

describe('createKubeClusterEntity', () => {
  it('describes the cluster by its name, with its agents, labels and EKS identifiers', () => {
    const [served] = groupServed(
      [
        server(
          'kube-agent-b',
          'id-b',
          cluster(
            'prod-eks',
            { env: 'prod' },
            {
              dynamicLabels: { 'k8s-version': { result: 'v1.31' } },
              aws: { accountId: '123456789012', region: 'eu-west-1', name: 'prod-eks' },
            },
          ),
        ),
        server('kube-agent-a', 'id-a', cluster('prod-eks', { env: 'prod' })),
      ].map(unwrapKubeServer),
    );
    const entity = createKubeClusterEntity(served!);
    expect(entity).toMatchObject({
      _key: 'teleport_kubernetes_cluster:prod-eks',
      _class: ['Cluster'],
      name: 'prod-eks',
      displayName: 'prod-eks',
      agentCount: 2,
      agentHostnames: ['kube-agent-a', 'kube-agent-b'],
      agentVersions: ['17.4.8'],
      labels: ['env=prod', 'k8s-version=v1.31'],
      'labels.env': 'prod',
      'labels.k8s-version': 'v1.31',
      dynamicLabelKeys: ['k8s-version'],
      awsAccountId: '123456789012',
      awsRegion: 'eu-west-1',
      eksClusterName: 'prod-eks',
    });
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Cluster'] });
  });

  it('a cluster without labels or cloud identifiers has none of those properties', () => {
    const entity = createKubeClusterEntity({ resource: cluster('kind'), agents: [{}] });
    expect(entity).toMatchObject({ name: 'kind', agentCount: 1 });
    expect(entity).not.toHaveProperty('labels');
    expect(entity).not.toHaveProperty('awsAccountId');
    expect(entity).not.toHaveProperty('agentHostnames');
  });

  it('decodes the bytes Teleport sends, and never the kubeconfig', () => {
    // PaginatedResource{ kubernetes_server(7): KubernetesServerV3{ spec(5){ hostname(2),
    //   cluster(5){ metadata(4){ name(1) }, spec(5){ kubeconfig(2) } } } } }
    const bytes = embedded(
      7,
      embedded(
        5,
        field(2, 'kube-agent-a'),
        embedded(5, embedded(4, field(1, 'prod-eks')), embedded(5, field(2, 'apiVersion: v1'))),
      ),
    );
    const resource = decodeAs<{ kubernetesServer?: KubernetesServerV3 }>(
      'proto.PaginatedResource',
      message(bytes),
    );
    const served = groupServed([unwrapKubeServer(resource.kubernetesServer!)]);
    expect(served[0]!.resource.spec).not.toHaveProperty('kubeconfig');
    expect(JSON.stringify(createKubeClusterEntity(served[0]!))).not.toContain('apiVersion');
  });
});

describe('the fetch-kubernetes-clusters step, in-process against the stand-in', () => {
  const run = useStepRun(Steps.KUBERNETES_CLUSTERS);

  it('lists kube servers with ListResources and writes each cluster once, owned by the account', () => {
    expect(listedResourceTypes(run)).toEqual(['kube_server']);
    expect(run.ofType('teleport_kubernetes_cluster')).toHaveLength(4);
    expect(run.ofType('teleport_account_has_kubernetes_cluster')).toHaveLength(4);
    expect(run.entity('teleport_kubernetes_cluster', 'prod-eks')).toMatchObject({
      agentCount: 2,
      agentHostnames: ['kube-agent-a', 'kube-agent-b'],
      eksClusterName: 'prod-eks',
      awsAccountId: '123456789012',
      'labels.env': 'prod',
    });
    expect(run.entity('teleport_kubernetes_cluster', 'staging-eks')).toMatchObject({
      agentCount: 1,
      'labels.k8s-version': 'v1.31',
    });
  });

  it('maps each EKS and GKE cluster to the cloud cluster it is', () => {
    const eks = (name: string) => ({
      source: `teleport_kubernetes_cluster:${name}`,
      target: {
        _type: 'aws_eks_cluster',
        _key: `arn:aws:eks:eu-west-1:123456789012:cluster/${name}`,
      },
    });
    expect(run.mapped('teleport_kubernetes_cluster_is_aws_eks_cluster')).toEqual([
      eks('prod-eks'),
      eks('staging-eks'),
    ]);
    expect(run.mapped('teleport_kubernetes_cluster_is_google_container_cluster')).toEqual([
      {
        source: 'teleport_kubernetes_cluster:analytics-gke',
        target: {
          _type: 'google_container_cluster',
          webLink:
            'https://console.cloud.google.com/kubernetes/clusters/details/europe-west1/analytics/details?folder=&organizationId=&project=acme-data',
        },
      },
    ]);
  });
});
