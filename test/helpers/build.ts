/**
 * The integration compiled once per test run, as the image's build stage compiles it
 * (`npm run build`: the message types generated, then `tsc -p tsconfig.build.json`), into a
 * scratch directory laid out like the package: `dist/`, with `proto/` and `node_modules/` beside it
 * as links to the project's. The end-to-end tests run `j1-integration` on it, as the image does;
 * the image test copies its `dist/` into the image layout, as the Dockerfile's runtime stage does.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../standin/collect';

export interface CompiledBuild {
  /** What `npm run build` writes to `dist/`. */
  dist: string;
  /** `dist/src`: the directory a project's `src` links to for the CLI to load the compiled code. */
  source: string;
}

function run(what: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${what} failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  }
}

export function buildProject(root: string): CompiledBuild {
  const dist = path.join(root, 'dist');
  fs.mkdirSync(root, { recursive: true });
  run('generating the message types', [
    path.join(PROJECT_ROOT, 'scripts', 'generate-proto-types.mjs'),
  ]);
  run('tsc -p tsconfig.build.json', [
    path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    path.join(PROJECT_ROOT, 'tsconfig.build.json'),
    '--outDir',
    dist,
  ]);
  // src/teleport/protos.ts finds the protos at dist/../proto; the compiled code finds its
  // dependencies in the node_modules of a directory above it.
  for (const name of ['proto', 'node_modules']) {
    fs.symlinkSync(path.join(PROJECT_ROOT, name), path.join(root, name), 'dir');
  }
  return { dist, source: path.join(dist, 'src') };
}
