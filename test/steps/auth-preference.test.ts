import { describe, expect, it } from 'vitest';
import {
  createAuthPreferenceEntity,
  secondFactorsOf,
} from '../../src/steps/auth-preference/converters';
import type { AuthPreferenceV2 } from '../../src/teleport';
import { methodDefinition } from '../../src/teleport/protos';
import {
  decodeAs,
  embedded,
  field,
  goMarshal,
  message,
  varintField,
} from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';
import { useStepRun } from '../harness/step-run';
import { AUTH_PREFERENCE_STEP } from '../../src/steps/auth-preference/constants';
import { clusterAuthPreference } from '../../standin/services/auth';

const HOUR_NS = 3600 * 1e9;

const strict: AuthPreferenceV2 = clusterAuthPreference('config-file', {
  type: 'oidc',
  secondFactor: 'webauthn',
  connectorName: 'google',
  allowLocalAuth: { value: false },
  disconnectExpiredCert: { value: true },
  lockingMode: 'strict',
  webauthn: { rpId: 'example.com' },
  allowPasswordless: { value: true },
  allowHeadless: { value: false },
  requireMfaType: 'HARDWARE_KEY_TOUCH',
  deviceTrust: { mode: 'required', autoEnroll: false },
  defaultSessionTtl: 8 * HOUR_NS,
  hardwareKey: {
    pivSlot: '9a',
    serialNumberValidation: { enabled: true },
    pinCacheTtl: 0.25 * HOUR_NS,
  },
  signatureAlgorithmSuite: 'SIGNATURE_ALGORITHM_SUITE_HSM_V1',
  secondFactors: ['SECOND_FACTOR_TYPE_WEBAUTHN', 'SECOND_FACTOR_TYPE_SSO'],
  stableUnixUserConfig: { enabled: true, firstUid: 90000, lastUid: 95000 },
  allowCliAuthViaBrowser: { value: false },
  messageOfTheDay: 'Be nice',
});

describe('secondFactorsOf', () => {
  it('prefers the list newer servers send', () => {
    expect(secondFactorsOf(strict)).toEqual(['webauthn', 'sso']);
  });

  it('maps the legacy single setting as upstream does', () => {
    const legacy = (secondFactor: string): string[] => secondFactorsOf({ spec: { secondFactor } });
    expect(legacy('off')).toEqual([]);
    expect(legacy('on')).toEqual(['otp', 'webauthn']);
    expect(legacy('optional')).toEqual(['otp', 'webauthn']);
    expect(legacy('otp')).toEqual(['otp']);
    expect(legacy('webauthn')).toEqual(['webauthn']);
    expect(legacy('u2f')).toEqual(['webauthn']);
    expect(secondFactorsOf({})).toEqual([]);
  });
});

describe('createAuthPreferenceEntity', () => {
  it('describes every setting that decides how people authenticate', () => {
    expect(createAuthPreferenceEntity(strict, 'example.com')).toMatchObject({
      _key: 'teleport_auth_preference:example.com',
      _type: 'teleport_auth_preference',
      _class: ['Configuration'],
      name: 'cluster-auth-preference',
      displayName: 'example.com authentication',
      clusterName: 'example.com',
      authType: 'oidc',
      connectorName: 'google',
      allowLocalAuth: false,
      secondFactor: 'webauthn',
      secondFactors: ['webauthn', 'sso'],
      secondFactorRequired: true,
      sessionMfaRequirement: 'hardware_key_touch',
      requireSessionMfa: true,
      lockingMode: 'strict',
      disconnectExpiredCert: true,
      allowPasswordless: true,
      allowHeadless: false,
      allowCliAuthViaBrowser: false,
      webauthnRpId: 'example.com',
      deviceTrustMode: 'required',
      deviceTrustAutoEnroll: false,
      signatureAlgorithmSuite: 'hsm-v1',
      defaultSessionTtl: 8 * 3600,
      hardwareKeyPivSlot: '9a',
      hardwareKeySerialNumberValidation: true,
      hardwareKeyPinCacheTtl: 900,
      stableUnixUsers: true,
      messageOfTheDay: 'Be nice',
      origin: 'config-file',
    });
  });

  it('applies Teleport’s defaults where a field arrives unset', () => {
    const entity = createAuthPreferenceEntity({}, 'bare.example.com');
    expect(entity).toMatchObject({
      name: 'cluster-auth-preference',
      authType: 'local',
      allowLocalAuth: true,
      lockingMode: 'best_effort',
      disconnectExpiredCert: false,
      secondFactors: [],
      secondFactorRequired: false,
      sessionMfaRequirement: 'off',
      requireSessionMfa: false,
    });
    expect(entity).not.toHaveProperty('deviceTrustMode');
  });

  it('does not call an optional second factor required', () => {
    expect(
      createAuthPreferenceEntity({ spec: { secondFactor: 'optional' } }, 'x').secondFactorRequired,
    ).toBe(false);
  });

  it('matches the data model', () => {
    expectGraph([
      createAuthPreferenceEntity(strict, 'example.com'),
      createAuthPreferenceEntity({}, 'bare.example.com'),
    ]).toMatchGraphObjectSchema({ _class: ['Configuration'], _type: 'teleport_auth_preference' });
  });
});

describe('settings set to false, as Teleport marshals them', () => {
  // Go writes no zero scalar: BoolValue{Value: false} and a settings message whose only field is
  // false both arrive as empty messages (upstream: BoolOption.MarshalTo in api/types/role.go).
  const bytes = message(
    field(1, 'cluster_auth_preference'),
    field(3, 'v2'),
    embedded(4, field(1, 'cluster-auth-preference')),
    embedded(
      5,
      field(1, 'local'),
      embedded(6, varintField(1, 1)), // disconnect_expired_cert: true
      embedded(7), // allow_local_auth: false
      embedded(11), // allow_passwordless: false
      embedded(13, field(1, 'optional')), // device_trust, auto_enroll: false
      embedded(15), // allow_headless: false
      embedded(19, embedded(2)), // hardware_key.serial_number_validation, enabled: false
      embedded(22), // stable_unix_user_config, enabled: false
      embedded(24), // allow_cli_auth_via_browser: false
    ),
  );

  it('reports each of them as false, not as absent or as the default', () => {
    const preference = methodDefinition(
      'teleport.clusterconfig.v1.ClusterConfigService',
      'GetAuthPreference',
    ).responseDeserialize(bytes) as AuthPreferenceV2;
    const entity = createAuthPreferenceEntity(preference, 'acme.teleport.sh');
    expect(entity).toMatchObject({
      allowLocalAuth: false,
      disconnectExpiredCert: true,
      allowPasswordless: false,
      allowHeadless: false,
      allowCliAuthViaBrowser: false,
      deviceTrustMode: 'optional',
      deviceTrustAutoEnroll: false,
      hardwareKeySerialNumberValidation: false,
      stableUnixUsers: false,
    });
    expectGraph(entity).toMatchGraphObjectSchema({ _class: ['Configuration'] });
  });

  it('leaves a setting the server did not send absent (or at Teleport’s default)', () => {
    const entity = createAuthPreferenceEntity(
      decodeAs<AuthPreferenceV2>('types.AuthPreferenceV2', embedded(5, field(1, 'local'))),
      'acme.teleport.sh',
    );
    expect(entity.allowLocalAuth).toBe(true);
    expect(entity.allowPasswordless).toBeUndefined();
    expect(entity.hardwareKeySerialNumberValidation).toBeUndefined();
  });
});

describe('the Go marshaller the stand-in uses', () => {
  it('writes a false BoolValue as Go does: an empty message, not value 0', () => {
    expect(goMarshal('types.BoolValue', { value: false })).toEqual(Buffer.alloc(0));
    expect(
      goMarshal('types.AuthPreferenceV2', {
        spec: { allowLocalAuth: { value: false }, lockingMode: '', requireMfaType: 'OFF' },
      }),
    ).toEqual(embedded(5, embedded(7)));
    expect(
      goMarshal('types.AuthPreferenceV2', { spec: { allowLocalAuth: { value: true } } }),
    ).toEqual(embedded(5, embedded(7, varintField(1, 1))));
  });
});

describe('fetch-auth-preference, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(AUTH_PREFERENCE_STEP);

  it('describes the cluster’s authentication settings, related to the account', () => {
    const preference = run.entity('teleport_auth_preference', 'cluster-auth-preference');
    expect(preference).toMatchObject({
      _class: ['Configuration'],
      authType: 'saml',
      connectorName: 'okta',
      // Sent as Teleport's Go code marshals it: an empty BoolValue.
      allowLocalAuth: false,
      secondFactors: ['otp', 'webauthn'],
      sessionMfaRequirement: 'off',
      deviceTrustMode: 'optional',
      signatureAlgorithmSuite: 'balanced-v1',
      lockingMode: 'best_effort',
    });
    expect(
      run.between(
        'teleport_account_has_auth_preference',
        'teleport_account:acme.teleport.sh',
        preference._key,
      ),
    ).toHaveLength(1);
    expect(run.calls.map((call) => call.method)).toContain(
      'ClusterConfigService/GetAuthPreference',
    );
  });
});
