import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import { Entities, MappedRelationships, Relationships, Steps } from '../constants';
import { jobData } from '../job-data';
import { listServed } from '../served';
import {
  createKubeClusterEntity,
  kubeClusterCloudTargets,
  kubeClusterLabels,
  unwrapKubeServer,
} from './converters';

export const kubernetesClusterSteps = [
  defineAccountResourceStep({
    id: Steps.KUBERNETES_CLUSTERS,
    name: 'Fetch Kubernetes clusters',
    entity: Entities.KUBERNETES_CLUSTER,
    accountHas: Relationships.ACCOUNT_HAS_KUBERNETES_CLUSTER,
    // `list` and `read` on kube_server, and kubernetes_labels '*': '*' in the reader role: Teleport
    // returns only the clusters the caller's own roles reach (lib/auth/auth_with_roles.go
    // ListResources, resourceChecker.CanAccess on the served cluster).
    permission: { resources: ['kube_server'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestKubernetesClusters',
    switchedOffListsNothing: true,
    noun: 'Kubernetes clusters',
    // One record per agent; one entity per cluster name.
    list: (client, each) =>
      listServed(
        client,
        RPCS.listKubeServers,
        (resource) => resource.kubernetesServer && unwrapKubeServer(resource.kubernetesServer),
        each,
      ),
    convert: createKubeClusterEntity,
    // The EKS or GKE cluster the Teleport cluster is.
    mappedRelationships: [
      MappedRelationships.KUBERNETES_CLUSTER_IS_AWS_EKS_CLUSTER,
      MappedRelationships.KUBERNETES_CLUSTER_IS_GOOGLE_CONTAINER_CLUSTER,
    ],
    cloudTargets: ({ resource }) => kubeClusterCloudTargets(resource),
    handOver: {
      pick: ({ resource: cluster }) => ({
        kind: 'kube_cluster' as const,
        name: cluster.metadata?.name ?? '',
        labels: kubeClusterLabels(cluster),
      }),
      store: (jobState, resources) => jobData.setResources(jobState, 'kube_cluster', resources),
    },
  }),
];
