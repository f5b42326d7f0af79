/**
 * The published page's data model tables are generated, and the reader role and the feature
 * switches it and the README show are checked against the steps' declarations: none can drift
 * from the code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { featureSwitches, readerRoleRules } from '../src/steps';
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

describe('the feature switches in the docs', () => {
  /** `ingestBots` → `INGEST_BOTS`, as the SDK names a field's environment variable. */
  const environmentVariable = (field: string) => field.replace(/([A-Z])/g, '_$1').toUpperCase();

  /** Each configuration table row of a switch: field → the rest of the row. */
  function switchRows(file: string): Map<string, string> {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    return new Map(
      [...text.matchAll(/^\| `(ingest\w+)` +\|(.*)$/gm)].map(([, field, rest]) => [field!, rest!]),
    );
  }

  it.each([
    ['README.md', 'On unless `false`', 'Off unless `true`'],
    ['jupiterone.md', 'on by default', 'off by default'],
  ])('%s has a row for every switch the steps declare, with its default', (file, on, off) => {
    const rows = switchRows(file);
    const switches = featureSwitches();
    expect([...rows.keys()].sort()).toEqual([...switches.keys()].sort());
    for (const [field, { byDefault }] of switches) {
      expect(rows.get(field), field).toContain(`\`${environmentVariable(field)}\``);
      expect(rows.get(field), field).toContain(byDefault ? on : off);
    }
  });
});
