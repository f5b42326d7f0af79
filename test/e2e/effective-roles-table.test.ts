/**
 * The effective-roles table (test/evaluators/login-state-cases.ts) once more, end to end: every
 * row's organisation in one cluster (names prefixed by row), served by the stand-in with stored
 * statuses that lag, collected by the real `j1-integration collect` with schema validation on.
 * Each row's user must hold exactly the row's roles in the graph.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollect, type CollectRun } from '../helpers/collect';
import { startTeleportStandIn } from '../../standin';
import { sampleOrganisation } from '../../standin/data/sample-org';
import { clusterObjectsOf } from '../evaluators/case-org';
import { LOGIN_STATE_CASES } from '../evaluators/login-state-cases';

const HOUR = 3_600_000;
const prefixOf = (index: number) => `t${String(index).padStart(2, '0')}-`;

let run: CollectRun;
let scratch: string;
const started = Date.now();

beforeAll(async () => {
  const base = sampleOrganisation(new Date());
  const data = {
    ...base,
    users: [] as typeof base.users,
    roles: [] as typeof base.roles,
    accessLists: [] as typeof base.accessLists,
    members: [] as typeof base.members,
    reviews: [],
    locks: [] as NonNullable<typeof base.locks>,
    samlConnectors: [],
    oidcConnectors: [],
    githubConnectors: [],
    bots: [],
    devices: [],
  };
  LOGIN_STATE_CASES.forEach((row, index) => {
    const objects = clusterObjectsOf(row.org, prefixOf(index), started);
    data.users.push(...objects.users);
    data.roles.push(...objects.roles);
    data.accessLists.push(...objects.accessLists);
    data.members.push(...objects.members);
    data.locks.push(...objects.locks);
  });
  const standIn = await startTeleportStandIn({ clusterName: 'table.example.com', data });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-table-'));
  try {
    const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
    const file = path.join(scratch, 'identity');
    fs.writeFileSync(file, identity.identityFile);
    run = await runCollect({
      env: { PROXY_ADDRESS: standIn.proxyAddress, IDENTITY_FILE_PATH: file },
    });
  } finally {
    await standIn.close();
  }
}, 180_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('effective roles: the table of cases, through j1-integration collect', () => {
  it('collects with schema validation on and leaves nothing dangling', () => {
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    expect(run.dangling).toEqual([]);
  });

  it.each(LOGIN_STATE_CASES.map((row, index) => [row.name, row, index] as const))(
    '%s',
    (_name, row, index) => {
      const prefix = prefixOf(index);
      const userKey = `teleport_user:${prefix}u`;
      const grants = run.graph.relationships.filter(
        (relationship) =>
          relationship._type === 'teleport_user_has_role' &&
          relationship._fromEntityKey === userKey,
      );
      const roles = new Set(
        grants.map((grant) => String(grant._toEntityKey).slice('teleport_role:'.length)),
      );
      expect([...roles].sort()).toEqual(row.roles.map((role) => prefix + role).sort());
      const state = run.graph.entities.find(
        (entity) => entity._type === 'teleport_user_login_state' && entity.name === `${prefix}u`,
      );
      expect(state).toMatchObject({ loginFails: row.loginFails ?? false });
      if (row.skipped) {
        expect(state?.skippedAccessLists).toEqual(row.skipped.map((skip) => prefix + skip));
      }
      for (const [role, chain, hours] of row.paths ?? []) {
        const grant = grants.find(
          (candidate) =>
            candidate._toEntityKey === `teleport_role:${prefix}${role}` &&
            candidate.accessListChain ===
              chain
                .split('>')
                .map((list) => prefix + list)
                .join(' > '),
        );
        expect(grant, `${role} via ${chain}`).toBeDefined();
        if (hours !== undefined) {
          expect(Math.abs((grant!.expiresOn as number) - (started + hours * HOUR))).toBeLessThan(
            1000,
          );
        }
      }
    },
  );
});
