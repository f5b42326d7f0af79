import { describe, expect, it } from 'vitest';
import {
  createConnectorRoleRelationship,
  createConnectorUserRelationship,
  createSsoConnectorEntity,
  identityProviderOf,
  mappingCondition,
  roleMappingsOf,
  connectorKey,
} from '../../src/steps/sso-connectors/converters';
import { methodDefinition } from '../../src/teleport/protos';
import type { OidcConnectorV3, SsoConnector } from '../../src/teleport';
import { decodeAs, embedded, field, message, varintField } from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';
import { useStepRun } from '../harness/step-run';
import { SSO_CONNECTORS_STEP } from '../../src/steps/sso-connectors/constants';

const saml: SsoConnector = {
  kind: 'saml',
  connector: {
    kind: 'saml',
    version: 'v2',
    metadata: { name: 'okta', description: 'Staff sign-in' },
    spec: {
      issuer: 'http://www.okta.com/exk1',
      sso: 'https://acme.okta.com/app/x/sso/saml',
      display: 'Okta',
      provider: 'okta',
      entityDescriptorUrl: 'https://acme.okta.com/app/x/sso/saml/metadata',
      attributesToRoles: [
        { name: 'groups', value: 'admins', roles: ['editor', 'access'] },
        { name: 'groups', value: 'eng', roles: ['access'] },
      ],
      allowIdpInitiated: true,
      forceAuthn: 'FORCE_AUTHN_YES',
      mfaSettings: { enabled: true },
    },
  },
};

const oidc: SsoConnector = {
  kind: 'oidc',
  connector: {
    metadata: { name: 'google' },
    spec: {
      issuerUrl: 'https://accounts.google.com',
      clientId: '123.apps.googleusercontent.com',
      scope: ['openid', 'email'],
      claimsToRoles: [
        { claim: 'hd', value: 'acme.com', roles: ['access'] },
        { claim: 'groups', value: '^team-(.*)$', roles: ['$1'] },
      ],
      redirectUrls: { values: ['https://acme.teleport.sh/v1/webapi/oidc/callback'] },
      allowUnverifiedEmail: true,
      maxAge: { value: 3600 * 1e9 },
    },
  },
};

const github: SsoConnector = {
  kind: 'github',
  connector: {
    metadata: { name: 'github' },
    spec: {
      clientId: 'Iv1.abc',
      display: 'GitHub',
      teamsToRoles: [
        { organization: 'acme', team: 'sre', roles: ['prod-ssh'] },
        { organization: 'acme-labs', team: 'platform', roles: ['access'] },
      ],
      endpointUrl: 'https://github.com',
    },
  },
};

describe('createSsoConnectorEntity', () => {
  it('describes a SAML connector, its mappings and its security settings', () => {
    const entity = createSsoConnectorEntity(saml);
    expect(entity).toMatchObject({
      _key: 'teleport_sso_connector:saml:okta',
      _type: 'teleport_sso_connector',
      _class: ['Configuration'],
      name: 'okta',
      displayName: 'Okta',
      connectorType: 'saml',
      provider: 'okta',
      issuer: 'http://www.okta.com/exk1',
      ssoUrl: 'https://acme.okta.com/app/x/sso/saml',
      allowIdpInitiated: true,
      forceAuthn: 'yes',
      mfaEnabled: true,
      mappingCount: 2,
      mappedRoles: ['access', 'editor'],
      roleMappings: ['groups=admins -> editor,access', 'groups=eng -> access'],
      description: 'Staff sign-in',
    });
  });

  it('describes an OIDC connector, in seconds where Teleport says nanoseconds', () => {
    expect(createSsoConnectorEntity(oidc)).toMatchObject({
      _key: 'teleport_sso_connector:oidc:google',
      displayName: 'google',
      connectorType: 'oidc',
      issuerUrl: 'https://accounts.google.com',
      clientId: '123.apps.googleusercontent.com',
      scopes: ['openid', 'email'],
      redirectUrls: ['https://acme.teleport.sh/v1/webapi/oidc/callback'],
      allowUnverifiedEmail: true,
      maxAge: 3600,
      mfaEnabled: false,
      mappedRoles: ['$1', 'access'],
    });
  });

  it('reads max_age 0 as Teleport marshals it (an empty MaxAge), and no max_age as unset', () => {
    // OIDCConnectorV3{metadata{name}, spec{max_age: MaxAge{}}}: upstream's GetMaxAge says (0, true).
    const zero = decodeAs<OidcConnectorV3>(
      'types.OIDCConnectorV3',
      message(embedded(4, field(1, 'google')), embedded(5, embedded(17))),
    );
    expect(createSsoConnectorEntity({ kind: 'oidc', connector: zero }).maxAge).toBe(0);
    const unset = decodeAs<OidcConnectorV3>(
      'types.OIDCConnectorV3',
      message(embedded(4, field(1, 'google')), embedded(5, field(1, 'https://idp'))),
    );
    expect(createSsoConnectorEntity({ kind: 'oidc', connector: unset })).not.toHaveProperty(
      'maxAge',
    );
  });

  it('describes a GitHub connector with its organisations', () => {
    expect(createSsoConnectorEntity(github)).toMatchObject({
      _key: 'teleport_sso_connector:github:github',
      provider: 'github',
      clientId: 'Iv1.abc',
      organizations: ['acme', 'acme-labs'],
      roleMappings: ['acme/sre -> prod-ssh', 'acme-labs/platform -> access'],
    });
  });

  it('keeps connectors of different kinds with one name apart', () => {
    expect(connectorKey('saml', 'okta')).not.toBe(connectorKey('oidc', 'okta'));
  });

  it('copes with an empty connector', () => {
    const entity = createSsoConnectorEntity({
      kind: 'oidc',
      connector: { metadata: { name: 'x' } },
    });
    expect(entity).toMatchObject({ name: 'x', mappingCount: 0, allowUnverifiedEmail: false });
    expect(entity).not.toHaveProperty('mappedRoles');
  });

  it('matches the data model', () => {
    expectGraph([saml, oidc, github].map(createSsoConnectorEntity)).toMatchGraphObjectSchema({
      _class: ['Configuration'],
      _type: 'teleport_sso_connector',
    });
  });
});

describe('identityProviderOf: the identity provider a connector names, and only that', () => {
  const samlWith = (spec: Record<string, string>): SsoConnector => ({
    kind: 'saml',
    connector: { metadata: { name: 's' }, spec },
  });
  const oidcWith = (issuerUrl: string): SsoConnector => ({
    kind: 'oidc',
    connector: { metadata: { name: 'o' }, spec: { issuerUrl } },
  });
  it.each([
    ['an Okta SAML issuer (www.okta.com)', saml, { provider: 'okta', host: 'www.okta.com' }],
    ['Google as OIDC issuer', oidc, { provider: 'google', host: 'accounts.google.com' }],
    ['a GitHub connector', github, { provider: 'github', host: 'github.com' }],
    [
      'Entra ID by its STS issuer',
      samlWith({ issuer: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/' }),
      { provider: 'entra-id', host: 'sts.windows.net' },
    ],
    [
      'Entra ID by its login endpoint, when the issuer is not a URL',
      samlWith({
        issuer: 'urn:acme:teleport',
        sso: 'https://login.microsoftonline.com/72f988bf/saml2',
      }),
      { provider: 'entra-id', host: 'login.microsoftonline.com' },
    ],
    [
      'an Okta tenant by its subdomain',
      oidcWith('https://acme.okta.com/oauth2/default'),
      { provider: 'okta', host: 'acme.okta.com' },
    ],
    [
      'a host that only ends like a provider is not that provider',
      oidcWith('https://evilokta.com/'),
      { host: 'evilokta.com' },
    ],
    [
      'a self-hosted provider: its host, no provider',
      oidcWith('https://keycloak.acme.internal/realms/staff'),
      { host: 'keycloak.acme.internal' },
    ],
    [
      "Teleport's own provider field is not evidence of the host",
      samlWith({ provider: 'okta', issuer: 'urn:x' }),
      {},
    ],
  ])('%s', (_name, connector, expected) => {
    expect(identityProviderOf(connector)).toEqual(expected);
  });

  it('is on the connector entity', () => {
    expect(createSsoConnectorEntity(saml)).toMatchObject({
      identityProvider: 'okta',
      identityProviderHost: 'www.okta.com',
    });
  });
});

describe('role mappings', () => {
  it('reads attributes, claims and teams alike', () => {
    expect(roleMappingsOf(saml)[0]).toEqual({
      mappingType: 'attribute',
      name: 'groups',
      value: 'admins',
      roles: ['editor', 'access'],
    });
    expect(roleMappingsOf(oidc)[1]).toEqual({
      mappingType: 'claim',
      name: 'groups',
      value: '^team-(.*)$',
      roles: ['$1'],
    });
    expect(mappingCondition(roleMappingsOf(github)[0]!)).toBe('acme/sre');
  });

  it('relates the connector to each role a mapping grants, naming the condition', () => {
    const [admins, eng] = roleMappingsOf(saml);
    const editor = createConnectorRoleRelationship(saml, admins!, 'editor');
    const access = createConnectorRoleRelationship(saml, admins!, 'access');
    const accessByEng = createConnectorRoleRelationship(saml, eng!, 'access');
    expect(editor).toMatchObject({
      _type: 'teleport_sso_connector_assigned_role',
      _class: 'ASSIGNED',
      _fromEntityKey: 'teleport_sso_connector:saml:okta',
      _toEntityKey: 'teleport_role:editor',
      connectorType: 'saml',
      mappingType: 'attribute',
      attribute: 'groups',
      value: 'admins',
      condition: 'groups=admins',
    });
    // The same role through two mappings is two relationships.
    expect(access._key).not.toBe(accessByEng._key);
    const team = createConnectorRoleRelationship(github, roleMappingsOf(github)[0]!, 'prod-ssh');
    expect(team).toMatchObject({ mappingType: 'team', organization: 'acme', team: 'sre' });
    expect(team).not.toHaveProperty('attribute');
    const claim = createConnectorRoleRelationship(oidc, roleMappingsOf(oidc)[0]!, 'access');
    expect(claim).toMatchObject({ mappingType: 'claim', claim: 'hd', value: 'acme.com' });
    expectGraph([editor, access, accessByEng, team, claim]).toMatchDirectRelationshipSchema({});
  });

  it('links a user to the connector that created it', () => {
    const relationship = createConnectorUserRelationship('saml', 'okta', 'carol@acme.com', 'carol');
    expect(relationship).toMatchObject({
      _type: 'teleport_sso_connector_created_user',
      _class: 'CREATED',
      _fromEntityKey: 'teleport_sso_connector:saml:okta',
      _toEntityKey: 'teleport_user:carol@acme.com',
      identity: 'carol',
    });
    expectGraph([relationship]).toMatchDirectRelationshipSchema({});
  });
});

describe('secrets never reach the integration', () => {
  const SECRET = 'TOPSECRET';

  function decode(service: string, method: string, bytes: Buffer): string {
    return JSON.stringify(methodDefinition(service, method).responseDeserialize(bytes));
  }

  it('drops the OIDC client secrets and Google service account a server may send', () => {
    const connector = message(
      field(4, message(field(1, 'google'))),
      field(
        5,
        message(
          field(1, 'https://accounts.google.com'),
          field(3, `${SECRET}-client`),
          field(12, `${SECRET}-service-account`),
          field(19, message(varintField(1, 1), field(3, `${SECRET}-mfa`))),
        ),
      ),
    );
    const listed = decode('proto.AuthService', 'ListOIDCConnectors', field(1, connector));
    const legacy = decode('proto.AuthService', 'GetOIDCConnectors', field(1, connector));
    for (const text of [listed, legacy]) {
      expect(text).toContain('https://accounts.google.com');
      expect(text).toContain('"enabled":true');
      expect(text).not.toContain(SECRET);
    }
  });

  it('drops the SAML private keys and OAuth credentials', () => {
    const keyPair = message(field(1, `${SECRET}-key`), field(2, 'public certificate'));
    const connector = message(
      field(4, message(field(1, 'okta'))),
      field(
        5,
        message(
          field(1, 'issuer'),
          field(11, keyPair),
          field(13, keyPair),
          field(23, message(field(1, message(field(1, 'client'), field(2, `${SECRET}-oauth`))))),
        ),
      ),
    );
    const text = decode('proto.AuthService', 'ListSAMLConnectors', field(1, connector));
    expect(text).toContain('issuer');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('public certificate');
  });

  it('drops the GitHub client secret', () => {
    const connector = message(
      field(4, message(field(1, 'github'))),
      field(5, message(field(1, 'Iv1.abc'), field(2, `${SECRET}-github`))),
    );
    const text = decode('proto.AuthService', 'GetGithubConnectors', field(1, connector));
    expect(text).toContain('Iv1.abc');
    expect(text).not.toContain(SECRET);
  });

  it('cannot ask for secrets: the with_secrets flags are not in the requests', () => {
    for (const method of ['ListSAMLConnectors', 'ListOIDCConnectors', 'ListGithubConnectors']) {
      const definition = methodDefinition('proto.AuthService', method);
      expect(definition.requestSerialize({ pageSize: 5, withSecrets: true })).toEqual(
        definition.requestSerialize({ pageSize: 5 }),
      );
    }
    const legacy = methodDefinition('proto.AuthService', 'GetSAMLConnectors');
    expect(legacy.requestSerialize({ withSecrets: true })).toEqual(legacy.requestSerialize({}));
  });
});

describe('fetch-sso-connectors, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(SSO_CONNECTORS_STEP);

  it('describes each connector and relates its mappings to roles', () => {
    expect(run.entity('teleport_sso_connector', 'okta')).toMatchObject({
      _class: ['Configuration'],
      connectorType: 'saml',
      provider: 'okta',
      mfaEnabled: true,
      mappingCount: 5,
    });
    expect(
      run.between(
        'teleport_sso_connector_assigned_role',
        'teleport_sso_connector:saml:okta',
        'teleport_role:editor',
      ),
    ).toEqual([
      expect.objectContaining({
        mappingType: 'attribute',
        attribute: 'groups',
        value: 'it-admins',
      }),
    ]);
    expect(
      run.between(
        'teleport_sso_connector_assigned_role',
        'teleport_sso_connector:github:github',
        'teleport_role:prod-ssh',
      ),
    ).toEqual([
      expect.objectContaining({ mappingType: 'team', organization: 'acme', team: 'sre' }),
    ]);
    // The Google mapping whose role is a regular expression capture relates to no role.
    expect(
      run
        .ofType('teleport_sso_connector_assigned_role')
        .filter((mapping) => mapping._fromEntityKey === 'teleport_sso_connector:oidc:google'),
    ).toHaveLength(2);
  });

  it('links SSO users to the connector that created them, saying which identity provider', () => {
    expect(
      run
        .ofType('teleport_sso_connector_created_user')
        .map(
          (created) =>
            `${created._fromEntityKey} ${created._toEntityKey} ${String(created.identityProvider)}`,
        )
        .sort(),
    ).toEqual([
      'teleport_sso_connector:github:github teleport_user:erin-codes github',
      'teleport_sso_connector:oidc:google teleport_user:dave@acme.com google',
      'teleport_sso_connector:saml:okta teleport_user:carol@acme.com okta',
      'teleport_sso_connector:saml:okta teleport_user:heidi@acme.com okta',
      'teleport_sso_connector:saml:okta teleport_user:kevin@acme.com okta',
    ]);
  });

  it('asks the newest RPCs, never for secrets, and keeps the server from following SAML URLs', () => {
    const saml = run.calls.find((call) => call.method === 'AuthService/ListSAMLConnectors');
    expect(saml?.request).toMatchObject({ noFollowUrls: true });
    expect(JSON.stringify(run.calls.map((call) => call.request))).not.toMatch(/secret/i);
    expect(run.calls.some((call) => call.method === 'AuthService/GetSAMLConnectors')).toBe(false);
  });
});
