/**
 * Faults seen from the outside, through the real `j1-integration collect`: one step denied, steps
 * refused that later steps build on, bad identities, and a scan of every log line and written file
 * of every run for key and certificate material. Community Edition, duplicates across pages and
 * the optional features' refusals are checked in-process in test/steps/scenarios.step.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrpcStatus } from '../../src/teleport';
import { countByType, runCollect, type CollectRun } from '../helpers/collect';
import { SAMPLE_GRAPH_COUNTS } from '../helpers/sample-graph';
import { startTeleportStandIn, type TeleportStandIn, type UserIdentity } from '../../standin';
import { sampleOrganisation } from '../../standin/data/sample-org';

let scratch: string;
const runs: CollectRun[] = [];
const identities: UserIdentity[] = [];

interface Summary {
  integrationStepResults: { id: string; status: string }[];
  metadata: { partialDatasets: { types: string[] } };
}

function summaryOf(run: CollectRun): Summary {
  return JSON.parse(
    fs.readFileSync(path.join(run.workDirectory, '.j1-integration', 'summary.json'), 'utf8'),
  ) as Summary;
}

function statusOf(run: CollectRun, stepId: string): string | undefined {
  return summaryOf(run).integrationStepResults.find((step) => step.id === stepId)?.status;
}

async function collect(
  standIn: TeleportStandIn,
  options: { inline?: boolean; proxyAddress?: string } = {},
): Promise<CollectRun> {
  const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
  identities.push(identity);
  const env: Record<string, string> = {
    PROXY_ADDRESS: options.proxyAddress ?? standIn.proxyAddress,
  };
  if (options.inline) {
    env.IDENTITY_FILE = identity.identityFile;
  } else {
    const file = path.join(scratch, `identity-${runs.length}`);
    fs.writeFileSync(file, identity.identityFile);
    env.IDENTITY_FILE_PATH = file;
  }
  const run = await runCollect({ env });
  runs.push(run);
  return run;
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-faults-'));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

// In this order even when tests are shuffled: the secrets scan reads every run of the others.
describe('through j1-integration collect', { shuffle: false }, () => {
  describe('a step Teleport denies', () => {
    let run: CollectRun;

    beforeAll(async () => {
      const standIn = await startTeleportStandIn({
        clusterName: 'acme.teleport.sh',
        data: sampleOrganisation(new Date()),
      });
      standIn.auth.faults.push({
        method: 'UsersService/ListUsers',
        code: GrpcStatus.PERMISSION_DENIED,
        message: 'access denied to perform action "list" on "user"',
      });
      try {
        run = await collect(standIn, { inline: true });
      } finally {
        await standIn.close();
      }
    }, 180_000);

    it('fails only that step, with a MissingPermission warning naming what to grant', () => {
      expect(statusOf(run, 'fetch-users')).toBe('failure');
      expect(statusOf(run, 'fetch-roles')).toBe('success');
      expect(statusOf(run, 'fetch-access-lists')).toBe('success');
      expect(run.output).toContain('Grant the integration');
      expect(run.output).toContain('the verbs [list, read] on the resources [user]');
    });

    it('keeps what the other steps collected and marks the denied types partial', () => {
      const entities = countByType(run.graph.entities);
      expect(entities.teleport_role).toBe(SAMPLE_GRAPH_COUNTS.entities.teleport_role);
      expect(entities.teleport_access_list).toBe(6);
      expect(summaryOf(run).metadata.partialDatasets.types).toEqual(
        expect.arrayContaining([
          'teleport_user',
          'teleport_account_has_user',
          'teleport_user_assigned_role',
        ]),
      );
      expect(summaryOf(run).metadata.partialDatasets.types).not.toContain('teleport_role');
    });
  });

  /**
   * Refusals that leave later steps holding references to objects the graph lacks: the access list
   * listing refused while member and owner listings are allowed, and the role listing refused while
   * users, lists, SSO connectors, bots and locks all name roles. `runCollect` fails on any
   * relationship with an end outside the graph; these runs must still carry what was allowed.
   */
  describe.each([
    {
      refused: 'AccessListService/ListAccessLists' as const,
      step: 'fetch-access-lists',
      kept: { teleport_user: 17, teleport_role: SAMPLE_GRAPH_COUNTS.entities.teleport_role },
    },
    {
      refused: 'AuthService/ListRoles' as const,
      step: 'fetch-roles',
      kept: { teleport_user: 17, teleport_access_list: 6 },
    },
  ])('a refused $refused', ({ refused, step, kept }) => {
    let run: CollectRun;

    beforeAll(async () => {
      const standIn = await startTeleportStandIn({
        clusterName: 'acme.teleport.sh',
        data: sampleOrganisation(new Date()),
      });
      standIn.auth.faults.push({ method: refused, code: GrpcStatus.PERMISSION_DENIED });
      try {
        run = await collect(standIn);
      } finally {
        await standIn.close();
      }
    }, 180_000);

    it('fails that step, keeps the others, and writes no relationship to an object it lacks', () => {
      expect(statusOf(run, step)).toBe('failure');
      expect(countByType(run.graph.entities)).toMatchObject(kept);
      expect(run.dangling).toEqual([]);
    });
  });

  describe('an identity file with a key from another identity', () => {
    it('stops in validation with a clear message', async () => {
      const standIn = await startTeleportStandIn({ clusterName: 'mismatch.example.com' });
      try {
        const first = await standIn.issueIdentity({ algorithm: 'ecdsa' });
        const second = await standIn.issueIdentity({ algorithm: 'ecdsa' });
        identities.push(first, second);
        const mixed = first.identityFile.replace(first.keyPem.trim(), second.keyPem.trim());
        const run = await runCollect({
          env: { PROXY_ADDRESS: standIn.proxyAddress, IDENTITY_FILE: mixed },
        });
        runs.push(run);
        expect(run.output).toContain(
          'The private key does not belong to the client certificate (CN=jupiterone)',
        );
        expect(standIn.auth.calls).toHaveLength(0);
      } finally {
        await standIn.close();
      }
    }, 180_000);
  });

  describe('an expired identity given inline', () => {
    it('stops in validation, naming NotAfter, without connecting', async () => {
      const standIn = await startTeleportStandIn({ clusterName: 'expired.example.com' });
      try {
        const expired = await standIn.issueIdentity({
          algorithm: 'rsa',
          notBefore: new Date(Date.now() - 7200_000),
          notAfter: new Date(Date.now() - 3600_000),
        });
        identities.push(expired);
        const run = await runCollect({
          env: { PROXY_ADDRESS: standIn.proxyAddress, IDENTITY_FILE: expired.identityFile },
        });
        runs.push(run);
        expect(run.output).toMatch(/The identity's certificate expired at .* \(NotAfter\)/);
        expect(standIn.proxy.connections).toHaveLength(0);
      } finally {
        await standIn.close();
      }
    }, 180_000);
  });

  describe('secrets', () => {
    it('no log line and no written file of any run holds a line of a key or certificate', () => {
      expect(runs.length).toBeGreaterThanOrEqual(5);
      const secretLines = new Set<string>();
      for (const identity of identities) {
        for (const pem of [identity.keyPem, identity.certificatePem]) {
          for (const line of pem.split('\n')) {
            if (line.length >= 16 && !line.startsWith('-----')) {
              secretLines.add(line);
            }
          }
        }
      }
      expect(secretLines.size).toBeGreaterThan(20);
      for (const run of runs) {
        const texts = [run.output, ...run.writtenFiles()];
        for (const text of texts) {
          const escaped = text.replace(/\\n/g, '\n');
          for (const line of secretLines) {
            if (escaped.includes(line)) {
              const at = escaped.indexOf(line);
              throw new Error(
                `secret line found: ${escaped.slice(Math.max(0, at - 300), at).slice(-300)}`,
              );
            }
          }
        }
      }
    });
  });
});
