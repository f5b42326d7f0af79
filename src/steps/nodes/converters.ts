import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { ServerV2 } from '../../teleport';
import { definedOnly, keyOf, nonEmpty, nonEmptyString } from '../graph-values';
import { labelProperties } from '../labels';
import { Entities } from '../constants';

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
  const aws = spec?.cloudMetadata?.aws;
  return createIntegrationEntity({
    entityData: {
      source: node,
      assign: {
        _key: keyOf(Entities.NODE, name),
        _type: Entities.NODE._type,
        _class: Entities.NODE._class,
        name,
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
          awsAccountId: nonEmptyString(aws?.accountId),
          awsInstanceId: nonEmptyString(aws?.instanceId),
          awsRegion: nonEmptyString(aws?.region),
          awsVpcId: nonEmptyString(aws?.vpcId),
          awsSubnetId: nonEmptyString(aws?.subnetId),
          ...labelProperties(nodeLabels(node)),
        }),
      },
    },
  });
}
