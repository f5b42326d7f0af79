/**
 * The effective-roles table through the real `j1-integration collect` (schema validation on):
 * every row's organisation in one stand-in cluster; each row's user must hold exactly the row's
 * roles. test/steps/effective-roles-table.test.ts checks the rest of each row in-process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeleportStandIn } from '../../standin';
import { runCollect, type CollectRun } from '../helpers/collect';
import { prefixOf, tableOrganisation } from '../evaluators/case-org';
import { LOGIN_STATE_CASES } from '../evaluators/login-state-cases';

let run: CollectRun;
let scratch: string;

beforeAll(async () => {
  const standIn = await startTeleportStandIn({
    clusterName: 'table.example.com',
    data: tableOrganisation(Date.now()),
  });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-table-'));
  try {
    const identityFilePath = path.join(scratch, 'identity');
    fs.writeFileSync(
      identityFilePath,
      (await standIn.issueIdentity({ algorithm: 'ecdsa' })).identityFile,
    );
    run = await runCollect({
      env: { PROXY_ADDRESS: standIn.proxyAddress, IDENTITY_FILE_PATH: identityFilePath },
    });
  } finally {
    await standIn.close();
  }
}, 180_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('effective roles: the table of cases, through j1-integration collect', () => {
  it('collects with schema validation on', () => {
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
  });

  it.each(LOGIN_STATE_CASES.map((row, index) => [row.name, row, index] as const))(
    '%s',
    (_name, row, index) => {
      const prefix = prefixOf(index);
      const roles = run.graph.relationships
        .filter(
          (relationship) =>
            relationship._type === 'teleport_user_has_role' &&
            relationship._fromEntityKey === `teleport_user:${prefix}u`,
        )
        .map((relationship) => String(relationship._toEntityKey).slice('teleport_role:'.length));
      expect([...new Set(roles)].sort()).toEqual(row.roles.map((role) => prefix + role).sort());
    },
  );
});
