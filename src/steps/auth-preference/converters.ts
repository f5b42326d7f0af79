import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { AuthPreferenceV2, SecondFactorType } from '../../teleport';
import { definedOnly, enumValue, nonEmptyString, scalarIn, keyOf } from '../graph-values';
import { AUTH_PREFERENCE } from './constants';

/** Teleport labels where a resource's settings came from: `defaults`, `config-file`, `dynamic`… */
const ORIGIN_LABEL = 'teleport.dev/origin';

/** The legacy single `second_factor` string as the list newer servers send (upstream's mapping). */
const LEGACY_SECOND_FACTORS: Record<string, string[]> = {
  off: [],
  on: ['otp', 'webauthn'],
  optional: ['otp', 'webauthn'],
  otp: ['otp'],
  webauthn: ['webauthn'],
  u2f: ['webauthn'],
};

/** `['otp', 'webauthn']`, from `second_factors`, or else from the legacy `second_factor`. */
export function secondFactorsOf(preference: AuthPreferenceV2): string[] {
  const listed = (preference.spec?.secondFactors ?? [])
    .map((factor: SecondFactorType) => enumValue(factor, 'SECOND_FACTOR_TYPE_'))
    .filter((factor): factor is string => factor !== undefined);
  if (listed.length > 0) {
    return [...new Set(listed)];
  }
  const legacy = nonEmptyString(preference.spec?.secondFactor)?.toLowerCase();
  return legacy !== undefined ? [...(LEGACY_SECOND_FACTORS[legacy] ?? [legacy])] : [];
}

function seconds(nanoseconds: number | undefined): number | undefined {
  return nanoseconds ? Math.round(nanoseconds / 1e9) : undefined;
}

/**
 * The cluster's authentication settings. Teleport fills in defaults before answering; where a
 * field still arrives unset, its documented default is used (local auth allowed, best-effort
 * locking, expired certificates not disconnected).
 */
export function createAuthPreferenceEntity(
  preference: AuthPreferenceV2,
  clusterName: string,
): Entity {
  const spec = preference.spec ?? {};
  const secondFactors = secondFactorsOf(preference);
  const legacySecondFactor = nonEmptyString(spec.secondFactor)?.toLowerCase();
  const sessionMfa = enumValue(spec.requireMfaType, '', 'off');
  const name = nonEmptyString(preference.metadata?.name) ?? 'cluster-auth-preference';
  const stableUnixUsers = spec.stableUnixUserConfig;
  return createIntegrationEntity({
    entityData: {
      source: preference,
      assign: {
        _key: keyOf(AUTH_PREFERENCE, clusterName),
        _type: AUTH_PREFERENCE._type,
        _class: AUTH_PREFERENCE._class,
        name,
        displayName: `${clusterName} authentication`,
        clusterName,
        authType: nonEmptyString(spec.type) ?? 'local',
        // Absent only before upstream's AuthPreferenceV2.CheckAndSetDefaults (api/types/authentication.go) fills it in.
        allowLocalAuth: scalarIn(spec.allowLocalAuth, 'value', false) ?? true,
        secondFactors,
        // Login needs a second factor unless none is configured or it is merely optional.
        secondFactorRequired: secondFactors.length > 0 && legacySecondFactor !== 'optional',
        sessionMfaRequirement: sessionMfa,
        requireSessionMfa: sessionMfa !== 'off',
        lockingMode: nonEmptyString(spec.lockingMode) ?? 'best_effort',
        disconnectExpiredCert: scalarIn(spec.disconnectExpiredCert, 'value', false) ?? false,
        ...definedOnly({
          secondFactor: legacySecondFactor,
          connectorName: nonEmptyString(spec.connectorName),
          allowPasswordless: scalarIn(spec.allowPasswordless, 'value', false),
          allowHeadless: scalarIn(spec.allowHeadless, 'value', false),
          allowCliAuthViaBrowser: scalarIn(spec.allowCliAuthViaBrowser, 'value', false),
          webauthnRpId: nonEmptyString(spec.webauthn?.rpId),
          deviceTrustMode: nonEmptyString(spec.deviceTrust?.mode),
          deviceTrustAutoEnroll: scalarIn(spec.deviceTrust, 'autoEnroll', false),
          signatureAlgorithmSuite: enumValue(
            spec.signatureAlgorithmSuite,
            'SIGNATURE_ALGORITHM_SUITE_',
          )?.replace(/_/g, '-'),
          defaultSessionTtl: seconds(spec.defaultSessionTtl),
          hardwareKeyPivSlot: nonEmptyString(spec.hardwareKey?.pivSlot),
          hardwareKeySerialNumberValidation: scalarIn(
            spec.hardwareKey?.serialNumberValidation,
            'enabled',
            false,
          ),
          hardwareKeyPinCacheTtl: seconds(spec.hardwareKey?.pinCacheTtl),
          stableUnixUsers: scalarIn(stableUnixUsers, 'enabled', false),
          messageOfTheDay: nonEmptyString(spec.messageOfTheDay),
          origin: nonEmptyString(preference.metadata?.labels?.[ORIGIN_LABEL]),
        }),
      },
    },
  });
}
