/**
 * vitest's global setup: once per test run, before any test file, compile the integration
 * (test/helpers/build.ts) into a scratch directory the test files reach through `inject('suite')`,
 * and remove that directory when the run ends.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildProject, type CompiledBuild } from '../helpers/build';

export interface SuiteContext {
  /** The run's scratch directory: the build, and what test files share (test/helpers/sample-collect.ts). */
  root: string;
  build: CompiledBuild;
}

declare module 'vitest' {
  export interface ProvidedContext {
    suite: SuiteContext;
  }
}

export default function setup(project: TestProject): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-suite-'));
  project.provide('suite', { root, build: buildProject(path.join(root, 'build')) });
  return () => fs.rmSync(root, { recursive: true, force: true });
}
