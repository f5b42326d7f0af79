import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { CliFirstSequencer } from './test/setup/sequencer';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // fresh-modules.ts first: each file starts from fresh copies of the project's modules.
    setupFiles: ['test/setup/fresh-modules.ts', 'test/setup/sdk-testing.ts'],
    // Compiles the integration once for the tests that run the CLI (test/helpers/build.ts).
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker process runs file after file, keeping the libraries it loaded (a new process per
    // file spent a third of the suite's CPU time loading them again); the project's own modules are
    // still fresh for every file (test/setup/fresh-modules.ts).
    isolate: false,
    // vitest's default is one worker fewer than the cores, which is a single worker on a 2-core
    // machine; much of the suite waits on child processes and sockets, so use every core.
    maxWorkers: availableParallelism(),
    // The files that run the CLI first (test/setup/sequencer.ts).
    sequence: { sequencer: CliFirstSequencer },
    reporters: ['default'],
  },
});
