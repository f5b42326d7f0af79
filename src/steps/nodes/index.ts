import { RPCS } from '../../teleport';
import { MappedRelationships } from '../constants';
import { defineResourceKindStep } from '../step';
import { createNodeEntity, nodeCloudTargets, nodeLabels } from './converters';

export const nodeSteps = [
  defineResourceKindStep({
    kind: 'node',
    name: 'Fetch SSH nodes',
    featureSwitch: 'ingestNodes',
    noun: 'nodes',
    listing: RPCS.listNodes,
    convert: createNodeEntity,
    access: (node) => ({ name: node.metadata?.name ?? '', labels: nodeLabels(node) }),
    // The EC2, Compute Engine or Azure instance the node runs on.
    mappedRelationships: [
      MappedRelationships.NODE_IS_AWS_INSTANCE,
      MappedRelationships.NODE_IS_GOOGLE_COMPUTE_INSTANCE,
      MappedRelationships.NODE_IS_AZURE_VM,
    ],
    cloudTargets: nodeCloudTargets,
  }),
];
