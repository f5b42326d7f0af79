import { describe, expect, it } from 'vitest';
import { Steps } from '../../src/steps/constants';
import { listedResourceTypes, useStepRun } from '../harness/step-run';
import { createNodeEntity, nodeLabels } from '../../src/steps/nodes/converters';
import type { ServerV2 } from '../../src/teleport';
import { decodeAs, embedded, field, message, varintField } from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';

function node(labels: Record<string, string>, spec: ServerV2['spec'] = {}): ServerV2 {
  return { kind: 'node', metadata: { name: 'uuid-1', labels }, spec: { hostname: 'h1', ...spec } };
}

describe('nodeLabels (api/types/server.go GetAllLabels)', () => {
  it.each([
    ['static labels as they are', node({ env: 'prod' }), { env: 'prod' }],
    [
      'a command label overrides a static label of its key with its last result',
      node({ arch: 'stale' }, { cmdLabels: { arch: { result: 'x86_64' } } }),
      { arch: 'x86_64' },
    ],
    [
      'a command label with no result yet is an empty value',
      node({}, { cmdLabels: { uptime: {} } }),
      { uptime: '' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(nodeLabels(input)).toEqual(expected);
  });
});

describe('createNodeEntity', () => {
  it('describes the node by its UUID, with hostname, address, labels and AWS identifiers', () => {
    const entity = createNodeEntity(
      node(
        { env: 'prod', 'teleport.dev/origin': 'config-file' },
        {
          addr: '10.0.1.10:3022',
          version: '17.4.8',
          cloudMetadata: {
            aws: { accountId: '123456789012', instanceId: 'i-1', region: 'eu-west-1' },
          },
        },
      ),
    );
    expect(entity).toMatchObject({
      _key: 'teleport_node:uuid-1',
      _class: ['Host'],
      name: 'uuid-1',
      displayName: 'h1',
      hostname: 'h1',
      address: '10.0.1.10:3022',
      tunnel: false,
      teleportVersion: '17.4.8',
      labels: ['env=prod', 'teleport.dev/origin=config-file'],
      'labels.env': 'prod',
      'labels.teleport.dev-origin': 'config-file',
      awsAccountId: '123456789012',
      awsInstanceId: 'i-1',
      awsRegion: 'eu-west-1',
    });
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Host'] });
  });

  it('a tunnelled node has no address, and a node without a hostname is named by its UUID', () => {
    const entity = createNodeEntity({ metadata: { name: 'uuid-2' }, spec: { useTunnel: true } });
    expect(entity).toMatchObject({ hostname: 'uuid-2', tunnel: true });
    expect(entity).not.toHaveProperty('address');
    expect(entity).not.toHaveProperty('labels');
  });

  it('decodes the bytes Teleport sends: the wrapped node of a ListResources page', () => {
    // PaginatedResource{ node(3): ServerV2{ metadata(4){ name(1) }, spec(5){ hostname(3), use_tunnel(6) } } }
    const bytes = embedded(
      3,
      embedded(4, field(1, 'uuid-3')),
      embedded(5, field(3, 'edge-1'), varintField(6, 1)),
    );
    const resource = decodeAs<{ node?: ServerV2 }>('proto.PaginatedResource', message(bytes));
    expect(createNodeEntity(resource.node!)).toMatchObject({
      name: 'uuid-3',
      hostname: 'edge-1',
      tunnel: true,
    });
  });
});

describe('the fetch-nodes step, in-process against the stand-in', () => {
  const run = useStepRun(Steps.NODES);

  it('lists nodes with ListResources, one kind a page, and writes each once, owned by the account', () => {
    expect(listedResourceTypes(run)).toEqual(['node']);
    expect(run.ofType('teleport_node')).toHaveLength(5);
    expect(run.ofType('teleport_account_has_node')).toHaveLength(5);
    expect(run.entity('teleport_node', '6a1d7e5f-3c2b-4e9f-8d4c-8b7f6e5d4c3b')).toMatchObject({
      hostname: 'db-1.prod.acme.internal',
      'labels.arch': 'x86_64',
      awsInstanceId: 'i-0fedcba9876543210',
    });
    expect(run.entity('teleport_node', '9d4a0b8c-6f5e-4b2c-9a7f-be0c9b8a7f6e')).toMatchObject({
      azureVmId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
      azureResourceGroup: 'ci-runners',
    });
  });

  it('maps each node Teleport knows in a cloud to that cloud instance, and no other node', () => {
    const node = (id: string) => `teleport_node:${id}`;
    expect(run.mapped('teleport_node_is_aws_instance')).toEqual([
      {
        // An EC2 Instance Connect node reports its region: the instance ARN.
        source: node('5f0c6f4e-2b1a-4d8e-9c3b-7a6e5d4c3b2a'),
        target: {
          _type: 'aws_instance',
          _key: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0',
        },
      },
      {
        // An agent's heartbeat reports no region: the instance id.
        source: node('6a1d7e5f-3c2b-4e9f-8d4c-8b7f6e5d4c3b'),
        target: { _type: 'aws_instance', instanceId: 'i-0fedcba9876543210' },
      },
    ]);
    expect(run.mapped('teleport_node_is_google_compute_instance')).toEqual([
      {
        source: node('7b2e8f6a-4d3c-4f0a-9e5d-9c8a7f6e5d4c'),
        target: {
          _type: 'google_compute_instance',
          _key: 'https://www.googleapis.com/compute/v1/projects/acme-staging/zones/europe-west1-b/instances/app-1',
        },
      },
    ]);
    expect(run.mapped('teleport_node_is_azure_vm')).toEqual([
      {
        source: node('9d4a0b8c-6f5e-4b2c-9a7f-be0c9b8a7f6e'),
        target: { _type: 'azure_vm', vmId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f' },
      },
    ]);
  });
});
