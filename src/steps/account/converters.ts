import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { TeleportIdentity } from '../../identity';
import type { PingResponse } from '../../teleport';
import { Entities } from '../constants';
import {
  definedOnly,
  enumValue,
  keys,
  nonEmptyString,
  toEpochMillis,
  unknownEnum,
} from '../graph-values';

/** Teleport's edition as far as Ping tells it; undefined when it does not say. */
export function editionOf(ping: PingResponse): string | undefined {
  const features = ping.serverFeatures;
  if (features?.cloud) {
    return 'cloud';
  }
  if (features?.productType === 'PRODUCT_TYPE_TEAM') {
    return 'team';
  }
  if (features?.productType === 'PRODUCT_TYPE_EUB') {
    return 'enterprise';
  }
  if (typeof features?.productType === 'number') {
    return unknownEnum(features.productType);
  }
  return undefined;
}

/** The cluster, with what the identity proves about the credential (never the credential itself). */
export function createAccountEntity(
  ping: PingResponse,
  identity: Pick<TeleportIdentity, 'clusterName' | 'username' | 'roles' | 'notAfter' | 'keyType'>,
): Entity {
  const clusterName = nonEmptyString(ping.clusterName) ?? identity.clusterName;
  const proxyAddress = nonEmptyString(ping.proxyPublicAddr);
  return createIntegrationEntity({
    entityData: {
      source: {
        clusterName,
        serverVersion: ping.serverVersion,
        proxyPublicAddr: ping.proxyPublicAddr,
        signatureAlgorithmSuite: ping.signatureAlgorithmSuite,
        serverFeatures: ping.serverFeatures,
      },
      assign: {
        _key: keys.account(clusterName),
        _type: Entities.ACCOUNT._type,
        _class: Entities.ACCOUNT._class,
        name: clusterName,
        displayName: clusterName,
        vendor: 'Teleport',
        ...definedOnly({
          clusterName,
          serverVersion: nonEmptyString(ping.serverVersion),
          edition: editionOf(ping),
          signatureAlgorithmSuite: enumValue(
            ping.signatureAlgorithmSuite,
            'SIGNATURE_ALGORITHM_SUITE_',
          )?.replace(/_/g, '-'),
          fips: ping.isBoring === true ? true : undefined,
          proxyPublicAddress: proxyAddress,
          webLink: proxyAddress ? `https://${proxyAddress.replace(/:443$/, '')}/web` : undefined,
          accessURL: proxyAddress ? `https://${proxyAddress}` : undefined,
          licenseExpiresOn: toEpochMillis(ping.licenseExpiry),
          credentialUser: identity.username,
          credentialRoles: identity.roles.length > 0 ? identity.roles : undefined,
          credentialKeyType: identity.keyType,
          credentialExpiresOn: identity.notAfter.getTime(),
        }),
      },
    },
  });
}
