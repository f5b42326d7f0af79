import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import { ACCOUNT_HAS_NODE, NODES_STEP, NODE_ENTITY } from './constants';
import { createNodeEntity } from './converters';

export const nodeSteps = [
  defineAccountResourceStep({
    id: NODES_STEP,
    name: 'Fetch SSH nodes',
    entity: NODE_ENTITY,
    accountHas: ACCOUNT_HAS_NODE,
    // `list` on node, and node_labels '*': '*' in the reader role: Teleport returns only the
    // nodes the caller's own roles reach (lib/auth/auth_with_roles.go ListResources).
    permission: { resources: ['node'], verbs: ['list'] },
    featureSwitch: 'ingestNodes',
    noun: 'nodes',
    list: (client, each) =>
      client.list(RPCS.listNodes, async (resource) => {
        if (resource.node) {
          await each(resource.node);
        }
      }),
    convert: createNodeEntity,
  }),
];
