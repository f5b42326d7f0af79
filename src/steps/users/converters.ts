import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { UserFacts } from '../../evaluators/login-state';
import type { ExternalIdentity, UserV2 } from '../../teleport';
import { Entities } from '../constants';
import { shareableTraitProperties } from '../traits';
import {
  asEmail,
  definedOnly,
  enumValue,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
  valuesByKey,
} from '../graph-values';

/** Teleport labels a bot's user with the bot's name. */
const BOT_LABEL = 'teleport.internal/bot';

export type UserType = 'local' | 'sso' | 'bot';

interface SsoIdentity {
  connectorType: 'saml' | 'oidc' | 'github';
  identity: ExternalIdentity;
}

function firstSsoIdentity(user: UserV2): SsoIdentity | undefined {
  const spec = user.spec;
  const saml = spec?.samlIdentities?.[0];
  if (saml) {
    return { connectorType: 'saml', identity: saml };
  }
  const oidc = spec?.oidcIdentities?.[0];
  if (oidc) {
    return { connectorType: 'oidc', identity: oidc };
  }
  const github = spec?.githubIdentities?.[0];
  return github ? { connectorType: 'github', identity: github } : undefined;
}

/**
 * `bot` when the bot label is present whatever its value (api/types/user.go `IsBot`); otherwise
 * `sso` when a connector reference or any external identity is present (`GetUserType`).
 */
export function userTypeOf(user: UserV2): UserType {
  const labels = user.metadata?.labels ?? {};
  if (Object.prototype.hasOwnProperty.call(labels, BOT_LABEL)) {
    return 'bot';
  }
  const spec = user.spec;
  if (
    spec?.createdBy?.connector != null ||
    (spec?.samlIdentities?.length ?? 0) > 0 ||
    (spec?.oidcIdentities?.length ?? 0) > 0 ||
    (spec?.githubIdentities?.length ?? 0) > 0
  ) {
    return 'sso';
  }
  return 'local';
}

/**
 * When the user expires: `metadata.expires` when set (SSO users carry it there), else the spec's
 * (api/types/user.go `Expiry`).
 */
export function userExpiresOn(user: UserV2): number | undefined {
  return toEpochMillis(user.metadata?.expires) ?? toEpochMillis(user.spec?.expires);
}

/**
 * The login lockout after failed attempts holds only while its expiry is in the future (lib/auth
 * `checkPasswordWOToken` and the other login checks compare `LockExpires` with the clock).
 */
export function userLockedOut(user: UserV2, now: number): boolean {
  const lockExpiresOn = toEpochMillis(user.spec?.status?.lockExpires);
  return user.spec?.status?.isLocked === true && lockExpiresOn !== undefined && lockExpiresOn > now;
}

/** What effective roles need of a user: its own roles and every trait (kept out of the graph). */
export function userFactsOf(user: UserV2): UserFacts {
  return {
    name: user.metadata?.name ?? '',
    roles: [...(user.spec?.roles ?? [])],
    traits: valuesByKey(user.spec?.traits),
  };
}

function traitProperties(user: UserV2): Record<string, unknown> {
  return shareableTraitProperties(valuesByKey(user.spec?.traits));
}

/** The user with its traits removed: what is safe to keep as raw data. */
function shareableSource(user: UserV2): UserV2 {
  if (!user.spec?.traits) {
    return user;
  }
  const { traits: _traits, ...spec } = user.spec;
  return { ...user, spec };
}

export function createUserEntity(user: UserV2, now: number = Date.now()): Entity {
  const username = user.metadata?.name ?? '';
  const spec = user.spec;
  const sso = firstSsoIdentity(user);
  const connector = spec?.createdBy?.connector;
  const lock = spec?.status;
  const lockExpiresOn = toEpochMillis(lock?.lockExpires);
  const locked = userLockedOut(user, now);
  const expiresOn = userExpiresOn(user);
  const mfaWeakestDevice = enumValue(user.status?.mfaWeakestDevice, 'MFA_DEVICE_KIND_');
  const email =
    asEmail(username) ??
    asEmail(sso?.identity.username) ??
    asEmail(spec?.traits?.values?.email?.values?.[0]);
  return createIntegrationEntity({
    entityData: {
      source: shareableSource(user),
      assign: {
        _key: keys.user(username),
        _type: Entities.USER._type,
        _class: Entities.USER._class,
        name: username,
        displayName: username,
        username,
        userType: userTypeOf(user),
        active: !locked && (expiresOn === undefined || expiresOn > now),
        locked,
        ...definedOnly({
          email,
          ssoConnectorType: sso?.connectorType ?? nonEmptyString(connector?.type),
          ssoConnectorId:
            nonEmptyString(sso?.identity.connectorId) ?? nonEmptyString(connector?.id),
          ssoIdentity:
            nonEmptyString(sso?.identity.username) ?? nonEmptyString(connector?.identity),
          botName:
            userTypeOf(user) === 'bot'
              ? (nonEmptyString(user.metadata?.labels?.[BOT_LABEL]) ?? username)
              : undefined,
          lockedMessage: locked ? nonEmptyString(lock?.lockedMessage) : undefined,
          lockedOn: locked ? toEpochMillis(lock?.lockedTime) : undefined,
          lockExpiresOn: locked ? lockExpiresOn : undefined,
          expiresOn,
          passwordState: enumValue(user.status?.passwordState, 'PASSWORD_STATE_'),
          mfaWeakestDevice,
          mfaEnabled:
            mfaWeakestDevice === 'totp' || mfaWeakestDevice === 'webauthn'
              ? true
              : mfaWeakestDevice === 'unset'
                ? false
                : undefined,
          roles: nonEmpty(spec?.roles),
          trustedDeviceCount: spec?.trustedDeviceIds?.length || undefined,
          createdOn: toEpochMillis(spec?.createdBy?.time),
          createdBy: nonEmptyString(spec?.createdBy?.user?.name) ?? nonEmptyString(connector?.id),
          ...traitProperties(user),
        }),
      },
    },
  });
}
