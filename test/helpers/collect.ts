/**
 * Running the real CLI lives with the stand-in, which the demo and the benchmark also use. Tests
 * run it on the integration the suite compiled once (test/setup/global.ts), as the image runs it,
 * unless they ask for another `source` (the TypeScript sources: `TYPESCRIPT_SOURCES`).
 */
import { inject } from 'vitest';
import * as cli from '../../standin/collect';

export * from '../../standin/collect';

/** `dist/src` of the suite's build of the integration. */
export function compiledSource(): string {
  return inject('suite').build.source;
}

export function runCollect(options: cli.CliOptions): Promise<cli.CollectRun> {
  return cli.runCollect({ source: compiledSource(), ...options });
}

export function runCli(command: string, options: cli.CliOptions): Promise<cli.CollectRun> {
  return cli.runCli(command, { source: compiledSource(), ...options });
}
