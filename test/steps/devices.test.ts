import { describe, expect, it } from 'vitest';
import {
  createDeviceEntity,
  createDeviceOwnerRelationship,
  latestCollectedData,
  serialNumberOf,
} from '../../src/steps/devices/converters';
import { methodDefinition } from '../../src/teleport/protos';
import type { Device } from '../../src/teleport';
import { field, message, varintField } from '../helpers/protobuf-wire';
import { expectGraph, NOW, DAY, at } from '../helpers/graph-matchers';
import { useStepRun } from '../harness/step-run';
import { DEVICES_STEP } from '../../src/steps/devices/constants';

const mac: Device = {
  apiVersion: 'v1',
  id: 'b1f0c3d2-57a8-4e69-9d1b-2c4e6f8a0b13',
  osType: 'OS_TYPE_MACOS',
  assetTag: 'C02XL0GJJGH5',
  createTime: at(NOW - 100 * DAY),
  updateTime: at(NOW - DAY),
  enrollStatus: 'DEVICE_ENROLL_STATUS_ENROLLED',
  credential: { deviceAttestationType: 'DEVICE_ATTESTATION_TYPE_UNSPECIFIED' },
  collectedData: [
    {
      collectTime: at(NOW - DAY),
      osVersion: '15.1',
      osUsername: 'alice',
      modelIdentifier: 'Mac14,2',
    },
    { collectTime: at(NOW - 100 * DAY), osVersion: '14.5', osUsername: 'alice-admin' },
  ],
  source: { name: 'jamf', origin: 'DEVICE_ORIGIN_JAMF' },
  profile: {
    modelIdentifier: 'MacBookPro18,3',
    osVersion: '15.1.1',
    osBuild: '24B91',
    externalId: '1042',
  },
  owner: 'alice@acme.com',
};

const windows: Device = {
  id: '6e2d9f41-0b7c-4a35-8e16-93c5d2a7f408',
  osType: 'OS_TYPE_WINDOWS',
  assetTag: 'ACME-LT-0412',
  enrollStatus: 'DEVICE_ENROLL_STATUS_ENROLLED',
  credential: { deviceAttestationType: 'DEVICE_ATTESTATION_TYPE_TPM_EKCERT_TRUSTED' },
  collectedData: [
    {
      collectTime: at(NOW),
      systemSerialNumber: 'PF3A9K2L',
      modelIdentifier: '20XW004GUS',
      osVersion: '10.0.22631',
    },
  ],
  owner: 'dave',
};

const unenrolled: Device = {
  id: '2c9e7b15-8a4d-4c63-b0f2-5d18e6a9c7b2',
  osType: 'OS_TYPE_LINUX',
  assetTag: 'ACME-WS-0077',
  enrollStatus: 'DEVICE_ENROLL_STATUS_NOT_ENROLLED',
};

describe('what the device reported', () => {
  it('takes the most recent collected data', () => {
    expect(latestCollectedData(mac)?.osUsername).toBe('alice');
    expect(latestCollectedData(unenrolled)).toBeUndefined();
  });

  it('finds the serial number: reported, the system serial, or a Mac’s asset tag', () => {
    expect(serialNumberOf(mac)).toBe('C02XL0GJJGH5');
    expect(serialNumberOf(windows)).toBe('PF3A9K2L');
    expect(serialNumberOf(unenrolled)).toBeUndefined();
    expect(serialNumberOf({ ...mac, collectedData: [{ serialNumber: 'REPORTED1' }] })).toBe(
      'REPORTED1',
    );
  });
});

describe("the serial number as JupiterOne's MDM integrations write theirs", () => {
  // JupiterOne/graph-jamf src/steps/devices/computerEntityConverter.ts createComputerEntity:
  // `serial: device.serial_number`, and `serialNumber` from the computer's details;
  // JupiterOne/graph-kandji src/steps/device/converter.ts createDeviceEntity:
  // `serial: device?.serial_number`, `serialNumber: device?.serial_number`. Both keep the serial as
  // the MDM reports it (no change of case), and so does the trusted device.
  it.each([
    ['a Mac (Jamf) by its reported serial', mac, 'C02XL0GJJGH5'],
    ['a Windows laptop (Intune) by its reported serial', windows, 'PF3A9K2L'],
  ])('%s', (_name, device, serial) => {
    const entity = createDeviceEntity(device);
    expect(entity.serial).toBe(serial);
    expect(entity.serialNumber).toBe(serial);
  });
});

describe('createDeviceEntity', () => {
  it('describes a Mac with the serial JupiterOne matches MDM devices by', () => {
    expect(createDeviceEntity(mac)).toMatchObject({
      _key: 'teleport_device:b1f0c3d2-57a8-4e69-9d1b-2c4e6f8a0b13',
      _type: 'teleport_device',
      _class: ['Device'],
      name: 'C02XL0GJJGH5',
      displayName: 'MacBookPro18,3 (C02XL0GJJGH5)',
      category: 'endpoint',
      make: 'Apple',
      model: 'MacBookPro18,3',
      serial: 'C02XL0GJJGH5',
      serialNumber: 'C02XL0GJJGH5',
      deviceId: 'b1f0c3d2-57a8-4e69-9d1b-2c4e6f8a0b13',
      assetTag: 'C02XL0GJJGH5',
      platform: 'darwin',
      osName: 'macOS',
      osVersion: '15.1.1',
      osBuild: '24B91',
      osUsernames: ['alice', 'alice-admin'],
      enrollmentStatus: 'enrolled',
      enrolled: true,
      trusted: true,
      owner: 'alice@acme.com',
      userEmails: ['alice@acme.com'],
      credentialAttestation: 'none',
      sourceName: 'jamf',
      sourceOrigin: 'jamf',
      mdmExternalId: '1042',
      createdOn: NOW - 100 * DAY,
      updatedOn: NOW - DAY,
      lastSeenOn: NOW - DAY,
    });
  });

  it('describes a TPM-attested Windows laptop; an owner that is no address is no email', () => {
    const entity = createDeviceEntity(windows);
    expect(entity).toMatchObject({
      make: null,
      model: '20XW004GUS',
      serial: 'PF3A9K2L',
      platform: 'windows',
      credentialAttestation: 'tpm_ekcert_trusted',
      owner: 'dave',
    });
    expect(entity).not.toHaveProperty('userEmails');
  });

  it('gives nulls for what an unenrolled device has not reported', () => {
    const entity = createDeviceEntity(unenrolled);
    expect(entity).toMatchObject({
      name: 'ACME-WS-0077',
      displayName: 'Linux (ACME-WS-0077)',
      make: null,
      model: null,
      serial: null,
      enrolled: false,
      trusted: false,
      enrollmentStatus: 'not_enrolled',
    });
    expect(entity).not.toHaveProperty('serialNumber');
    expect(entity).not.toHaveProperty('owner');
  });

  it('puts phones and tablets in the mobile category', () => {
    expect(createDeviceEntity({ id: 'i', osType: 'OS_TYPE_IPADOS' })).toMatchObject({
      category: 'mobile',
      platform: 'ios',
      osName: 'iPadOS',
      make: 'Apple',
    });
  });

  it('matches the data model', () => {
    expectGraph(
      [mac, windows, unenrolled, { id: 'bare' }].map(createDeviceEntity),
    ).toMatchGraphObjectSchema({
      _class: ['Device'],
      _type: 'teleport_device',
    });
  });
});

describe('createDeviceOwnerRelationship', () => {
  it('relates the owner to the device, when there is one', () => {
    const relationship = createDeviceOwnerRelationship(mac)!;
    expect(relationship).toMatchObject({
      _type: 'teleport_user_has_device',
      _class: 'HAS',
      _fromEntityKey: 'teleport_user:alice@acme.com',
      _toEntityKey: 'teleport_device:b1f0c3d2-57a8-4e69-9d1b-2c4e6f8a0b13',
    });
    expect(createDeviceOwnerRelationship(unenrolled)).toBeUndefined();
    expectGraph([relationship]).toMatchDirectRelationshipSchema({});
  });
});

describe('the enrollment token never reaches the integration', () => {
  it('is dropped from a device a server sends', () => {
    const device = message(
      field(2, 'device-1'),
      field(7, message(field(1, 'TOPSECRET-enroll-token'))),
      varintField(8, 2),
      field(13, 'alice'),
    );
    const decoded = methodDefinition(
      'teleport.devicetrust.v1.DeviceTrustService',
      'ListDevices',
    ).responseDeserialize(field(1, device));
    const text = JSON.stringify(decoded);
    expect(text).toContain('DEVICE_ENROLL_STATUS_ENROLLED');
    expect(text).toContain('alice');
    expect(text).not.toContain('TOPSECRET');
  });
});

describe('fetch-devices, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(DEVICES_STEP);

  it('describes devices with the serial JupiterOne maps to MDM devices, and their owners', () => {
    const mac = run.entity('teleport_device', 'C02XL0GJJGH5');
    expect(mac).toMatchObject({
      _class: ['Device'],
      serial: 'C02XL0GJJGH5',
      serialNumber: 'C02XL0GJJGH5',
      make: 'Apple',
      model: 'MacBookPro18,3',
      enrolled: true,
      owner: 'alice@acme.com',
    });
    expect(
      run.between('teleport_user_has_device', 'teleport_user:alice@acme.com', mac._key),
    ).toHaveLength(1);
    expect(run.entity('teleport_device', 'ACME-WS-0077')).toMatchObject({
      enrolled: false,
      serial: null,
    });
    expect(run.ofType('teleport_user_has_device')).toHaveLength(3);
  });

  it('asks for the full view, which carries what the device reported', () => {
    const listings = run.calls.filter((call) => call.method === 'DeviceTrustService/ListDevices');
    // The first call is the probe in getStepStartStates.
    expect(listings.length).toBeGreaterThan(1);
    expect(listings.at(-1)?.request).toMatchObject({ view: 'DEVICE_VIEW_RESOURCE' });
  });
});
