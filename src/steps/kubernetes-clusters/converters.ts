import type { Entity } from '@jupiterone/integration-sdk-core';
import type { KubernetesClusterV3, KubernetesServerV3 } from '../../teleport';
import { definedOnly, nonEmptyString, namedEntity } from '../graph-values';
import { allLabels, dynamicLabelKeys, labelProperties } from '../labels';
import { agentProperties, servedBy, type Served, type ServedRecord } from '../served';
import { Entities } from '../constants';
import { cloudTargets, type CloudTarget } from '../cloud-targets';

/** A kube agent's record split into the cluster it serves and the agent itself. */
export const unwrapKubeServer = (server: KubernetesServerV3): ServedRecord<KubernetesClusterV3> =>
  servedBy(server.spec, server.spec?.cluster);

/**
 * A cluster's labels as Teleport matches them against `kubernetes_labels`: static labels and its
 * dynamic labels' results (api/types/kubernetes.go `GetAllLabels`).
 */
export const kubeClusterLabels = (cluster: KubernetesClusterV3) => allLabels(cluster);

/**
 * The managed cluster the Teleport cluster is, as JupiterOne's cloud integrations record it: the
 * EKS or GKE cluster its AWS or GCP facts name (api/types/kubernetes.go `GetAWSConfig`,
 * `GetGCPConfig`). AKS clusters are not mapped: graph-azure keys them by their resource id as Azure
 * spells it (src/steps/resource-manager/container-services/converters.ts `createClusterEntity`),
 * with a casing Azure does not fix, and records no subscription or resource group to match on.
 */
export function kubeClusterCloudTargets(cluster: KubernetesClusterV3): CloudTarget[] {
  const { aws, gcp } = cluster.spec ?? {};
  return [
    cloudTargets.eksCluster({ accountId: aws?.accountId, region: aws?.region, name: aws?.name }),
    cloudTargets.gkeCluster({
      projectId: gcp?.projectId,
      location: gcp?.location,
      name: gcp?.name,
    }),
  ].filter((target): target is CloudTarget => target !== undefined);
}

/** One Kubernetes cluster, however many agents serve it, keyed by its name (unique in Teleport). */
export function createKubeClusterEntity({
  resource: cluster,
  agents,
}: Served<KubernetesClusterV3>): Entity {
  const name = cluster.metadata?.name ?? '';
  const { aws, azure, gcp } = cluster.spec ?? {};
  return namedEntity(Entities.KUBERNETES_CLUSTER, name, cluster, {
    ...agentProperties(agents),
    ...definedOnly({
      description: nonEmptyString(cluster.metadata?.description),
      subKind: nonEmptyString(cluster.subKind),
      dynamicLabelKeys: dynamicLabelKeys(cluster.spec?.dynamicLabels),
      awsAccountId: nonEmptyString(aws?.accountId),
      awsRegion: nonEmptyString(aws?.region),
      eksClusterName: nonEmptyString(aws?.name),
      azureSubscriptionId: nonEmptyString(azure?.subscriptionId),
      azureResourceGroup: nonEmptyString(azure?.resourceGroup),
      azureTenantId: nonEmptyString(azure?.tenantId),
      aksClusterName: nonEmptyString(azure?.resourceName),
      gcpProjectId: nonEmptyString(gcp?.projectId),
      gcpLocation: nonEmptyString(gcp?.location),
      gkeClusterName: nonEmptyString(gcp?.name),
      ...labelProperties(kubeClusterLabels(cluster)),
    }),
  });
}
