/**
 * Running the real CLI lives with the stand-in, which the demo and the benchmark also use. Tests
 * run it on the integration the suite compiles once (test/helpers/build.ts), as the image runs it,
 * unless they ask for another `source` (the TypeScript sources: `TYPESCRIPT_SOURCES`).
 */
import { inject } from 'vitest';
import * as cli from '../../standin/collect';
import { waitForBuild, type CompiledBuild } from './build';

export * from '../../standin/collect';

/** The suite's build of the integration, once it is ready. */
export function compiledBuild(): Promise<CompiledBuild> {
  return waitForBuild(inject('suite').buildDirectory);
}

export async function runCollect(options: cli.CliOptions): Promise<cli.CollectRun> {
  return cli.runCollect({ source: (await compiledBuild()).source, ...options });
}

export async function runCli(command: string, options: cli.CliOptions): Promise<cli.CollectRun> {
  return cli.runCli(command, { source: (await compiledBuild()).source, ...options });
}
