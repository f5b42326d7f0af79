/**
 * vitest's global setup: once per test run, before any test file, start compiling the integration
 * (test/helpers/build.ts) into a scratch directory the test files reach through `inject('suite')`,
 * and remove that directory when the run ends. The files that need the build wait for it; the
 * others run meanwhile.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildProject } from '../helpers/build';

export interface SuiteContext {
  /** The run's scratch directory: the build, and what test files share (test/helpers/sample-collect.ts). */
  root: string;
  /** Where the build is being written (test/helpers/build.ts `waitForBuild`). */
  buildDirectory: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    suite: SuiteContext;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-suite-'));
  const buildDirectory = path.join(root, 'build');
  const built = buildProject(buildDirectory);
  project.provide('suite', { root, buildDirectory });
  return async () => {
    await built;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
