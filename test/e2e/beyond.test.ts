/**
 * Effective roles, SSO connectors, bots, locks, the auth preference and trusted devices, through
 * the real `j1-integration collect` (schema validation on) against the stand-in: what each adds to
 * the graph, each one's switch, the fallbacks for older servers, Community Edition, and refusals.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import { GrpcStatus } from '../../src/teleport';
import { countByType, runCollect, type CollectRun } from '../helpers/collect';
import { startTeleportStandIn, type StandInMethod, type TeleportStandIn } from '../../standin';
import type { StandInOptions } from '../../standin';
import { sampleDeviceIds, sampleOrganisation } from '../../standin/data/sample-org';

const NEW_STEPS = [
  'build-user-effective-roles',
  'fetch-sso-connectors',
  'fetch-bots',
  'fetch-locks',
  'fetch-auth-preference',
  'fetch-devices',
];

const NEW_TYPES = [
  'teleport_user_has_role',
  'teleport_sso_connector',
  'teleport_account_has_sso_connector',
  'teleport_sso_connector_assigned_role',
  'teleport_sso_connector_created_user',
  'teleport_bot',
  'teleport_account_has_bot',
  'teleport_bot_assigned_role',
  'teleport_bot_has_user',
  'teleport_lock',
  'teleport_account_has_lock',
  'teleport_lock_restricts_user',
  'teleport_lock_restricts_role',
  'teleport_auth_preference',
  'teleport_account_has_auth_preference',
  'teleport_device',
  'teleport_account_has_device',
  'teleport_user_has_device',
];

/** RPCs only the new steps call. */
const NEW_METHODS: StandInMethod[] = [
  'AuthService/ListSAMLConnectors',
  'AuthService/GetSAMLConnectors',
  'AuthService/ListOIDCConnectors',
  'AuthService/GetOIDCConnectors',
  'AuthService/ListGithubConnectors',
  'AuthService/GetGithubConnectors',
  'AuthService/GetAuthPreference',
  'AuthService/ListLocks',
  'AuthService/GetLocks',
  'ClusterConfigService/GetAuthPreference',
  'BotService/ListBots',
  'DeviceTrustService/ListDevices',
];

interface Summary {
  integrationStepResults: { id: string; status: string }[];
  metadata: { partialDatasets: { types: string[] } };
}

interface Collected {
  run: CollectRun;
  summary: Summary;
  calls: TeleportStandIn['auth']['calls'];
}

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-beyond-'));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function collect(
  options: StandInOptions & {
    env?: Record<string, string>;
    prepare?: (standIn: TeleportStandIn) => void;
  } = {},
): Promise<Collected> {
  const standIn = await startTeleportStandIn({
    clusterName: 'acme.teleport.sh',
    data: sampleOrganisation(new Date()),
    ...options,
  });
  try {
    options.prepare?.(standIn);
    const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
    const identityFilePath = fs.mkdtempSync(path.join(scratch, 'run-')) + '/identity';
    fs.writeFileSync(identityFilePath, identity.identityFile);
    const run = await runCollect({
      env: {
        PROXY_ADDRESS: standIn.proxyAddress,
        IDENTITY_FILE_PATH: identityFilePath,
        ...options.env,
      },
    });
    const summary = JSON.parse(
      fs.readFileSync(path.join(run.workDirectory, '.j1-integration', 'summary.json'), 'utf8'),
    ) as Summary;
    return { run, summary, calls: standIn.auth.calls };
  } finally {
    await standIn.close();
  }
}

function statusOf(collected: Collected, stepId: string): string | undefined {
  return collected.summary.integrationStepResults.find((step) => step.id === stepId)?.status;
}

function ofType<T extends { _type: string }>(objects: T[], type: string): T[] {
  return objects.filter((object) => object._type === type);
}

function entity(collected: Collected, type: string, name: string): Entity {
  const found = ofType(collected.run.graph.entities, type).find(
    (candidate) => candidate.name === name,
  );
  expect(found, `${type} ${name}`).toBeDefined();
  return found!;
}

function between(collected: Collected, type: string, from: string, to: string): Relationship[] {
  return ofType(collected.run.graph.relationships, type).filter(
    (relationship) => relationship._fromEntityKey === from && relationship._toEntityKey === to,
  );
}

const sample = sampleOrganisation();
const listId = (title: string): string =>
  sample.accessLists.find((list) => list.spec?.title === title)!.header!.metadata!.name!;

describe('every feature on (the default)', () => {
  let collected: Collected;

  beforeAll(async () => {
    collected = await collect();
  }, 180_000);

  it('runs every new step successfully, with schema validation on', () => {
    expect(collected.run.exitCode, collected.run.output.slice(-3000)).toBe(0);
    for (const id of NEW_STEPS) {
      expect(statusOf(collected, id), id).toBe('success');
    }
    expect(collected.summary.metadata.partialDatasets.types).toEqual([]);
  });

  describe('effective roles', () => {
    const alice = 'teleport_user:alice@acme.com';
    const has = (from: string, role: string): Relationship[] =>
      between(collected, 'teleport_user_has_role', from, `teleport_role:${role}`);

    it('records direct roles and every access list path, outermost list first', () => {
      expect(has(alice, 'editor')).toEqual([expect.objectContaining({ via: 'direct' })]);
      const k8s = has(alice, 'k8s-dev');
      expect(k8s.map((grant) => grant.accessListChainTitles).sort()).toEqual([
        'Platform engineers',
        'Platform engineers > Production SSH',
        'Platform engineers > Production SSH > Database readers',
      ]);
      expect(k8s.find((grant) => grant.accessListDepth === 2)?.accessListChain).toBe(
        `${listId('Platform engineers')} > ${listId('Production SSH')}`,
      );
      expect(new Set(k8s.map((grant) => grant._key)).size).toBe(3);
    });

    it('gives owner grants to owners, including members of an owning list', () => {
      expect(
        has(alice, 'reviewer')
          .filter((grant) => grant.grantType === 'owner')
          .map((grant) => grant.accessListChainTitles)
          .sort(),
      ).toEqual(['Platform engineers', 'Production SSH', 'Production SSH > Security reviewers']);
      expect(
        has('teleport_user:heidi@acme.com', 'reviewer')
          .map((grant) => grant.grantType ?? grant.via)
          .sort(),
      ).toEqual(['direct', 'member', 'owner']);
    });

    it('gives nothing for expired or ineligible memberships', () => {
      // bob's Database readers membership expired; zoë and kevin do not meet the requirements.
      expect(has('teleport_user:bob', 'db-readonly')).toEqual([]);
      expect(
        ofType(collected.run.graph.relationships, 'teleport_user_has_role').filter(
          (grant) =>
            [
              'teleport_user:zoë',
              'teleport_user:kevin@acme.com',
              'teleport_user:erin-codes',
            ].includes(grant._fromEntityKey as string) &&
            grant.accessListChain?.toString().includes(listId('Production SSH')),
        ),
      ).toEqual([]);
    });

    it('applies every ancestor’s requirements to members of nested lists', () => {
      // heidi's lists nest into Production SSH, whose members must have team=platform; heidi's
      // team is security, so Teleport gives her nothing of it (hierarchy.go IsAccessListMember).
      expect(has('teleport_user:heidi@acme.com', 'prod-ssh')).toEqual([]);
    });

    // Expiries along a chain: rows of test/e2e/effective-roles-table.test.ts.

    it('gives nothing to a user whose own role does not exist: Teleport refuses the login', () => {
      // generator.go postProcess fails on a missing role, so frank's login fails outright.
      expect(
        ofType(collected.run.graph.relationships, 'teleport_user_has_role').filter(
          (grant) => grant._fromEntityKey === 'teleport_user:frank@acme.com',
        ),
      ).toEqual([]);
      const state = ofType(collected.run.graph.entities, 'teleport_user_login_state').find(
        (entity) => entity.name === 'frank@acme.com',
      );
      expect(state).toMatchObject({ loginFails: true, missingRoles: ['legacy-deleted-role'] });
      expect(
        ofType(collected.run.graph.entities, 'teleport_role').find(
          (role) => role.name === 'legacy-deleted-role',
        ),
      ).toBeUndefined();
    });

    it('compares each user’s state with the one Teleport stored at the last login', () => {
      const states = ofType(collected.run.graph.entities, 'teleport_user_login_state');
      const bob = states.find((entity) => entity.name === 'bob');
      expect(bob).toMatchObject({
        teleportStateFound: true,
        matchesTeleport: false,
        rolesLostSinceTeleport: ['db-readonly'],
      });
      expect(states.find((entity) => entity.name === 'alice@acme.com')).toMatchObject({
        teleportStateFound: false,
      });
      expect(
        collected.run.graph.relationships.filter(
          (relationship) => relationship._type === 'teleport_user_has_login_state',
        ),
      ).toHaveLength(states.length);
    });

    it('relates only to roles the cluster has', () => {
      expect(has('teleport_user:frank@acme.com', 'legacy-deleted-role')).toEqual([]);
      expect(
        between(
          collected,
          'teleport_user_assigned_role',
          'teleport_user:frank@acme.com',
          'teleport_role:legacy-deleted-role',
        ),
      ).toEqual([]);
      const frank = ofType(collected.run.graph.entities, 'teleport_user').find(
        (user) => user.name === 'frank@acme.com',
      );
      expect(frank?.roles).toContain('legacy-deleted-role');
    });
  });

  describe('SSO connectors', () => {
    it('describes each connector and relates its mappings to roles', () => {
      expect(entity(collected, 'teleport_sso_connector', 'okta')).toMatchObject({
        _class: ['Configuration'],
        connectorType: 'saml',
        provider: 'okta',
        mfaEnabled: true,
        mappingCount: 5,
      });
      expect(
        between(
          collected,
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
        between(
          collected,
          'teleport_sso_connector_assigned_role',
          'teleport_sso_connector:github:github',
          'teleport_role:prod-ssh',
        ),
      ).toEqual([
        expect.objectContaining({ mappingType: 'team', organization: 'acme', team: 'sre' }),
      ]);
      // The Google mapping whose role is a regular expression capture relates to no role.
      expect(
        ofType(collected.run.graph.relationships, 'teleport_sso_connector_assigned_role').filter(
          (relationship) => relationship._fromEntityKey === 'teleport_sso_connector:oidc:google',
        ),
      ).toHaveLength(2);
    });

    it('links SSO users to the connector that created them', () => {
      const created = ofType(
        collected.run.graph.relationships,
        'teleport_sso_connector_created_user',
      );
      expect(
        created
          .map((relationship) => `${relationship._fromEntityKey} ${relationship._toEntityKey}`)
          .sort(),
      ).toEqual([
        'teleport_sso_connector:github:github teleport_user:erin-codes',
        'teleport_sso_connector:oidc:google teleport_user:dave@acme.com',
        'teleport_sso_connector:saml:okta teleport_user:carol@acme.com',
        'teleport_sso_connector:saml:okta teleport_user:heidi@acme.com',
        'teleport_sso_connector:saml:okta teleport_user:kevin@acme.com',
      ]);
    });

    it('asks the newest RPCs, never for secrets, and keeps the server from following SAML URLs', () => {
      const saml = collected.calls.find((call) => call.method === 'AuthService/ListSAMLConnectors');
      expect(saml?.request).toMatchObject({ noFollowUrls: true });
      expect(JSON.stringify(collected.calls.map((call) => call.request))).not.toMatch(/secret/i);
      expect(collected.calls.some((call) => call.method === 'AuthService/GetSAMLConnectors')).toBe(
        false,
      );
    });
  });

  describe('bots', () => {
    it('describes each bot, relates it to the roles it may impersonate and to its user', () => {
      expect(entity(collected, 'teleport_bot', 'jenkins')).toMatchObject({
        botUser: 'bot-jenkins',
        roles: ['prod-ssh', 'db-readonly'],
      });
      expect(
        ofType(collected.run.graph.relationships, 'teleport_bot_assigned_role')
          .map((relationship) => `${relationship._fromEntityKey} ${relationship._toEntityKey}`)
          .sort(),
      ).toEqual([
        'teleport_bot:jenkins teleport_role:db-readonly',
        'teleport_bot:jenkins teleport_role:prod-ssh',
        'teleport_bot:terraform teleport_role:editor',
      ]);
      expect(
        between(
          collected,
          'teleport_bot_has_user',
          'teleport_bot:jenkins',
          'teleport_user:bot-jenkins',
        ),
      ).toHaveLength(1);
      // Terraform's user was created after the users were listed: named, not related.
      expect(entity(collected, 'teleport_bot', 'terraform')).toMatchObject({
        botUser: 'bot-terraform',
      });
      expect(ofType(collected.run.graph.relationships, 'teleport_bot_has_user')).toHaveLength(1);
    });
  });

  describe('locks', () => {
    it('relates locks to the users and roles they lock, and keeps other targets as properties', () => {
      const userLock = ofType(collected.run.graph.entities, 'teleport_lock').find(
        (lock) => lock.targetUser === 'mallory@acme.com',
      )!;
      expect(userLock).toMatchObject({
        _class: ['AccessPolicy'],
        inForce: true,
        createdBy: 'alice@acme.com',
        message: expect.stringContaining('suspended'),
      });
      expect(
        between(
          collected,
          'teleport_lock_restricts_user',
          userLock._key,
          'teleport_user:mallory@acme.com',
        ),
      ).toHaveLength(1);
      expect(ofType(collected.run.graph.relationships, 'teleport_lock_restricts_role')).toEqual([
        expect.objectContaining({ _toEntityKey: 'teleport_role:contractor' }),
      ]);
      const deviceLock = ofType(collected.run.graph.entities, 'teleport_lock').find(
        (lock) => lock.targetDevice === sampleDeviceIds.judyMac,
      );
      expect(deviceLock).toMatchObject({ targetKinds: ['device'] });
    });

    it('is not the login lockout the user record carries', () => {
      // mallory is both locked out after failed logins (user.locked) and under a lock.
      expect(entity(collected, 'teleport_user', 'mallory@acme.com')).toMatchObject({
        locked: true,
      });
      expect(entity(collected, 'teleport_user', 'bob')).toMatchObject({ locked: false });
    });
  });

  describe('auth preference', () => {
    it('describes the cluster’s authentication settings, related to the account', () => {
      const preference = entity(collected, 'teleport_auth_preference', 'cluster-auth-preference');
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
        between(
          collected,
          'teleport_account_has_auth_preference',
          'teleport_account:acme.teleport.sh',
          preference._key,
        ),
      ).toHaveLength(1);
      expect(collected.calls.map((call) => call.method)).toContain(
        'ClusterConfigService/GetAuthPreference',
      );
    });
  });

  describe('trusted devices', () => {
    it('describes devices with the serial JupiterOne maps to MDM devices, and their owners', () => {
      const mac = entity(collected, 'teleport_device', 'C02XL0GJJGH5');
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
        between(collected, 'teleport_user_has_device', 'teleport_user:alice@acme.com', mac._key),
      ).toHaveLength(1);
      expect(entity(collected, 'teleport_device', 'ACME-WS-0077')).toMatchObject({
        enrolled: false,
        serial: null,
      });
      expect(ofType(collected.run.graph.relationships, 'teleport_user_has_device')).toHaveLength(3);
    });

    it('asks for the full view, which carries what the device reported', () => {
      const listings = collected.calls.filter(
        (call) => call.method === 'DeviceTrustService/ListDevices',
      );
      // The first call is the probe in getStepStartStates.
      expect(listings.at(-1)?.request).toMatchObject({ view: 'DEVICE_VIEW_RESOURCE' });
    });
  });
});

describe('every feature switched off', () => {
  let collected: Collected;

  beforeAll(async () => {
    collected = await collect({
      env: {
        INGEST_EFFECTIVE_ACCESS: 'false',
        INGEST_SSO_CONNECTORS: 'false',
        INGEST_BOTS: 'false',
        INGEST_LOCKS: 'false',
        INGEST_AUTH_PREFERENCE: 'false',
        INGEST_DEVICES: 'false',
      },
    });
  }, 180_000);

  it('disables those steps and only those, writes none of their types, and calls none of their RPCs', () => {
    expect(collected.run.exitCode, collected.run.output.slice(-3000)).toBe(0);
    for (const id of NEW_STEPS) {
      expect(statusOf(collected, id), id).toBe('disabled');
    }
    expect(statusOf(collected, 'fetch-users')).toBe('success');
    expect(statusOf(collected, 'fetch-access-list-owners')).toBe('success');
    const types = new Set(
      [...collected.run.graph.entities, ...collected.run.graph.relationships].map(
        (object) => object._type,
      ),
    );
    for (const type of NEW_TYPES) {
      expect(types.has(type), type).toBe(false);
    }
    expect(countByType(collected.run.graph.entities)).toMatchObject({
      teleport_user: 17,
      teleport_role: 14,
    });
    expect(
      collected.calls
        .filter((call) => NEW_METHODS.includes(call.method))
        .map((call) => call.method),
    ).toEqual([]);
  });
});

describe('one feature switched off', () => {
  it('disables that step alone', async () => {
    const collected = await collect({ env: { INGEST_LOCKS: 'false' } });
    expect(statusOf(collected, 'fetch-locks')).toBe('disabled');
    expect(statusOf(collected, 'fetch-bots')).toBe('success');
    expect(countByType(collected.run.graph.entities).teleport_lock).toBeUndefined();
    expect(countByType(collected.run.graph.entities).teleport_bot).toBe(2);
  }, 180_000);
});

describe('a server that predates the paginated RPCs', () => {
  it('falls back to the older calls and collects the same', async () => {
    const collected = await collect({
      unimplemented: [
        'AuthService/ListSAMLConnectors',
        'AuthService/ListOIDCConnectors',
        'AuthService/ListGithubConnectors',
        'AuthService/ListLocks',
      ],
      unregistered: ['ClusterConfigService'],
    });
    for (const id of NEW_STEPS) {
      expect(statusOf(collected, id), id).toBe('success');
    }
    const methods = collected.calls.map((call) => call.method);
    expect(methods).toEqual(
      expect.arrayContaining([
        'AuthService/GetSAMLConnectors',
        'AuthService/GetOIDCConnectors',
        'AuthService/GetGithubConnectors',
        'AuthService/GetLocks',
        'AuthService/GetAuthPreference',
      ]),
    );
    expect(countByType(collected.run.graph.entities)).toMatchObject({
      teleport_sso_connector: 3,
      teleport_lock: 3,
      teleport_auth_preference: 1,
    });
    expect(
      countByType(collected.run.graph.relationships).teleport_sso_connector_assigned_role,
    ).toBe(13);
  }, 180_000);
});

describe('Community Edition (no access lists, no device trust, no Machine ID service)', () => {
  it('disables effective roles and devices with the reason, and leaves bots quietly empty', async () => {
    const collected = await collect({
      unregistered: ['AccessListService', 'DeviceTrustService', 'BotService'],
    });
    expect(collected.run.exitCode).toBe(0);
    expect(statusOf(collected, 'build-user-effective-roles')).toBe('disabled');
    expect(statusOf(collected, 'fetch-devices')).toBe('disabled');
    expect(statusOf(collected, 'fetch-bots')).toBe('success');
    expect(statusOf(collected, 'fetch-sso-connectors')).toBe('success');
    expect(statusOf(collected, 'fetch-locks')).toBe('success');
    const entities = countByType(collected.run.graph.entities);
    expect(entities.teleport_bot).toBeUndefined();
    expect(entities.teleport_device).toBeUndefined();
    expect(entities.teleport_lock).toBe(3);
    expect(collected.summary.metadata.partialDatasets.types).toEqual([]);
    expect(collected.run.output).toContain(
      'does not implement /teleport.machineid.v1.BotService/ListBots',
    );
  }, 180_000);
});

describe('refusals', () => {
  let collected: Collected;

  beforeAll(async () => {
    collected = await collect({
      prepare: (standIn) => {
        standIn.auth.faults.push(
          {
            method: 'BotService/ListBots',
            code: GrpcStatus.PERMISSION_DENIED,
            message: 'access denied to perform action "list" on "bot"',
          },
          {
            method: 'AuthService/ListGithubConnectors',
            code: GrpcStatus.PERMISSION_DENIED,
            message: 'access denied to perform action "list" on "github"',
          },
        );
      },
    });
  }, 180_000);

  it('fails only the refused steps, with a MissingPermission warning naming what to grant', () => {
    expect(statusOf(collected, 'fetch-bots')).toBe('failure');
    expect(statusOf(collected, 'fetch-sso-connectors')).toBe('failure');
    expect(statusOf(collected, 'fetch-locks')).toBe('success');
    expect(statusOf(collected, 'build-user-effective-roles')).toBe('success');
    expect(collected.run.output).toContain('the verbs [list, read] on the resources [bot]');
    expect(collected.run.output).toContain(
      'the verbs [list, readnosecrets] on the resources [saml, oidc, github]',
    );
  });

  it('keeps what the refused connector step could collect and marks its types partial', () => {
    const connectors = ofType(collected.run.graph.entities, 'teleport_sso_connector');
    expect(connectors.map((connector) => connector.connectorType).sort()).toEqual(['oidc', 'saml']);
    expect(collected.summary.metadata.partialDatasets.types).toEqual(
      expect.arrayContaining(['teleport_bot', 'teleport_sso_connector', 'teleport_bot_has_user']),
    );
    expect(collected.summary.metadata.partialDatasets.types).not.toContain('teleport_lock');
  });
});
