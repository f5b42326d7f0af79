/**
 * The published page's data model tables are generated, and the reader role it and the README show
 * is checked against the permissions the steps declare: neither can drift from the code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readerRoleRules } from '../src/steps';
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

describe('the reader role in the docs', () => {
  /** resource → verbs, from the steps' own declarations (src/steps/index.ts). */
  const expected = (() => {
    const verbs: Record<string, string[]> = {};
    for (const rule of readerRoleRules()) {
      for (const resource of rule.resources) {
        verbs[resource] = [...rule.verbs].sort();
      }
    }
    return verbs;
  })();

  function roleIn(file: string): Record<string, string[]> {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    const block = [...text.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)]
      .map(([, indent, body]) =>
        body!
          .split('\n')
          .map((line) => line.slice(indent!.length))
          .join('\n'),
      )
      .find((body) => body.includes('name: jupiterone-reader'));
    expect(block, `${file} shows the jupiterone-reader role`).toBeDefined();
    const role = parseYaml(block!) as {
      spec: { allow: { rules: { resources: string[]; verbs: string[] }[] } };
    };
    const verbs: Record<string, string[]> = {};
    for (const rule of role.spec.allow.rules) {
      for (const resource of rule.resources) {
        verbs[resource] = [...rule.verbs].sort();
      }
    }
    return verbs;
  }

  it.each(['README.md', 'jupiterone.md'])(
    '%s grants exactly what the steps declare they need',
    (file) => {
      expect(roleIn(file)).toEqual(expected);
    },
  );
});
