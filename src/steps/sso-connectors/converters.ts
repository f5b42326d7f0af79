import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { SsoConnector } from '../../teleport';
import {
  createKeyRelationship,
  definedOnly,
  keyOf,
  enumValue,
  keys,
  nonEmpty,
  nonEmptyString,
  scalarIn,
} from '../graph-values';
import {
  SSO_CONNECTOR,
  SSO_CONNECTOR_ASSIGNED_ROLE,
  SSO_CONNECTOR_CREATED_USER,
} from './constants';

export type ConnectorKind = SsoConnector['kind'];

export function connectorName(connector: SsoConnector): string {
  return connector.connector.metadata?.name ?? '';
}

/** A connector's key: connectors of different kinds may share a name. */
export function connectorKey(kind: string, name: string): string {
  return keyOf(SSO_CONNECTOR, kind, name);
}

/** One rule that maps what the identity provider says about a user to Teleport roles. */
export interface RoleMapping {
  mappingType: 'attribute' | 'claim' | 'team';
  /** SAML attribute or OIDC claim name. */
  name?: string;
  /** The value the attribute or claim must match (a literal, a glob or a regular expression). */
  value?: string;
  organization?: string;
  team?: string;
  roles: string[];
}

export function roleMappingsOf(connector: SsoConnector): RoleMapping[] {
  switch (connector.kind) {
    case 'saml':
      return (connector.connector.spec?.attributesToRoles ?? []).map((mapping) => ({
        mappingType: 'attribute',
        name: mapping.name,
        value: mapping.value,
        roles: mapping.roles ?? [],
      }));
    case 'oidc':
      return (connector.connector.spec?.claimsToRoles ?? []).map((mapping) => ({
        mappingType: 'claim',
        name: mapping.claim,
        value: mapping.value,
        roles: mapping.roles ?? [],
      }));
    case 'github':
      return (connector.connector.spec?.teamsToRoles ?? []).map((mapping) => ({
        mappingType: 'team',
        organization: mapping.organization,
        team: mapping.team,
        roles: mapping.roles ?? [],
      }));
  }
}

/** `groups=admins`, `groups=^eng-.*$`, `acme/platform`: the mapping's condition as one string. */
export function mappingCondition(mapping: RoleMapping): string {
  return mapping.mappingType === 'team'
    ? `${mapping.organization ?? ''}/${mapping.team ?? ''}`
    : `${mapping.name ?? ''}=${mapping.value ?? ''}`;
}

function kindProperties(connector: SsoConnector): Record<string, unknown> {
  switch (connector.kind) {
    case 'saml': {
      const spec = connector.connector.spec ?? {};
      return {
        issuer: nonEmptyString(spec.issuer),
        ssoUrl: nonEmptyString(spec.sso),
        entityDescriptorUrl: nonEmptyString(spec.entityDescriptorUrl),
        audience: nonEmptyString(spec.audience),
        assertionConsumerService: nonEmptyString(spec.assertionConsumerService),
        serviceProviderIssuer: nonEmptyString(spec.serviceProviderIssuer),
        allowIdpInitiated: spec.allowIdpInitiated === true,
        singleLogoutUrl: nonEmptyString(spec.singleLogoutUrl),
        forceAuthn: enumValue(spec.forceAuthn, 'FORCE_AUTHN_'),
        preferredRequestBinding: nonEmptyString(spec.preferredRequestBinding),
        mfaEnabled: spec.mfaSettings?.enabled === true,
      };
    }
    case 'oidc': {
      const spec = connector.connector.spec ?? {};
      // Upstream's OIDCConnectorV3.GetMaxAge (api/types/oidc.go): a present MaxAge is set, even at 0.
      const maxAgeNanos = scalarIn(spec.maxAge, 'value', 0);
      return {
        issuerUrl: nonEmptyString(spec.issuerUrl),
        clientId: nonEmptyString(spec.clientId),
        scopes: nonEmpty(spec.scope),
        prompt: nonEmptyString(spec.prompt),
        acr: nonEmptyString(spec.acr),
        redirectUrls: nonEmpty(spec.redirectUrls?.values),
        allowUnverifiedEmail: spec.allowUnverifiedEmail === true,
        usernameClaim: nonEmptyString(spec.usernameClaim),
        maxAge: maxAgeNanos !== undefined ? Math.round(maxAgeNanos / 1e9) : undefined,
        pkceMode: nonEmptyString(spec.pkceMode),
        googleAdminEmail: nonEmptyString(spec.googleAdminEmail),
        mfaEnabled: spec.mfaSettings?.enabled === true,
      };
    }
    case 'github': {
      const spec = connector.connector.spec ?? {};
      return {
        clientId: nonEmptyString(spec.clientId),
        redirectUrl: nonEmptyString(spec.redirectUrl),
        endpointUrl: nonEmptyString(spec.endpointUrl),
        apiEndpointUrl: nonEmptyString(spec.apiEndpointUrl),
        organizations: nonEmpty(
          [
            ...new Set((spec.teamsToRoles ?? []).map((mapping) => mapping.organization ?? '')),
          ].sort(),
        ),
      };
    }
  }
}

/**
 * Identity providers by the host names their issuers and endpoints use (a host or any subdomain of
 * it), as the providers document them.
 */
const PROVIDER_HOSTS: readonly (readonly [string, string])[] = [
  ['okta.com', 'okta'],
  ['oktapreview.com', 'okta'],
  ['okta-emea.com', 'okta'],
  ['login.microsoftonline.com', 'entra-id'],
  ['login.microsoftonline.us', 'entra-id'],
  ['sts.windows.net', 'entra-id'],
  ['accounts.google.com', 'google'],
  ['onelogin.com', 'onelogin'],
  ['auth0.com', 'auth0'],
  ['jumpcloud.com', 'jumpcloud'],
  ['pingone.com', 'ping-identity'],
  ['pingone.eu', 'ping-identity'],
  ['pingidentity.com', 'ping-identity'],
  ['duosecurity.com', 'duo'],
  ['gitlab.com', 'gitlab'],
];

function hostOf(url: string | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  try {
    return nonEmptyString(new URL(url).hostname.toLowerCase());
  } catch {
    return undefined; // a SAML issuer need not be a URL
  }
}

/**
 * Which identity provider a connector signs users in with, from what the connector itself says:
 * a GitHub connector is GitHub; a SAML or OIDC connector is the provider whose host its issuer,
 * SSO URL or metadata URL names. `host` is the first host found, known or not; `provider` is
 * undefined when that host is no provider listed above.
 */
export function identityProviderOf(connector: SsoConnector): {
  provider?: string;
  host?: string;
} {
  if (connector.kind === 'github') {
    return { provider: 'github', host: hostOf(connector.connector.spec?.endpointUrl) };
  }
  const urls =
    connector.kind === 'saml'
      ? [
          connector.connector.spec?.issuer,
          connector.connector.spec?.sso,
          connector.connector.spec?.entityDescriptorUrl,
        ]
      : [connector.connector.spec?.issuerUrl];
  const hosts = urls.map(hostOf).filter((host): host is string => host !== undefined);
  for (const host of hosts) {
    const known = PROVIDER_HOSTS.find(([domain]) => host === domain || host.endsWith(`.${domain}`));
    if (known) {
      return { provider: known[1], host };
    }
  }
  return { host: hosts[0] };
}

/** A SAML, OIDC or GitHub connector: how users sign in, and how their identity becomes roles. */
export function createSsoConnectorEntity(connector: SsoConnector): Entity {
  const name = connectorName(connector);
  const resource = connector.connector;
  const display = nonEmptyString(resource.spec?.display);
  const mappings = roleMappingsOf(connector);
  const provider =
    connector.kind === 'github' ? 'github' : nonEmptyString(connector.connector.spec?.provider);
  const identityProvider = identityProviderOf(connector);
  return createIntegrationEntity({
    entityData: {
      source: resource,
      assign: {
        _key: connectorKey(connector.kind, name),
        _type: SSO_CONNECTOR._type,
        _class: SSO_CONNECTOR._class,
        name,
        displayName: display ?? name,
        connectorType: connector.kind,
        mappingCount: mappings.length,
        ...definedOnly({
          display,
          description: nonEmptyString(resource.metadata?.description),
          provider,
          identityProvider: identityProvider.provider,
          identityProviderHost: identityProvider.host,
          mappedRoles: nonEmpty([...new Set(mappings.flatMap((mapping) => mapping.roles))].sort()),
          roleMappings: nonEmpty(
            mappings.map((mapping) => `${mappingCondition(mapping)} -> ${mapping.roles.join(',')}`),
          ),
          userMatchers: nonEmpty(resource.spec?.userMatchers),
          ...kindProperties(connector),
        }),
      },
    },
  });
}

/**
 * `teleport_sso_connector_assigned_role`, one per (mapping, role): the properties say which
 * attribute, claim or team, and which value, grant the role.
 */
export function createConnectorRoleRelationship(
  connector: SsoConnector,
  mapping: RoleMapping,
  role: string,
): Relationship {
  return createKeyRelationship(
    SSO_CONNECTOR_ASSIGNED_ROLE,
    connectorKey(connector.kind, connectorName(connector)),
    keys.role(role),
    {
      connectorType: connector.kind,
      mappingType: mapping.mappingType,
      attribute: mapping.mappingType === 'attribute' ? mapping.name : undefined,
      claim: mapping.mappingType === 'claim' ? mapping.name : undefined,
      value: mapping.value,
      organization: mapping.organization,
      team: mapping.team,
      condition: mappingCondition(mapping),
    },
    `${mapping.mappingType}:${mappingCondition(mapping)}`,
  );
}

/**
 * The connector a user signed up through, as the user entity records it (kind and name), with the
 * identity provider the connector signs users in with, when known.
 */
export function createConnectorUserRelationship(
  kind: string,
  connector: string,
  username: string,
  identity?: string,
  identityProvider?: string,
): Relationship {
  return createKeyRelationship(
    SSO_CONNECTOR_CREATED_USER,
    connectorKey(kind, connector),
    keys.user(username),
    { connectorType: kind, identity: nonEmptyString(identity), identityProvider },
  );
}
