import { RPCS } from '../../teleport';
import { MappedRelationships } from '../constants';
import { defineResourceKindStep } from '../step';
import {
  createKubeClusterEntity,
  kubeClusterCloudTargets,
  kubeClusterLabels,
  unwrapKubeServer,
} from './converters';

export const kubernetesClusterSteps = [
  defineResourceKindStep({
    kind: 'kube_cluster',
    name: 'Fetch Kubernetes clusters',
    featureSwitch: 'ingestKubernetesClusters',
    noun: 'Kubernetes clusters',
    // One record per agent; one entity per cluster name.
    listing: RPCS.listKubeServers,
    served: unwrapKubeServer,
    convert: createKubeClusterEntity,
    access: ({ resource }) => ({
      name: resource.metadata?.name ?? '',
      labels: kubeClusterLabels(resource),
    }),
    // The EKS or GKE cluster the Teleport cluster is.
    mappedRelationships: [
      MappedRelationships.KUBERNETES_CLUSTER_IS_AWS_EKS_CLUSTER,
      MappedRelationships.KUBERNETES_CLUSTER_IS_GOOGLE_CONTAINER_CLUSTER,
    ],
    cloudTargets: ({ resource }) => kubeClusterCloudTargets(resource),
  }),
];
