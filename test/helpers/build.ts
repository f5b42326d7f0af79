/**
 * The integration compiled once per test run, as the image's build stage compiles it
 * (`npm run build`: the message types generated, then `tsc -p tsconfig.build.json`), into a
 * scratch directory laid out like the package: `dist/`, with `proto/` and `node_modules/` beside it
 * as links to the project's. The end-to-end tests run `j1-integration` on it, as the image does;
 * the image test copies its `dist/` into the image layout, as the Dockerfile's runtime stage does.
 *
 * vitest's global setup (test/setup/global.ts) starts the build and does not wait for it, so the
 * files that do not need it run meanwhile; those that do wait with `waitForBuild`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../standin/collect';

export interface CompiledBuild {
  /** What `npm run build` writes to `dist/`. */
  dist: string;
  /** `dist/src`: the directory a project's `src` links to for the CLI to load the compiled code. */
  source: string;
}

/** Written into the build directory when the build has ended: `{}`, or `{ error }`. */
const STATUS = 'status.json';
const WAIT_MS = 240_000;

async function run(what: string, args: string[]): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, args, {
      cwd: PROJECT_ROOT,
      maxBuffer: 64 * 2 ** 20,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${what} failed: ${String(error)}\n${stdout}${stderr}`);
  }
}

function layout(root: string): CompiledBuild {
  const dist = path.join(root, 'dist');
  return { dist, source: path.join(dist, 'src') };
}

/** Builds into `root`, then writes its status there; resolves once the status is written. */
export async function buildProject(root: string): Promise<void> {
  fs.mkdirSync(root, { recursive: true });
  let status: { error?: string } = {};
  try {
    await run('generating the message types (npm run generate)', [
      path.join(PROJECT_ROOT, 'scripts', 'generate-proto-types.mjs'),
    ]);
    await run('tsc -p tsconfig.build.json', [
      path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(PROJECT_ROOT, 'tsconfig.build.json'),
      '--outDir',
      layout(root).dist,
    ]);
    // src/teleport/protos.ts finds the protos at dist/../proto; the compiled code finds its
    // dependencies in the node_modules of a directory above it.
    for (const name of ['proto', 'node_modules']) {
      fs.symlinkSync(path.join(PROJECT_ROOT, name), path.join(root, name), 'dir');
    }
  } catch (error) {
    status = { error: error instanceof Error ? error.message : String(error) };
  }
  fs.writeFileSync(path.join(root, `${STATUS}.tmp`), JSON.stringify(status));
  fs.renameSync(path.join(root, `${STATUS}.tmp`), path.join(root, STATUS));
}

/** The build in `root` once it has ended; throws what went wrong if it failed. */
export async function waitForBuild(root: string): Promise<CompiledBuild> {
  const statusFile = path.join(root, STATUS);
  const deadline = Date.now() + WAIT_MS;
  while (!fs.existsSync(statusFile)) {
    if (Date.now() > deadline) {
      throw new Error(`the suite's build of the integration did not end within ${WAIT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { error } = JSON.parse(fs.readFileSync(statusFile, 'utf8')) as { error?: string };
  if (error !== undefined) {
    throw new Error(`the suite's build of the integration failed: ${error}`);
  }
  return layout(root);
}
