/**
 * Test files share worker processes (`isolate: false` in vitest.config.ts), so the third-party
 * libraries (the SDK, gRPC, protobufjs…), which Node loads itself, are loaded once per worker
 * instead of once per file. The project's own modules (src/, standin/, test/), which vitest
 * evaluates, are dropped here before each file, so every file starts from fresh copies of them, as
 * in a process of its own: no cache or other module state of ours carries over from another file.
 */
import { vi } from 'vitest';

vi.resetModules();
