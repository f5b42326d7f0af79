import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import { Entities, MappedRelationships, Relationships, Steps } from '../constants';
import { jobData } from '../job-data';
import { createNodeEntity, nodeCloudTargets, nodeLabels } from './converters';

export const nodeSteps = [
  defineAccountResourceStep({
    id: Steps.NODES,
    name: 'Fetch SSH nodes',
    entity: Entities.NODE,
    accountHas: Relationships.ACCOUNT_HAS_NODE,
    // `list` on node, and node_labels '*': '*' in the reader role: Teleport returns only the
    // nodes the caller's own roles reach (lib/auth/auth_with_roles.go ListResources).
    permission: { resources: ['node'], verbs: ['list'] },
    featureSwitch: 'ingestNodes',
    switchedOffListsNothing: true,
    noun: 'nodes',
    list: (client, each) =>
      client.list(RPCS.listNodes, async (resource) => {
        if (resource.node) {
          await each(resource.node);
        }
      }),
    convert: createNodeEntity,
    // The EC2, Compute Engine or Azure instance the node runs on.
    mappedRelationships: [
      MappedRelationships.NODE_IS_AWS_INSTANCE,
      MappedRelationships.NODE_IS_GOOGLE_COMPUTE_INSTANCE,
      MappedRelationships.NODE_IS_AZURE_VM,
    ],
    cloudTargets: nodeCloudTargets,
    // Access evaluation matches role label selectors against the labels Teleport matches.
    handOver: {
      pick: (node) => ({
        kind: 'node' as const,
        name: node.metadata?.name ?? '',
        labels: nodeLabels(node),
      }),
      store: (jobState, resources) => jobData.setResources(jobState, 'node', resources),
    },
  }),
];
