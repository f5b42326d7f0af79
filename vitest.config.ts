import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/sdk-testing.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores, which is a single worker on a 2-core
    // machine; much of the suite waits on child processes and sockets, so use every core.
    maxWorkers: availableParallelism(),
    reporters: ['default'],
  },
});
