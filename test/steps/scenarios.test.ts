/**
 * Steps in-process (test/harness) under feature switches, older servers, Community Edition,
 * refusals and duplicates: what each changes in the graph and in the RPCs asked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DisabledStepReason, IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import { Steps } from '../../src/steps/constants';
import { GrpcStatus } from '../../src/teleport';
import { countByType } from '../helpers/collect';
import { useStepHarness, type StepRun } from '../harness';
import type { StandInMethod } from '../../standin';
import { sampleOrganisation } from '../../standin/data/sample-org';
import { BOTS_STEP } from '../../src/steps/bots/constants';
import { LOCKS_STEP } from '../../src/steps/locks/constants';
import { DEVICES_STEP } from '../../src/steps/devices/constants';
import { AUTH_PREFERENCE_STEP } from '../../src/steps/auth-preference/constants';
import { SSO_CONNECTORS_STEP } from '../../src/steps/sso-connectors/constants';
import { ACCESS_REQUESTS_STEP } from '../../src/steps/access-requests/constants';

/** The optional features' steps. */
const FEATURE_STEPS = [
  Steps.EFFECTIVE_ROLES,
  SSO_CONNECTORS_STEP,
  BOTS_STEP,
  LOCKS_STEP,
  AUTH_PREFERENCE_STEP,
  DEVICES_STEP,
  ACCESS_REQUESTS_STEP,
];

const FEATURE_TYPES = [
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
  'teleport_access_request',
  'teleport_account_has_access_request',
  'teleport_user_created_access_request',
  'teleport_user_reviewed_access_request',
  'teleport_access_request_has_role',
];

/** RPCs only the optional features' steps call. */
const FEATURE_METHODS: StandInMethod[] = [
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
  'AuthService/ListAccessRequests',
  'AuthService/GetAccessRequestsV2',
];

const ALL_OFF = {
  ingestEffectiveAccess: false,
  ingestSsoConnectors: false,
  ingestBots: false,
  ingestLocks: false,
  ingestAuthPreference: false,
  ingestDevices: false,
  ingestAccessRequests: false,
};

describe('the sample organisation', () => {
  const harness = useStepHarness();

  describe('every feature switched off', () => {
    const runs: StepRun[] = [];

    beforeAll(async () => {
      for (const id of [...FEATURE_STEPS, Steps.ACCESS_LIST_OWNERS]) {
        runs.push(await harness.executeStep(id, { config: ALL_OFF }));
      }
    });

    it('disables those steps and only those, writes none of their types, and calls none of their RPCs', () => {
      for (const [index, id] of FEATURE_STEPS.entries()) {
        expect(runs[index]!.statuses[id], id).toBe('disabled');
        expect(runs[index]!.startStates[id], id).toEqual({
          disabled: true,
          disabledReason: DisabledStepReason.USER_CONFIG,
        });
      }
      const owners = runs.at(-1)!;
      expect(owners.statuses[Steps.USERS]).toBe('success');
      expect(owners.statuses[Steps.ACCESS_LIST_OWNERS]).toBe('success');
      const types = new Set(
        runs
          .flatMap((run) => [...run.graph.entities, ...run.graph.relationships])
          .map((o) => o._type),
      );
      for (const type of FEATURE_TYPES) {
        expect(types.has(type), type).toBe(false);
      }
      // Effective roles' run holds every core step, members (and the missing user) included.
      expect(countByType(runs[0]!.graph.entities)).toMatchObject({
        teleport_user: 17,
        teleport_role: 15,
      });
      expect(
        runs
          .flatMap((run) => run.calls)
          .filter((call) => FEATURE_METHODS.includes(call.method))
          .map((call) => call.method),
      ).toEqual([]);
    });
  });

  it('one feature switched off disables that step alone', async () => {
    const config = { ingestLocks: false };
    const locks = await harness.executeStep(LOCKS_STEP, { config });
    const bots = await harness.executeStep(BOTS_STEP, { config });
    expect(locks.statuses[LOCKS_STEP]).toBe('disabled');
    expect(bots.statuses[BOTS_STEP]).toBe('success');
    expect(countByType(locks.graph.entities).teleport_lock).toBeUndefined();
    expect(countByType(bots.graph.entities).teleport_bot).toBe(2);
  });

  describe('refusals', () => {
    let sso: StepRun;
    let bots: StepRun;
    let effective: StepRun;
    let locks: StepRun;

    beforeAll(async () => {
      const faults = [
        {
          method: 'BotService/ListBots' as const,
          code: GrpcStatus.PERMISSION_DENIED,
          message: 'access denied to perform action "list" on "bot"',
        },
        {
          method: 'AuthService/ListGithubConnectors' as const,
          code: GrpcStatus.PERMISSION_DENIED,
          message: 'access denied to perform action "list" on "github"',
        },
      ];
      sso = await harness.executeStep(SSO_CONNECTORS_STEP, { faults });
      bots = await harness.executeStep(BOTS_STEP, { faults });
      effective = await harness.executeStep(Steps.EFFECTIVE_ROLES, { faults });
      locks = await harness.executeStep(LOCKS_STEP, { faults });
    });

    it('fails only the refused steps, with a MissingPermission warning naming what to grant', () => {
      expect(bots.statuses[BOTS_STEP]).toBe('failure');
      expect(sso.statuses[SSO_CONNECTORS_STEP]).toBe('failure');
      expect(locks.statuses[LOCKS_STEP]).toBe('success');
      expect(effective.statuses[Steps.EFFECTIVE_ROLES]).toBe('success');
      const warnings = [...bots.events, ...sso.events]
        .filter((event) => event.name === IntegrationWarnEventName.MissingPermission)
        .map((event) => event.description);
      expect(warnings).toEqual([
        expect.stringContaining('the verbs [list, read] on the resources [bot]'),
        expect.stringContaining(
          'the verbs [list, readnosecrets] on the resources [saml, oidc, github]',
        ),
      ]);
    });

    it('keeps what the refused connector step could collect and marks its types partial', () => {
      expect(
        sso
          .ofType('teleport_sso_connector')
          .map((connector) => connector.connectorType)
          .sort(),
      ).toEqual(['oidc', 'saml']);
      expect([...sso.partialTypes, ...bots.partialTypes]).toEqual(
        expect.arrayContaining(['teleport_bot', 'teleport_sso_connector', 'teleport_bot_has_user']),
      );
      expect(effective.partialTypes).toEqual([]);
    });
  });
});

describe('a server that predates the paginated RPCs', () => {
  const harness = useStepHarness({
    unimplemented: [
      'AuthService/ListSAMLConnectors',
      'AuthService/ListOIDCConnectors',
      'AuthService/ListGithubConnectors',
      'AuthService/ListLocks',
      'AuthService/ListAccessRequests',
    ],
    unregistered: ['ClusterConfigService'],
  });

  it('falls back to the older calls and collects the same', async () => {
    const runs: Record<string, StepRun> = {};
    for (const id of FEATURE_STEPS) {
      const run = await harness.executeStep(id);
      expect(run.statuses[id], id).toBe('success');
      runs[id] = run;
    }
    const methods = Object.values(runs).flatMap((run) => run.calls.map((call) => call.method));
    expect(methods).toEqual(
      expect.arrayContaining([
        'AuthService/GetSAMLConnectors',
        'AuthService/GetOIDCConnectors',
        'AuthService/GetGithubConnectors',
        'AuthService/GetLocks',
        'AuthService/GetAuthPreference',
        'AuthService/GetAccessRequestsV2',
      ]),
    );
    expect(countByType(runs[ACCESS_REQUESTS_STEP]!.graph.entities).teleport_access_request).toBe(3);
    const sso = runs[SSO_CONNECTORS_STEP]!.graph;
    expect(countByType(sso.entities).teleport_sso_connector).toBe(3);
    expect(countByType(runs[LOCKS_STEP]!.graph.entities).teleport_lock).toBe(3);
    expect(countByType(runs[AUTH_PREFERENCE_STEP]!.graph.entities).teleport_auth_preference).toBe(
      1,
    );
    expect(countByType(sso.relationships).teleport_sso_connector_assigned_role).toBe(13);
  });
});

describe('Community Edition (no access list service)', () => {
  const harness = useStepHarness({
    clusterName: 'community.example.com',
    unregistered: ['AccessListService'],
  });

  it('disables the access list steps and collects the rest, without failing', async () => {
    const run = await harness.executeStep(Steps.ACCESS_LIST_MEMBERS);
    expect(run.startStates[Steps.ACCESS_LISTS]).toEqual({
      disabled: true,
      disabledReason: DisabledStepReason.API_VERSION,
    });
    expect(run.statuses).toMatchObject({
      [Steps.ACCESS_LISTS]: 'disabled',
      [Steps.ACCESS_LIST_MEMBERS]: 'disabled',
      [Steps.USERS]: 'success',
    });
    expect(countByType(run.graph.entities)).toMatchObject({ teleport_user: 16, teleport_role: 15 });
    expect(run.partialTypes).toEqual([]);
  });
});

describe('Community Edition (no access lists, no device trust, no Machine ID service)', () => {
  const harness = useStepHarness({
    unregistered: ['AccessListService', 'DeviceTrustService', 'BotService'],
  });

  it('disables effective roles and devices with the reason, and leaves bots quietly empty', async () => {
    const runs: Record<string, StepRun> = {};
    for (const id of FEATURE_STEPS) {
      runs[id] = await harness.executeStep(id);
    }
    expect(runs[Steps.EFFECTIVE_ROLES]!.statuses[Steps.EFFECTIVE_ROLES]).toBe('disabled');
    expect(runs[DEVICES_STEP]!.statuses[DEVICES_STEP]).toBe('disabled');
    expect(runs[BOTS_STEP]!.statuses[BOTS_STEP]).toBe('success');
    expect(runs[SSO_CONNECTORS_STEP]!.statuses[SSO_CONNECTORS_STEP]).toBe('success');
    expect(runs[LOCKS_STEP]!.statuses[LOCKS_STEP]).toBe('success');
    expect(countByType(runs[BOTS_STEP]!.graph.entities).teleport_bot).toBeUndefined();
    expect(countByType(runs[DEVICES_STEP]!.graph.entities).teleport_device).toBeUndefined();
    expect(countByType(runs[LOCKS_STEP]!.graph.entities).teleport_lock).toBe(3);
    expect(Object.values(runs).flatMap((run) => run.partialTypes)).toEqual([]);
    expect(runs[BOTS_STEP]!.events.map((event) => event.description)).toContainEqual(
      expect.stringContaining('does not implement /teleport.machineid.v1.BotService/ListBots'),
    );
  });
});

describe('duplicates across pages', () => {
  const data = sampleOrganisation(new Date());
  // 1,200 users so the listing spans two pages; the first user appears on both.
  for (let index = 0; index < 1_200; index += 1) {
    data.users.push({
      kind: 'user',
      version: 'v2',
      metadata: { name: `bulk-${index}` },
      spec: { roles: ['access'] },
    });
  }
  data.users.push(data.users[0]!);
  data.roles.push(data.roles[0]!);
  const harness = useStepHarness({ clusterName: 'dupes.example.com', data });

  it('adds each object once and does not fail', async () => {
    const run = await harness.executeStep(Steps.ACCESS_LIST_MEMBERS);
    expect(run.statuses[Steps.USERS]).toBe('success');
    expect(run.statuses[Steps.ROLES]).toBe('success');
    const keys = run.graph.entities.map((entity) => entity._key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(countByType(run.graph.entities).teleport_role).toBe(15);
    expect(countByType(run.graph.entities).teleport_user).toBe(16 + 1_200 + 1);
  });
});
