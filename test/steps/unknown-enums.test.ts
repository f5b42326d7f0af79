/**
 * Every enum the converters map, fed as bytes carrying a value our protos do not declare (one
 * Teleport may add later): protobufjs keeps it as a number, and the graph shows `unknown (N)`
 * instead of the step failing.
 */
import { describe, expect, it, vi } from 'vitest';
import type { IntegrationLogger, JobState } from '@jupiterone/integration-sdk-core';
import { createAccountEntity } from '../../src/steps/account/converters';
import {
  createAccessRequestEntity,
  createAccessRequestRelationships,
} from '../../src/steps/access-requests/converters';
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
  AccessRequestV3,
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

/** Each message type the converters map, decoded from bytes and converted. */
const CONVERTERS: Record<string, (decoded: never) => object> = {
  'proto.PingResponse': (ping: PingResponse) => createAccountEntity(ping, identity),
  'types.UserV2': (user: UserV2) => createUserEntity(user),
  'types.RoleV6': (role: RoleV6) => createRoleEntity(role),
  'types.AuthPreferenceV2': (preference: AuthPreferenceV2) =>
    createAuthPreferenceEntity(preference, 'acme'),
  'types.SAMLConnectorV2': (connector: SamlConnectorV2) =>
    createSsoConnectorEntity({ kind: 'saml', connector }),
  'teleport.accesslist.v1.AccessList': (list: AccessList) => ({
    ...createAccessListEntity(list),
    ...createAccessListOwnerRelationship('list', list.spec!.owners![0] ?? {}, false),
  }),
  'teleport.accesslist.v1.Member': (member: AccessListMember) =>
    createAccessListMemberRelationship(member),
  'teleport.accesslist.v1.Review': (review: AccessListReview) =>
    createAccessListReviewEntity(review),
  'teleport.devicetrust.v1.Device': (device: Device) => createDeviceEntity(device),
  // The entity, and the verdicts of the reviews (relationships, which need an author).
  'types.AccessRequestV3': (request: AccessRequestV3) => ({
    ...createAccessRequestEntity(request, { now: 0 }),
    verdicts: createAccessRequestRelationships({
      ...request,
      spec: {
        ...request.spec,
        reviews: request.spec?.reviews?.map((review) => ({ ...review, author: 'alice' })),
      },
    }).map((relationship) => relationship.verdict),
  }),
};

/** [enum, message type, field numbers down to the enum, property it shows in, packed?] */
const cases: [string, string, number[], string, boolean?][] = [
  ['types.SignatureAlgorithmSuite (Ping)', 'proto.PingResponse', [9], 'signatureAlgorithmSuite'],
  ['proto.ProductType', 'proto.PingResponse', [3, 27], 'edition'],
  ['types.PasswordState', 'types.UserV2', [6, 1], 'passwordState'],
  ['types.MFADeviceKind', 'types.UserV2', [6, 2], 'mfaWeakestDevice'],
  ['types.RequireMFAType (role)', 'types.RoleV6', [5, 1, 23], 'sessionMfaRequirement'],
  [
    'types.RequireMFAType (auth preference)',
    'types.AuthPreferenceV2',
    [5, 12],
    'sessionMfaRequirement',
  ],
  [
    'types.SignatureAlgorithmSuite (auth preference)',
    'types.AuthPreferenceV2',
    [5, 20],
    'signatureAlgorithmSuite',
  ],
  // Go writes a repeated enum packed.
  ['types.SecondFactorType', 'types.AuthPreferenceV2', [5, 21], 'secondFactors', true],
  ['types.SAMLForceAuthn', 'types.SAMLConnectorV2', [5, 18], 'forceAuthn'],
  [
    'accesslist.ReviewFrequency',
    'teleport.accesslist.v1.AccessList',
    [2, 3, 3, 1],
    'reviewFrequency',
  ],
  ['accesslist.ReviewDayOfMonth', 'teleport.accesslist.v1.AccessList', [2, 3, 3, 2], 'reviewDay'],
  [
    'accesslist.IneligibleStatus (owner)',
    'teleport.accesslist.v1.AccessList',
    [2, 2, 3],
    'eligibility',
  ],
  [
    'accesslist.MembershipKind (owner)',
    'teleport.accesslist.v1.AccessList',
    [2, 2, 4],
    'membershipKind',
  ],
  ['accesslist.IneligibleStatus (member)', 'teleport.accesslist.v1.Member', [2, 7], 'eligibility'],
  ['accesslist.MembershipKind (member)', 'teleport.accesslist.v1.Member', [2, 9], 'membershipKind'],
  [
    'accesslist.ReviewFrequency (review change)',
    'teleport.accesslist.v1.Review',
    [2, 5, 4],
    'reviewFrequencyChanged',
  ],
  [
    'accesslist.ReviewDayOfMonth (review change)',
    'teleport.accesslist.v1.Review',
    [2, 5, 5],
    'reviewDayChanged',
  ],
  ['types.RequestState (request)', 'types.AccessRequestV3', [5, 3], 'state'],
  ['types.RequestState (review)', 'types.AccessRequestV3', [5, 12, 3], 'verdicts'],
  ['devicetrust.OSType', 'teleport.devicetrust.v1.Device', [3], 'osType'],
  ['devicetrust.DeviceEnrollStatus', 'teleport.devicetrust.v1.Device', [8], 'enrollmentStatus'],
  [
    'devicetrust.DeviceAttestationType',
    'teleport.devicetrust.v1.Device',
    [9, 3],
    'credentialAttestation',
  ],
  ['devicetrust.DeviceOrigin', 'teleport.devicetrust.v1.Device', [11, 2], 'sourceOrigin'],
];

describe('an enum value the protos do not declare', () => {
  it.each(cases)('%s → %s %j %s: unknown (N)', (_enum, type, path, property, packed) => {
    const decoded = decodeAs<never>(type, bytesWith(path, packed));
    const converted = CONVERTERS[type]!(decoded) as Record<string, unknown>;
    const value = converted[property];
    expect(Array.isArray(value) ? value : [value]).toContain(UNKNOWN);
  });

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
