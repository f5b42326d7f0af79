import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { ExternalIdentity, UserV2 } from '../../teleport';
import { Entities } from '../constants';
import {
  asEmail,
  definedOnly,
  enumValue,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
} from '../graph-values';

/** Teleport labels a bot's user with the bot's name. */
const BOT_LABEL = 'teleport.internal/bot';

/**
 * Traits whose values say what a user may do and reveal nothing personal: these are kept; other
 * traits (from SSO attributes, which may hold anything) are listed by name only.
 */
const SHAREABLE_TRAITS = new Set([
  'logins',
  'windows_logins',
  'kubernetes_groups',
  'kubernetes_users',
  'db_names',
  'db_users',
  'db_roles',
  'aws_role_arns',
  'azure_identities',
  'gcp_service_accounts',
  'host_user_uid',
  'host_user_gid',
]);

/** Bounds on what one user contributes, so a user with thousands of traits stays a small object. */
const MAX_TRAIT_NAMES = 200;
const MAX_TRAIT_VALUES = 50;

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

export function userTypeOf(user: UserV2): UserType {
  if (user.metadata?.labels?.[BOT_LABEL]) {
    return 'bot';
  }
  if (firstSsoIdentity(user) || nonEmptyString(user.spec?.createdBy?.connector?.id)) {
    return 'sso';
  }
  return 'local';
}

function traitProperties(user: UserV2): Record<string, unknown> {
  const traits = user.spec?.traits?.values ?? {};
  const names = Object.keys(traits).sort();
  const properties: Record<string, unknown> = {
    traitNames: nonEmpty(names.slice(0, MAX_TRAIT_NAMES)),
    traitCount: names.length > 0 ? names.length : undefined,
  };
  for (const name of names) {
    if (SHAREABLE_TRAITS.has(name)) {
      // Property names allow letters, digits and dots only: `db_users` → `trait.dbUsers`.
      const propertyName = `trait.${name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())}`;
      properties[propertyName] = nonEmpty(traits[name]?.values?.slice(0, MAX_TRAIT_VALUES));
    }
  }
  return properties;
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
  const locked = lock?.isLocked === true && (lockExpiresOn === undefined || lockExpiresOn > now);
  const expiresOn = toEpochMillis(spec?.expires);
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
          botName: nonEmptyString(user.metadata?.labels?.[BOT_LABEL]),
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

/**
 * A user that something refers to (a list member, an owner, a reviewer) but that the cluster's
 * user listing did not return: recorded so the reference is not lost.
 */
export function createMissingUserEntity(username: string): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: keys.user(username),
        _type: Entities.USER._type,
        _class: Entities.USER._class,
        name: username,
        displayName: username,
        username,
        active: false,
        missing: true,
        ...definedOnly({ email: asEmail(username) }),
      },
    },
  });
}
