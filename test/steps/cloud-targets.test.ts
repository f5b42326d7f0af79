/**
 * The mapped relationships from Teleport resources to the cloud resources they are: each target
 * filter is checked against the entity the other JupiterOne integration writes for that resource,
 * built as that integration's own source builds it (cited per case), beside decoys that must not
 * match. Resolution is the SDK's own (`toTargetEntities`, exactly one target).
 */
import { describe, expect, it } from 'vitest';
import type { Entity, MappedRelationship } from '@jupiterone/integration-sdk-core';
import {
  awsPartition,
  cloudMappedRelationships,
  cloudTargets,
  createCloudMappedRelationship,
  type CloudTarget,
} from '../../src/steps/cloud-targets';
import { MappedRelationships } from '../../src/steps/constants';
import { nodeCloudFacts, nodeCloudTargets } from '../../src/steps/nodes/converters';
import { databaseCloudTargets } from '../../src/steps/databases/converters';
import { kubeClusterCloudTargets } from '../../src/steps/kubernetes-clusters/converters';
import type { DatabaseV3, KubernetesClusterV3, ServerV2 } from '../../src/teleport';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toTargetEntities } = require('@jupiterone/integration-sdk-testing') as {
  toTargetEntities(
    relationships: MappedRelationship[],
    entities: Partial<Entity>[],
    options?: { enforceSingleTarget?: boolean },
  ): { pass: boolean; message(): string };
};

/** The entities of `candidates` the mapping's filter selects (what JupiterOne's mapper matches). */
function resolve(relationship: MappedRelationship, candidates: Partial<Entity>[]): string[] {
  const { targetEntity, targetFilterKeys } = relationship._mapping;
  return candidates
    .filter((candidate) =>
      targetFilterKeys.every((keys) =>
        [keys]
          .flat()
          .every(
            (key) =>
              (targetEntity as Record<string, unknown>)[key] ===
              (candidate as Record<string, unknown>)[key],
          ),
      ),
    )
    .map((candidate) => candidate._key!);
}

const SOURCE = 'teleport_node:5f0c6f4e-2b1a-4d8e-9c3b-7a6e5d4c3b2a';

interface Case {
  name: string;
  /** Where the other integration writes the target's matched properties. */
  source: string;
  target: CloudTarget | undefined;
  metadata: (typeof MappedRelationships)[keyof typeof MappedRelationships];
  /** The entity the other integration writes for this resource. */
  written: Partial<Entity>;
  /** Entities it writes for other resources, which must not match. */
  decoys: Partial<Entity>[];
}

const cases: Case[] = [
  {
    name: 'EC2 instance with its region: by the instance ARN',
    // JupiterOne-Archives/graph-qualys src/steps/vmdr/converters.ts getEC2HostAssetArn and
    // createServiceScansEC2HostAssetRelationship: aws_instance matched on _type and _key, the ARN.
    source: 'graph-qualys getEC2HostAssetArn',
    target: cloudTargets.ec2Instance({
      accountId: '123456789012',
      region: 'eu-west-1',
      instanceId: 'i-0123456789abcdef0',
    }),
    metadata: MappedRelationships.NODE_IS_AWS_INSTANCE,
    written: {
      _type: 'aws_instance',
      _key: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0',
      instanceId: 'i-0123456789abcdef0',
      accountId: '123456789012',
    },
    decoys: [
      {
        _type: 'aws_instance',
        _key: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0fedcba9876543210',
        instanceId: 'i-0fedcba9876543210',
      },
    ],
  },
  {
    name: 'EC2 instance known by its id alone (an agent heartbeat): by instanceId',
    // JupiterOne's published mapping rules (JupiterOne-Archives/docs-old
    // docs/data-model/mappings-integrations.md): aws_ecs_container_instance <-RUNS- aws_instance
    // on instanceId; crowdstrike_sensor -PROTECTS-> aws_instance transfers instanceId.
    source: 'JupiterOne mapping rules, aws_instance.instanceId',
    target: cloudTargets.ec2Instance({
      accountId: '123456789012',
      instanceId: 'i-0fedcba9876543210',
    }),
    metadata: MappedRelationships.NODE_IS_AWS_INSTANCE,
    written: {
      _type: 'aws_instance',
      _key: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0fedcba9876543210',
      instanceId: 'i-0fedcba9876543210',
    },
    decoys: [
      {
        _type: 'aws_instance',
        _key: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0',
        instanceId: 'i-0123456789abcdef0',
      },
      // An RDS instance whose instanceId happens to be the same string is another type.
      { _type: 'aws_db_instance', _key: 'arn:aws:rds:x', instanceId: 'i-0fedcba9876543210' },
    ],
  },
  {
    name: 'RDS DB instance: by its ARN, so the same identifier in another account does not match',
    source: 'AWS ARN format for RDS db (AWS integration source not public)',
    target: cloudTargets.rdsInstance({
      accountId: '123456789012',
      region: 'eu-west-1',
      instanceId: 'orders-prod',
    }),
    metadata: MappedRelationships.DATABASE_IS_AWS_DB_INSTANCE,
    written: {
      _type: 'aws_db_instance',
      _key: 'arn:aws:rds:eu-west-1:123456789012:db:orders-prod',
    },
    decoys: [
      { _type: 'aws_db_instance', _key: 'arn:aws:rds:eu-west-1:210987654321:db:orders-prod' },
      { _type: 'aws_rds_cluster', _key: 'arn:aws:rds:eu-west-1:123456789012:cluster:orders-prod' },
    ],
  },
  {
    name: 'Aurora DB cluster: by its ARN',
    source: 'AWS ARN format for RDS cluster (AWS integration source not public)',
    target: cloudTargets.rdsCluster({
      accountId: '123456789012',
      region: 'eu-west-1',
      clusterId: 'analytics',
    }),
    metadata: MappedRelationships.DATABASE_IS_AWS_RDS_CLUSTER,
    written: {
      _type: 'aws_rds_cluster',
      _key: 'arn:aws:rds:eu-west-1:123456789012:cluster:analytics',
    },
    decoys: [{ _type: 'aws_db_instance', _key: 'arn:aws:rds:eu-west-1:123456789012:db:analytics' }],
  },
  {
    name: 'EKS cluster: by its ARN',
    source: 'AWS ARN format for EKS cluster (AWS integration source not public)',
    target: cloudTargets.eksCluster({
      accountId: '123456789012',
      region: 'eu-west-1',
      name: 'prod-eks',
    }),
    metadata: MappedRelationships.KUBERNETES_CLUSTER_IS_AWS_EKS_CLUSTER,
    written: {
      _type: 'aws_eks_cluster',
      _key: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks',
    },
    decoys: [
      { _type: 'aws_eks_cluster', _key: 'arn:aws:eks:us-east-1:123456789012:cluster/prod-eks' },
    ],
  },
  {
    name: 'Compute Engine instance: by its selfLink',
    // JupiterOne/graph-google-cloud src/steps/compute/converters.ts createComputeInstanceEntity:
    // `_key: data.selfLink`; the selfLink form as its fixtures (and graph-qualys
    // getGCPHostAssetSelfLink) write it.
    source: 'graph-google-cloud createComputeInstanceEntity',
    target: cloudTargets.gceInstance({
      projectId: 'acme-staging',
      zone: 'europe-west1-b',
      name: 'app-1',
    }),
    metadata: MappedRelationships.NODE_IS_GOOGLE_COMPUTE_INSTANCE,
    written: {
      _type: 'google_compute_instance',
      _key: 'https://www.googleapis.com/compute/v1/projects/acme-staging/zones/europe-west1-b/instances/app-1',
      name: 'app-1',
    },
    decoys: [
      {
        _type: 'google_compute_instance',
        _key: 'https://www.googleapis.com/compute/v1/projects/acme-staging/zones/europe-west1-c/instances/app-1',
        name: 'app-1',
      },
    ],
  },
  {
    name: 'GKE cluster: by its console webLink, the one property holding project, location and name',
    // JupiterOne/graph-google-cloud src/steps/containers/converters.ts createContainerClusterEntity:
    // `_key: getContainerClusterKey(id)` (GKE's cluster id, unknown to Teleport), `webLink:
    // getGoogleCloudConsoleWebLink('/kubernetes/clusters/details/<location>/<name>/details?folder=&organizationId=&project=<project>')`,
    // and src/utils/url.ts getGoogleCloudConsoleWebLink: `https://console.cloud.google.com${encodeURI(path)}`.
    source: 'graph-google-cloud createContainerClusterEntity',
    target: cloudTargets.gkeCluster({
      projectId: 'acme-data',
      location: 'europe-west1',
      name: 'analytics',
    }),
    metadata: MappedRelationships.KUBERNETES_CLUSTER_IS_GOOGLE_CONTAINER_CLUSTER,
    written: {
      _type: 'google_container_cluster',
      _key: 'google_container_cluster:1b2c3d4e5f6a7b8c',
      name: 'analytics',
      location: 'europe-west1',
      webLink:
        'https://console.cloud.google.com/kubernetes/clusters/details/europe-west1/analytics/details?folder=&organizationId=&project=acme-data',
    },
    decoys: [
      {
        _type: 'google_container_cluster',
        _key: 'google_container_cluster:9f8e7d6c5b4a3921',
        name: 'analytics',
        location: 'europe-west1',
        webLink:
          'https://console.cloud.google.com/kubernetes/clusters/details/europe-west1/analytics/details?folder=&organizationId=&project=acme-sandbox',
      },
    ],
  },
  {
    name: 'Cloud SQL for PostgreSQL instance: by its selfLink',
    // JupiterOne/graph-google-cloud src/steps/sql-admin/converters.ts createPostgresInstanceEntity:
    // `_key: instance.selfLink`, in the form of its fixtures
    // (src/steps/sql-admin/__snapshots__/converters.test.ts.snap).
    source: 'graph-google-cloud createPostgresInstanceEntity',
    target: cloudTargets.cloudSqlInstance({
      protocol: 'postgres',
      projectId: 'j1-gc-integration-dev-v2',
      instanceId: 'cloud-sql-postgres',
    }),
    metadata: MappedRelationships.DATABASE_IS_GOOGLE_SQL_POSTGRES_INSTANCE,
    written: {
      _type: 'google_sql_postgres_instance',
      _key: 'https://www.googleapis.com/sql/v1beta4/projects/j1-gc-integration-dev-v2/instances/cloud-sql-postgres',
    },
    decoys: [
      {
        _type: 'google_sql_mysql_instance',
        _key: 'https://www.googleapis.com/sql/v1beta4/projects/j1-gc-integration-dev-v2/instances/cloud-sql-postgres',
      },
    ],
  },
  {
    name: 'Cloud SQL for MySQL instance: by its selfLink',
    // graph-google-cloud src/steps/sql-admin/converters.ts createMySQLInstanceEntity.
    source: 'graph-google-cloud createMySQLInstanceEntity',
    target: cloudTargets.cloudSqlInstance({
      protocol: 'mysql',
      projectId: 'acme-payments',
      instanceId: 'billing-mysql',
    }),
    metadata: MappedRelationships.DATABASE_IS_GOOGLE_SQL_MYSQL_INSTANCE,
    written: {
      _type: 'google_sql_mysql_instance',
      _key: 'https://www.googleapis.com/sql/v1beta4/projects/acme-payments/instances/billing-mysql',
    },
    decoys: [
      {
        _type: 'google_sql_mysql_instance',
        _key: 'https://www.googleapis.com/sql/v1beta4/projects/acme-data/instances/billing-mysql',
      },
    ],
  },
  {
    name: 'Azure virtual machine: by its VM id',
    // JupiterOne/graph-azure src/steps/resource-manager/compute/converters.ts
    // createVirtualMachineEntity: `_key: data.id!.toLowerCase()`, `vmId: data.vmId`.
    source: 'graph-azure createVirtualMachineEntity',
    target: cloudTargets.azureVm('5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f'),
    metadata: MappedRelationships.NODE_IS_AZURE_VM,
    written: {
      _type: 'azure_vm',
      _key: '/subscriptions/0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b/resourcegroups/ci-runners/providers/microsoft.compute/virtualmachines/ci-runner-1',
      vmId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
    },
    decoys: [
      {
        _type: 'azure_vm',
        _key: '/subscriptions/0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b/resourcegroups/ci-runners/providers/microsoft.compute/virtualmachines/ci-runner-2',
        vmId: '6d7e8f9a-0b1c-4d2e-9f3a-4b5c6d7e8f9a',
      },
    ],
  },
];

describe('each mapping resolves to what the other integration writes, and to nothing else', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.target, c.source).toBeDefined();
    const relationship = createCloudMappedRelationship(c.metadata, SOURCE, c.target!);
    expect(resolve(relationship, [...c.decoys, c.written])).toEqual([c.written._key]);
    expect(resolve(relationship, c.decoys)).toEqual([]);
    const sdk = toTargetEntities([relationship], [...c.decoys, c.written], {
      enforceSingleTarget: true,
    });
    expect(sdk.pass, sdk.message()).toBe(true);
    expect(toTargetEntities([relationship], c.decoys).pass).toBe(false);
  });
});

describe('the mapped relationship', () => {
  it('is an IS from the Teleport entity, never creating its target, keyed by target', () => {
    const relationship = createCloudMappedRelationship(
      MappedRelationships.NODE_IS_AWS_INSTANCE,
      SOURCE,
      cloudTargets.ec2Instance({ instanceId: 'i-0fedcba9876543210' })!,
    );
    expect(relationship).toEqual({
      _key: `${SOURCE}|is|aws_instance:instanceId=i-0fedcba9876543210`,
      _type: 'teleport_node_is_aws_instance',
      _class: 'IS',
      displayName: 'IS',
      _mapping: {
        relationshipDirection: 'FORWARD',
        sourceEntityKey: SOURCE,
        targetFilterKeys: [['_type', 'instanceId']],
        targetEntity: { _type: 'aws_instance', instanceId: 'i-0fedcba9876543210' },
        skipTargetCreation: true,
      },
    });
    expect(relationship).not.toHaveProperty('_toEntityKey');
  });

  it('a key-matched target gives the relationship that key', () => {
    const relationship = createCloudMappedRelationship(
      MappedRelationships.KUBERNETES_CLUSTER_IS_AWS_EKS_CLUSTER,
      'teleport_kubernetes_cluster:prod-eks',
      cloudTargets.eksCluster({ accountId: '1', region: 'eu-west-1', name: 'prod-eks' })!,
    );
    expect(relationship._key).toBe(
      'teleport_kubernetes_cluster:prod-eks|is|arn:aws:eks:eu-west-1:1:cluster/prod-eks',
    );
  });

  it('a target of a type the step did not declare is refused', () => {
    expect(() =>
      cloudMappedRelationships([MappedRelationships.NODE_IS_AZURE_VM], SOURCE, [
        cloudTargets.ec2Instance({ instanceId: 'i-1' }),
      ]),
    ).toThrow(/No mapped relationship to aws_instance/);
  });
});

describe('target builders: incomplete facts give no target', () => {
  it.each([
    ['no instance id', cloudTargets.ec2Instance({ accountId: '1', region: 'eu-west-1' })],
    ['an empty instance id', cloudTargets.ec2Instance({ instanceId: '' })],
    ['RDS without region', cloudTargets.rdsInstance({ accountId: '1', instanceId: 'db' })],
    ['RDS cluster without account', cloudTargets.rdsCluster({ region: 'x', clusterId: 'c' })],
    ['EKS without name', cloudTargets.eksCluster({ accountId: '1', region: 'x', name: '' })],
    ['GCE without zone', cloudTargets.gceInstance({ projectId: 'p', name: 'n' })],
    ['GKE without project', cloudTargets.gkeCluster({ location: 'l', name: 'n' })],
    [
      'Cloud SQL of an engine graph-google-cloud has no type for here',
      cloudTargets.cloudSqlInstance({ protocol: 'sqlserver', projectId: 'p', instanceId: 'i' }),
    ],
    ['Azure without VM id', cloudTargets.azureVm(undefined)],
  ])('%s', (_name, target) => {
    expect(target).toBeUndefined();
  });

  it.each([
    ['eu-west-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('the ARN partition of %s is %s', (region, partition) => {
    expect(awsPartition(region)).toBe(partition);
  });
});

describe('what each Teleport resource says of its cloud', () => {
  const node = (labels: Record<string, string>, spec: ServerV2['spec'] = {}): ServerV2 => ({
    kind: 'node',
    metadata: { name: 'uuid-1', labels },
    spec,
  });

  it.each([
    [
      'an EC2 Instance Connect node: its cloud metadata, with region',
      node(
        {},
        {
          cloudMetadata: {
            aws: { accountId: '123456789012', instanceId: 'i-1', region: 'eu-west-1' },
          },
        },
      ),
      [
        {
          _type: 'aws_instance',
          filter: { _key: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1' },
        },
      ],
    ],
    [
      'an agent on EC2: its heartbeat carries no region',
      node({}, { cloudMetadata: { aws: { accountId: '123456789012', instanceId: 'i-2' } } }),
      [{ _type: 'aws_instance', filter: { instanceId: 'i-2' } }],
    ],
    [
      'a node Teleport installed on EC2: its discovery labels',
      node({ 'teleport.dev/account-id': '123456789012', 'teleport.dev/instance-id': 'i-3' }),
      [{ _type: 'aws_instance', filter: { instanceId: 'i-3' } }],
    ],
    [
      'a node Teleport installed on GCP: project, zone and name labels',
      node({
        'teleport.internal/project-id': 'p',
        'teleport.internal/zone': 'europe-west1-b',
        'teleport.internal/name': 'vm-1',
      }),
      [
        {
          _type: 'google_compute_instance',
          filter: {
            _key: 'https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b/instances/vm-1',
          },
        },
      ],
    ],
    [
      'a node Teleport installed on Azure: the VM id label',
      node({ 'teleport.internal/subscription-id': 's', 'teleport.internal/vm-id': 'v' }),
      [{ _type: 'azure_vm', filter: { vmId: 'v' } }],
    ],
    [
      'a GCP node missing its zone label is not mapped',
      node({ 'teleport.internal/project-id': 'p', 'teleport.internal/name': 'vm-1' }),
      [],
    ],
    [
      'a command label of a discovery key is not a discovery label',
      node({}, { cmdLabels: { 'teleport.internal/vm-id': { result: 'v' } } }),
      [],
    ],
    ['a node that says nothing of a cloud', node({ env: 'prod' }), []],
  ])('%s', (_name, input, expected) => {
    expect(nodeCloudTargets(input)).toEqual(expected);
  });

  it('a node records the cloud facts it was matched by', () => {
    expect(
      nodeCloudFacts(
        node({
          'teleport.internal/subscription-id': 's',
          'teleport.internal/vm-id': 'v',
          'teleport.internal/region': 'westeurope',
          'teleport.internal/resource-group': 'rg',
        }),
      ),
    ).toMatchObject({
      azureSubscriptionId: 's',
      azureVmId: 'v',
      azureRegion: 'westeurope',
      azureResourceGroup: 'rg',
    });
  });

  const database = (spec: DatabaseV3['spec'], status?: DatabaseV3['status']): DatabaseV3 => ({
    metadata: { name: 'db' },
    spec,
    status,
  });
  const rds = { accountId: '123456789012', region: 'eu-west-1' };

  it.each([
    [
      'an RDS instance',
      database({ protocol: 'postgres', aws: { ...rds, rds: { instanceId: 'orders' } } }),
      ['arn:aws:rds:eu-west-1:123456789012:db:orders'],
    ],
    [
      'an Aurora member instance is the instance, not its cluster',
      database({
        protocol: 'mysql',
        aws: { ...rds, rds: { instanceId: 'analytics-1', clusterId: 'analytics' } },
      }),
      ['arn:aws:rds:eu-west-1:123456789012:db:analytics-1'],
    ],
    [
      'an Aurora cluster endpoint, from what the agent discovered (status)',
      database({ protocol: 'mysql' }, { aws: { ...rds, rds: { clusterId: 'analytics' } } }),
      ['arn:aws:rds:eu-west-1:123456789012:cluster:analytics'],
    ],
    [
      'a Redshift cluster is not an RDS resource',
      database({ protocol: 'postgres', aws: { ...rds, redshift: { clusterId: 'dw' } } }),
      [],
    ],
    [
      'a Cloud SQL instance',
      database({ protocol: 'postgres', gcp: { projectId: 'p', instanceId: 'i' } }),
      ['https://www.googleapis.com/sql/v1beta4/projects/p/instances/i'],
    ],
    ['a self-hosted database', database({ protocol: 'cockroachdb' }), []],
    [
      'empty AWS and GCP messages, as Go marshals these non-nullable fields of every database',
      database({ protocol: 'postgres', aws: {}, gcp: {} }, { aws: {} }),
      [],
    ],
  ])('%s', (_name, input, expected) => {
    expect(databaseCloudTargets(input).map((target) => target.filter._key)).toEqual(expected);
  });

  const cluster = (spec: KubernetesClusterV3['spec']): KubernetesClusterV3 => ({
    metadata: { name: 'k' },
    spec,
  });

  it.each([
    [
      'an EKS cluster',
      cluster({ aws: { ...rds, name: 'prod-eks' } }),
      [
        {
          _type: 'aws_eks_cluster',
          filter: { _key: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks' },
        },
      ],
    ],
    [
      'a GKE cluster',
      cluster({ gcp: { projectId: 'p', location: 'europe-west1', name: 'g' } }),
      [
        {
          _type: 'google_container_cluster',
          filter: {
            webLink:
              'https://console.cloud.google.com/kubernetes/clusters/details/europe-west1/g/details?folder=&organizationId=&project=p',
          },
        },
      ],
    ],
    [
      'an AKS cluster is not mapped',
      cluster({ azure: { subscriptionId: 's', resourceGroup: 'rg', resourceName: 'aks' } }),
      [],
    ],
    ['a cluster outside any cloud', cluster({}), []],
  ])('%s', (_name, input, expected) => {
    expect(kubeClusterCloudTargets(input)).toEqual(expected);
  });
});
