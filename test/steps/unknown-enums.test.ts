/**
 * Every enum the converters map, fed as bytes carrying a value our protos do not declare (one
 * Teleport may add later): protobufjs keeps it as a number, and the graph shows `unknown (N)`
 * instead of the step failing.
 */
import { describe, expect, it, vi } from 'vitest';
import type { IntegrationLogger, JobState } from '@jupiterone/integration-sdk-core';
import { createAccountEntity } from '../../src/steps/account/converters';
import { createAccessListReviewEntity } from '../../src/steps/access-list-reviews/converters';
import {
  createAccessListEntity,
  createAccessListMemberRelationship,
  createAccessListOwnerRelationship,
} from '../../src/steps/access-lists/converters';
import { createAuthPreferenceEntity } from '../../src/steps/auth-preference/converters';
import { createDeviceEntity } from '../../src/steps/devices/converters';
import { loggingUnknownEnums } from '../../src/steps/job-state';
import { createRoleEntity } from '../../src/steps/roles/converters';
import { createSsoConnectorEntity } from '../../src/steps/sso-connectors/converters';
import { createUserEntity } from '../../src/steps/users/converters';
import type {
  AccessList,
  AccessListMember,
  AccessListReview,
  AuthPreferenceV2,
  Device,
  PingResponse,
  RoleV6,
  SamlConnectorV2,
  UserV2,
} from '../../src/teleport';
import { decodeAs, embedded, field, message, varintField } from '../helpers/protobuf-wire';

/** A value no Teleport enum the integration reads declares. */
const UNDECLARED = 99;
const UNKNOWN = `unknown (${UNDECLARED})`;

/** `path` is the field numbers from the top message to the enum field itself. */
function bytesWith(path: number[], packed = false): Buffer {
  const last = path[path.length - 1]!;
  let bytes = packed ? field(last, Buffer.from([UNDECLARED])) : varintField(last, UNDECLARED);
  for (const number of path.slice(0, -1).reverse()) {
    bytes = embedded(number, bytes);
  }
  return bytes;
}

const identity = {
  clusterName: 'acme.teleport.sh',
  username: 'jupiterone',
  roles: ['jupiterone-reader'],
  notAfter: new Date(0),
  keyType: 'ec' as const,
};

const cases: {
  enumName: string;
  type: string;
  path: number[];
  packed?: boolean;
  convert: (decoded: never) => object;
  property: string;
}[] = [
  {
    enumName: 'types.SignatureAlgorithmSuite (Ping)',
    type: 'proto.PingResponse',
    path: [9],
    convert: (ping: PingResponse) => createAccountEntity(ping, identity),
    property: 'signatureAlgorithmSuite',
  },
  {
    enumName: 'proto.ProductType',
    type: 'proto.PingResponse',
    path: [3, 27],
    convert: (ping: PingResponse) => createAccountEntity(ping, identity),
    property: 'edition',
  },
  {
    enumName: 'types.PasswordState',
    type: 'types.UserV2',
    path: [6, 1],
    convert: (user: UserV2) => createUserEntity(user),
    property: 'passwordState',
  },
  {
    enumName: 'types.MFADeviceKind',
    type: 'types.UserV2',
    path: [6, 2],
    convert: (user: UserV2) => createUserEntity(user),
    property: 'mfaWeakestDevice',
  },
  {
    enumName: 'types.RequireMFAType (role)',
    type: 'types.RoleV6',
    path: [5, 1, 23],
    convert: (role: RoleV6) => createRoleEntity(role),
    property: 'sessionMfaRequirement',
  },
  {
    enumName: 'types.RequireMFAType (auth preference)',
    type: 'types.AuthPreferenceV2',
    path: [5, 12],
    convert: (preference: AuthPreferenceV2) => createAuthPreferenceEntity(preference, 'acme'),
    property: 'sessionMfaRequirement',
  },
  {
    enumName: 'types.SignatureAlgorithmSuite (auth preference)',
    type: 'types.AuthPreferenceV2',
    path: [5, 20],
    convert: (preference: AuthPreferenceV2) => createAuthPreferenceEntity(preference, 'acme'),
    property: 'signatureAlgorithmSuite',
  },
  {
    enumName: 'types.SecondFactorType (packed, as Go writes a repeated enum)',
    type: 'types.AuthPreferenceV2',
    path: [5, 21],
    packed: true,
    convert: (preference: AuthPreferenceV2) => createAuthPreferenceEntity(preference, 'acme'),
    property: 'secondFactors',
  },
  {
    enumName: 'types.SAMLForceAuthn',
    type: 'types.SAMLConnectorV2',
    path: [5, 18],
    convert: (connector: SamlConnectorV2) => createSsoConnectorEntity({ kind: 'saml', connector }),
    property: 'forceAuthn',
  },
  {
    enumName: 'teleport.accesslist.v1.ReviewFrequency',
    type: 'teleport.accesslist.v1.AccessList',
    path: [2, 3, 3, 1],
    convert: (list: AccessList) => createAccessListEntity(list),
    property: 'reviewFrequency',
  },
  {
    enumName: 'teleport.accesslist.v1.ReviewDayOfMonth',
    type: 'teleport.accesslist.v1.AccessList',
    path: [2, 3, 3, 2],
    convert: (list: AccessList) => createAccessListEntity(list),
    property: 'reviewDay',
  },
  {
    enumName: 'teleport.accesslist.v1.IneligibleStatus (owner)',
    type: 'teleport.accesslist.v1.AccessList',
    path: [2, 2, 3],
    convert: (list: AccessList) =>
      createAccessListOwnerRelationship('list', list.spec!.owners![0]!, false),
    property: 'eligibility',
  },
  {
    enumName: 'teleport.accesslist.v1.MembershipKind (owner)',
    type: 'teleport.accesslist.v1.AccessList',
    path: [2, 2, 4],
    convert: (list: AccessList) =>
      createAccessListOwnerRelationship('list', list.spec!.owners![0]!, false),
    property: 'membershipKind',
  },
  {
    enumName: 'teleport.accesslist.v1.IneligibleStatus (member)',
    type: 'teleport.accesslist.v1.Member',
    path: [2, 7],
    convert: (member: AccessListMember) => createAccessListMemberRelationship(member),
    property: 'eligibility',
  },
  {
    enumName: 'teleport.accesslist.v1.MembershipKind (member)',
    type: 'teleport.accesslist.v1.Member',
    path: [2, 9],
    convert: (member: AccessListMember) => createAccessListMemberRelationship(member),
    property: 'membershipKind',
  },
  {
    enumName: 'teleport.accesslist.v1.ReviewFrequency (review change)',
    type: 'teleport.accesslist.v1.Review',
    path: [2, 5, 4],
    convert: (review: AccessListReview) => createAccessListReviewEntity(review),
    property: 'reviewFrequencyChanged',
  },
  {
    enumName: 'teleport.accesslist.v1.ReviewDayOfMonth (review change)',
    type: 'teleport.accesslist.v1.Review',
    path: [2, 5, 5],
    convert: (review: AccessListReview) => createAccessListReviewEntity(review),
    property: 'reviewDayChanged',
  },
  {
    enumName: 'teleport.devicetrust.v1.OSType',
    type: 'teleport.devicetrust.v1.Device',
    path: [3],
    convert: (device: Device) => createDeviceEntity(device),
    property: 'osType',
  },
  {
    enumName: 'teleport.devicetrust.v1.DeviceEnrollStatus',
    type: 'teleport.devicetrust.v1.Device',
    path: [8],
    convert: (device: Device) => createDeviceEntity(device),
    property: 'enrollmentStatus',
  },
  {
    enumName: 'teleport.devicetrust.v1.DeviceAttestationType',
    type: 'teleport.devicetrust.v1.Device',
    path: [9, 3],
    convert: (device: Device) => createDeviceEntity(device),
    property: 'credentialAttestation',
  },
  {
    enumName: 'teleport.devicetrust.v1.DeviceOrigin',
    type: 'teleport.devicetrust.v1.Device',
    path: [11, 2],
    convert: (device: Device) => createDeviceEntity(device),
    property: 'sourceOrigin',
  },
];

describe('an enum value the protos do not declare', () => {
  it.each(cases)(
    '$enumName → $property: unknown (N)',
    ({ type, path, packed, convert, property }) => {
      const decoded = decodeAs<never>(type, bytesWith(path, packed));
      const converted = convert(decoded) as Record<string, unknown>;
      const value = converted[property];
      expect(Array.isArray(value) ? value : [value]).toContain(UNKNOWN);
    },
  );

  it('is logged once per type and property by the step’s job state', async () => {
    const added: unknown[] = [];
    const jobState = {
      addEntity: async (entity: unknown) => {
        added.push(entity);
        return entity;
      },
      hasKey: () => false,
    } as unknown as JobState;
    const warn = vi.fn();
    const logged = loggingUnknownEnums(jobState, { warn } as unknown as IntegrationLogger);
    const device = (number: number): Device =>
      decodeAs<Device>(
        'teleport.devicetrust.v1.Device',
        message(field(2, `device-${number}`), varintField(3, UNDECLARED), varintField(8, 2)),
      );
    await logged.addEntity(createDeviceEntity(device(1)));
    await logged.addEntity(createDeviceEntity(device(2)));
    expect(added).toHaveLength(2);
    expect(logged.hasKey('x')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toEqual({
      type: 'teleport_device',
      property: 'osType',
      value: UNKNOWN,
    });
  });
});
