import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { Device, DeviceCollectedData, DeviceOsTypeName } from '../../teleport';
import {
  asEmail,
  createKeyRelationship,
  definedOnly,
  enumValue,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
  keyOf,
} from '../graph-values';
import { DEVICE, USER_HAS_DEVICE } from './constants';

interface OsFacts {
  osName?: string;
  platform: string;
  category: string;
  make?: string;
}

const OPERATING_SYSTEMS: Record<DeviceOsTypeName, OsFacts> = {
  OS_TYPE_UNSPECIFIED: { platform: 'other', category: 'other' },
  OS_TYPE_LINUX: { osName: 'Linux', platform: 'linux', category: 'endpoint' },
  OS_TYPE_MACOS: { osName: 'macOS', platform: 'darwin', category: 'endpoint', make: 'Apple' },
  OS_TYPE_WINDOWS: { osName: 'Windows', platform: 'windows', category: 'endpoint' },
  OS_TYPE_IOS: { osName: 'iOS', platform: 'ios', category: 'mobile', make: 'Apple' },
  OS_TYPE_IPADOS: { osName: 'iPadOS', platform: 'ios', category: 'mobile', make: 'Apple' },
};

/** What the device most recently reported about itself (enrollment or a later authentication). */
export function latestCollectedData(device: Device): DeviceCollectedData | undefined {
  let latest: DeviceCollectedData | undefined;
  let latestTime = -Infinity;
  for (const data of device.collectedData ?? []) {
    const time = toEpochMillis(data.collectTime) ?? -Infinity;
    if (latest === undefined || time >= latestTime) {
      latest = data;
      latestTime = time;
    }
  }
  return latest;
}

/**
 * The hardware serial number: as the device reported it, or for a Mac its asset tag, which Teleport
 * defines to be the serial number. Undefined when nothing says.
 */
export function serialNumberOf(device: Device): string | undefined {
  const reported = latestCollectedData(device);
  return (
    nonEmptyString(reported?.serialNumber) ??
    nonEmptyString(reported?.systemSerialNumber) ??
    (device.osType === 'OS_TYPE_MACOS' ? nonEmptyString(device.assetTag) : undefined)
  );
}

/**
 * A trusted device (Teleport Enterprise). `serial` and `serialNumber` carry the hardware serial, so
 * JupiterOne can match the device to the same machine from an MDM (Jamf, Intune, Kandji…).
 */
export function createDeviceEntity(device: Device): Entity {
  const id = device.id ?? '';
  const os =
    (typeof device.osType === 'string' ? OPERATING_SYSTEMS[device.osType] : undefined) ??
    OPERATING_SYSTEMS.OS_TYPE_UNSPECIFIED;
  const reported = latestCollectedData(device);
  const profile = device.profile;
  const serial = serialNumberOf(device);
  const assetTag = nonEmptyString(device.assetTag);
  const model =
    nonEmptyString(profile?.modelIdentifier) ?? nonEmptyString(reported?.modelIdentifier);
  const enrollment = enumValue(device.enrollStatus, 'DEVICE_ENROLL_STATUS_', 'unspecified')!;
  const owner = nonEmptyString(device.owner);
  const ownerEmail = asEmail(owner);
  const osUsernames = [
    ...new Set([
      ...(profile?.osUsernames ?? []),
      ...(device.collectedData ?? []).map((data) => data.osUsername ?? ''),
    ]),
  ].filter((name) => name !== '');
  const lastSeen = (device.collectedData ?? [])
    .map((data) => toEpochMillis(data.collectTime))
    .filter((time): time is number => time !== undefined);
  return createIntegrationEntity({
    entityData: {
      source: device,
      assign: {
        _key: keyOf(DEVICE, id),
        _type: DEVICE._type,
        _class: DEVICE._class,
        name: assetTag ?? id,
        displayName: [model ?? os.osName ?? 'Device', assetTag ? `(${assetTag})` : undefined]
          .filter(Boolean)
          .join(' '),
        // Required by the Device class; null where Teleport does not know.
        category: os.category,
        make: os.make ?? null,
        model: model ?? null,
        serial: serial ?? null,
        deviceId: id,
        platform: os.platform,
        enrollmentStatus: enrollment,
        enrolled: enrollment === 'enrolled',
        // An enrolled device is one Teleport trusts (device trust).
        trusted: enrollment === 'enrolled',
        ...definedOnly({
          serialNumber: serial,
          hardwareSerial: serial,
          hardwareVendor: os.make,
          hardwareModel: model,
          assetTag,
          osName: os.osName,
          osType: enumValue(device.osType, 'OS_TYPE_'),
          osVersion: nonEmptyString(profile?.osVersion) ?? nonEmptyString(reported?.osVersion),
          osBuild: nonEmptyString(profile?.osBuild) ?? nonEmptyString(reported?.osBuild),
          osUsernames: nonEmpty(osUsernames),
          owner,
          userEmails: ownerEmail ? [ownerEmail] : undefined,
          credentialAttestation: device.credential
            ? enumValue(device.credential.deviceAttestationType, 'DEVICE_ATTESTATION_TYPE_', 'none')
            : undefined,
          sourceName: nonEmptyString(device.source?.name),
          sourceOrigin: enumValue(device.source?.origin, 'DEVICE_ORIGIN_'),
          mdmExternalId: nonEmptyString(profile?.externalId),
          createdOn: toEpochMillis(device.createTime),
          updatedOn: toEpochMillis(device.updateTime),
          lastSeenOn: lastSeen.length > 0 ? Math.max(...lastSeen) : undefined,
        }),
      },
    },
  });
}

/** The device's owner (who enrolled it), when Teleport records one. */
export function createDeviceOwnerRelationship(device: Device): Relationship | undefined {
  const owner = nonEmptyString(device.owner);
  return owner === undefined
    ? undefined
    : createKeyRelationship(USER_HAS_DEVICE, keys.user(owner), keyOf(DEVICE, device.id ?? ''));
}
