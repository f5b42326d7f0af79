/**
 * The whole integration through the real `j1-integration collect` (schema validation on), against
 * the stand-in serving the sample organisation through its ALPN-routing proxy.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps';
import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import { startTeleportStandIn, type TeleportStandIn } from '../../standin';
import { sampleOrganisation } from '../../standin/data/sample-org';
import { countByType, runCollect, type CollectRun } from '../helpers/collect';
import { SAMPLE_GRAPH_COUNTS } from '../helpers/sample-graph';

let standIn: TeleportStandIn;
let run: CollectRun;
let scratch: string;

function entity(type: string, name: string): Entity {
  const found = run.graph.entities.find(
    (candidate) => candidate._type === type && candidate.name === name,
  );
  expect(found, `${type} ${name}`).toBeDefined();
  return found!;
}

function relationshipsOf(type: string): Relationship[] {
  return run.graph.relationships.filter((relationship) => relationship._type === type);
}

function relationship(type: string, fromKey: string, toKey: string): Relationship {
  const found = relationshipsOf(type).find(
    (candidate) => candidate._fromEntityKey === fromKey && candidate._toEntityKey === toKey,
  );
  expect(found, `${type} ${fromKey} → ${toKey}`).toBeDefined();
  return found!;
}

function summary(): {
  integrationStepResults: { id: string; status: string }[];
  metadata: { partialDatasets: { types: string[] } };
} {
  return JSON.parse(
    fs.readFileSync(path.join(run.workDirectory, '.j1-integration', 'summary.json'), 'utf8'),
  ) as ReturnType<typeof summary>;
}

const sample = sampleOrganisation();
const listId = (title: string): string => {
  const list = sample.accessLists.find((candidate) => candidate.spec?.title === title);
  expect(list, title).toBeDefined();
  return list!.header!.metadata!.name!;
};

beforeAll(async () => {
  standIn = await startTeleportStandIn({
    clusterName: 'acme.teleport.sh',
    data: sampleOrganisation(new Date()),
  });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-e2e-'));
  const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
  const identityFilePath = path.join(scratch, 'identity');
  fs.writeFileSync(identityFilePath, identity.identityFile);
  run = await runCollect({
    env: { PROXY_ADDRESS: standIn.proxyAddress, IDENTITY_FILE_PATH: identityFilePath },
  });
}, 180_000);

afterAll(async () => {
  await standIn.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('j1-integration collect against the sample organisation', () => {
  it('completes every step with schema validation on', () => {
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    const results = summary().integrationStepResults;
    // Every declared step ran and succeeded…
    expect(results.map((step) => [step.id, step.status]).sort()).toEqual(
      STEPS.map((step) => [step.id, 'success']).sort(),
    );
    // …each after the steps it depends on.
    const position = new Map(results.map((step, index) => [step.id, index]));
    for (const step of STEPS) {
      for (const dependency of step.dependsOn ?? []) {
        expect(position.get(dependency)!, `${step.id} after ${dependency}`).toBeLessThan(
          position.get(step.id)!,
        );
      }
    }
    expect(summary().metadata.partialDatasets.types).toEqual([]);
  });

  it('writes the exact number of objects of every type', () => {
    expect(sample).toMatchObject({
      roles: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_role },
      users: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_user - 1 },
      accessLists: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_access_list },
      reviews: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_access_list_review },
    });
    expect(countByType(run.graph.entities)).toEqual(SAMPLE_GRAPH_COUNTS.entities);
    expect(countByType(run.graph.relationships)).toEqual(SAMPLE_GRAPH_COUNTS.relationships);
  });

  it('describes the cluster and the credential', () => {
    const account = entity('teleport_account', 'acme.teleport.sh');
    expect(account).toMatchObject({
      _class: ['Account'],
      vendor: 'Teleport',
      serverVersion: '17.4.8',
      edition: 'cloud',
      signatureAlgorithmSuite: 'balanced-v1',
      credentialUser: 'jupiterone',
      credentialKeyType: 'ec',
    });
    expect(account.credentialExpiresOn).toBeGreaterThan(Date.now());
  });

  it('describes users of every kind', () => {
    expect(entity('teleport_user', 'alice@acme.com')).toMatchObject({
      userType: 'local',
      email: 'alice@acme.com',
      active: true,
    });
    const sso = run.graph.entities.filter(
      (candidate) => candidate._type === 'teleport_user' && candidate.userType === 'sso',
    );
    expect(sso.length).toBeGreaterThanOrEqual(3);
    expect(new Set(sso.map((user) => user.ssoConnectorType))).toEqual(
      new Set(['saml', 'oidc', 'github']),
    );
    const bots = run.graph.entities.filter(
      (candidate) => candidate._type === 'teleport_user' && candidate.userType === 'bot',
    );
    expect(bots.map((bot) => bot.name)).toContain('bot-jenkins');
    const locked = run.graph.entities.filter(
      (candidate) => candidate._type === 'teleport_user' && candidate.locked === true,
    );
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ active: false, lockedMessage: expect.any(String) });
    expect(entity('teleport_user', 'zoë')._key).toBe('teleport_user:zoë');
    expect(entity('teleport_user', 'former-employee@acme.com')).toMatchObject({
      missing: true,
      active: false,
    });
  });

  it('describes roles, with presets and administrative power marked', () => {
    expect(entity('teleport_role', 'editor')).toMatchObject({ systemRole: true, admin: true });
    expect(entity('teleport_role', 'jupiterone-reader')).toMatchObject({
      systemRole: false,
      admin: false,
      allowRuleVerbs: ['list', 'read'],
    });
    expect(entity('teleport_role', 'wildcard-admin')).toMatchObject({
      superAdmin: true,
      admin: true,
    });
    expect(entity('teleport_role', 'prod-ssh')).toMatchObject({
      allowLogins: ['ubuntu', 'ec2-user'],
      requireSessionMfa: true,
      maxSessionTtl: 8 * 3600,
    });
    expect(entity('teleport_role', 'break-glass')).toMatchObject({
      admin: true,
      denyLogins: ['root'],
    });
  });

  it('describes access lists, with overdue reviews flagged', () => {
    const contractors = run.graph.entities.find(
      (candidate) =>
        candidate._type === 'teleport_access_list' && candidate.title === 'Contractors',
    );
    expect(contractors).toMatchObject({ name: listId('Contractors'), auditOverdue: true });
    const production = entity('teleport_access_list', listId('Production SSH'));
    expect(production).toMatchObject({
      displayName: 'Production SSH',
      grantedRoles: expect.arrayContaining(['prod-ssh']),
    });
    expect(production.nextAuditOn).toEqual(expect.any(Number));
  });

  it('relates members, nested lists, owners, grants and reviews', () => {
    const platform = `teleport_access_list:${listId('Platform engineers')}`;
    const productionSsh = `teleport_access_list:${listId('Production SSH')}`;
    expect(relationship('teleport_access_list_has_list', platform, productionSsh)).toMatchObject({
      membershipKind: 'list',
    });
    const expired = relationshipsOf('teleport_access_list_has_user').filter(
      (member) => member.expired === true,
    );
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((member) => member.confersAccess === false)).toBe(true);
    expect(
      relationshipsOf('teleport_access_list_has_user').some(
        (member) => member.eligibility === 'missing_requirements',
      ),
    ).toBe(true);
    const grants = relationshipsOf('teleport_access_list_assigned_role');
    expect(new Set(grants.map((grant) => grant.grantType))).toEqual(new Set(['member', 'owner']));
    expect(
      relationshipsOf('teleport_user_manages_access_list').some(
        (owner) => owner.inherited === true,
      ),
    ).toBe(true);
    expect(relationshipsOf('teleport_access_list_manages_list')).toHaveLength(1);
    const review = run.graph.entities.find(
      (candidate) => candidate._type === 'teleport_access_list_review',
    );
    expect(review?.title).toMatch(/^Review of .+ on \d{4}-\d{2}-\d{2}$/);
    expect(
      relationship(
        'teleport_user_performed_access_list_review',
        'teleport_user:alice@acme.com',
        review!._key,
      ),
    ).toBeDefined();
  });

  it('keeps keys stable: names, never revisions', () => {
    for (const object of [...run.graph.entities, ...run.graph.relationships]) {
      expect(object._key).not.toMatch(/revision/i);
      expect(object._key.length).toBeGreaterThanOrEqual(10);
    }
  });
});
