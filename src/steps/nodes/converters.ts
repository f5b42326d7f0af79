import type { Entity } from '@jupiterone/integration-sdk-core';
import type { ServerV2 } from '../../teleport';
import { definedOnly, nonEmpty, nonEmptyString, namedEntity } from '../graph-values';
import { labelProperties } from '../labels';
import { Entities } from '../constants';
import { cloudTargets, type CloudTarget } from '../cloud-targets';

/**
 * Labels Teleport puts on the nodes it discovered or installed in a cloud (api/types/constants.go;
 * set by lib/srv/server/installer/autodiscover.go `fetchNodeAutoDiscoverLabels` and
 * lib/srv/discovery/common/server.go `NewAWSNodeFromEC2Instance`, and read back by
 * lib/srv/discovery/discovery.go `filterExistingAzureNodes`, `filterExistingGCPNodes`).
 */
export const CloudNodeLabels = {
  awsAccountId: 'teleport.dev/account-id', // AWSAccountIDLabel
  awsInstanceId: 'teleport.dev/instance-id', // AWSInstanceIDLabel
  azureSubscriptionId: 'teleport.internal/subscription-id', // SubscriptionIDLabel
  azureVmId: 'teleport.internal/vm-id', // VMIDLabel
  azureResourceGroup: 'teleport.internal/resource-group', // ResourceGroupLabel
  azureRegion: 'teleport.internal/region', // RegionLabel
  gcpProjectId: 'teleport.internal/project-id', // ProjectIDLabelDiscovery
  gcpZone: 'teleport.internal/zone', // ZoneLabelDiscovery
  gcpInstanceName: 'teleport.internal/name', // NameLabelDiscovery
} as const;

/**
 * What the node says of the cloud instance it runs on: the AWS facts of its cloud metadata (the
 * agent's own heartbeat, lib/srv/heartbeatv2.go, fills account and instance id from the EC2
 * instance identity document; EC2 Instance Connect nodes add region, VPC and subnet), else the
 * discovery labels; the GCP and Azure facts from the discovery labels alone. Static labels only:
 * a command label's result is not a discovery label.
 */
export function nodeCloudFacts(node: ServerV2): Record<string, string | undefined> {
  const aws = node.spec?.cloudMetadata?.aws;
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
  const label = (key: keyof typeof CloudNodeLabels) => nonEmptyString(labels[CloudNodeLabels[key]]);
  return {
    awsAccountId: nonEmptyString(aws?.accountId) ?? label('awsAccountId'),
    awsInstanceId: nonEmptyString(aws?.instanceId) ?? label('awsInstanceId'),
    awsRegion: nonEmptyString(aws?.region),
    awsVpcId: nonEmptyString(aws?.vpcId),
    awsSubnetId: nonEmptyString(aws?.subnetId),
    gcpProjectId: label('gcpProjectId'),
    gcpZone: label('gcpZone'),
    gcpInstanceName: label('gcpInstanceName'),
    azureSubscriptionId: label('azureSubscriptionId'),
    azureResourceGroup: label('azureResourceGroup'),
    azureRegion: label('azureRegion'),
    azureVmId: label('azureVmId'),
  };
}

/** The cloud instances the node is, as JupiterOne's cloud integrations record them. */
export function nodeCloudTargets(node: ServerV2): CloudTarget[] {
  const facts = nodeCloudFacts(node);
  return [
    cloudTargets.ec2Instance({
      accountId: facts.awsAccountId,
      region: facts.awsRegion,
      instanceId: facts.awsInstanceId,
    }),
    cloudTargets.gceInstance({
      projectId: facts.gcpProjectId,
      zone: facts.gcpZone,
      name: facts.gcpInstanceName,
    }),
    cloudTargets.azureVm(facts.azureVmId),
  ].filter((target): target is CloudTarget => target !== undefined);
}

/**
 * A node's labels as Teleport matches them: static labels, each overridden by a command label of
 * the same key with that command's last result (api/types/server.go `GetAllLabels`).
 */
export function nodeLabels(node: ServerV2): Record<string, string> {
  const labels: Record<string, string> = { ...(node.metadata?.labels ?? {}) } as Record<
    string,
    string
  >;
  for (const [key, command] of Object.entries(node.spec?.cmdLabels ?? {})) {
    labels[key] = command?.result ?? '';
  }
  return labels;
}

/**
 * One SSH node. Its name is the server's UUID (unique); the hostname is not guaranteed unique.
 * A node that dials in through a reverse tunnel has no address.
 */
export function createNodeEntity(node: ServerV2): Entity {
  const name = node.metadata?.name ?? '';
  const spec = node.spec;
  const hostname = nonEmptyString(spec?.hostname) ?? name;
  return namedEntity(Entities.NODE, name, node, {
    displayName: hostname,
    hostname,
    serverId: name,
    tunnel: spec?.useTunnel === true,
    ...definedOnly({
      address: nonEmptyString(spec?.addr),
      peerAddress: nonEmptyString(spec?.peerAddr),
      publicAddresses: nonEmpty(spec?.publicAddrs),
      teleportVersion: nonEmptyString(spec?.version),
      subKind: nonEmptyString(node.subKind),
      commandLabelKeys: nonEmpty(Object.keys(spec?.cmdLabels ?? {}).sort()),
      ...nodeCloudFacts(node),
      ...labelProperties(nodeLabels(node)),
    }),
  });
}
