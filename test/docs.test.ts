/** The published page's data model tables are generated; this keeps them in step with the code. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/collect';

describe('jupiterone.md', () => {
  it('carries the data model tables `j1-integration document` generates from the steps', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-docs-'));
    try {
      fs.symlinkSync(path.join(PROJECT_ROOT, 'src'), path.join(project, 'src'), 'dir');
      const committed = fs.readFileSync(path.join(PROJECT_ROOT, 'jupiterone.md'), 'utf8');
      fs.writeFileSync(path.join(project, 'jupiterone.md'), committed);
      const result = spawnSync(
        path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration'),
        ['document', '-p', project, '-o', 'jupiterone.md'],
        {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json') },
        },
      );
      expect(result.status, result.stderr).toBe(0);
      const regenerated = fs.readFileSync(path.join(project, 'jupiterone.md'), 'utf8');
      expect(
        regenerated,
        'run `npx j1-integration document -o jupiterone.md` and commit the result',
      ).toBe(committed);
      expect(committed).toMatch(/\| `teleport_user` +\| \*\*HAS\*\* +\| `teleport_role`/);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
