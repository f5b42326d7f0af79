/**
 * Makes @jupiterone/integration-sdk-testing's schema matchers available under vitest: the package
 * loads a Jest internal at start-up, which is pointed at a stub before the package is required.
 *
 * The package (and the SDK runtime under it) takes about half a second to load, and this file runs
 * before every test file, most of which never use these matchers: each matcher is registered here
 * under its own name and loads the package on its first use.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { expect } from 'vitest';

const JEST_INTERNAL = 'expect/build/jestMatchersObject';
const stub = path.join(__dirname, 'jest-matchers-object.cjs');
type Resolve = ((request: string, ...rest: unknown[]) => string) & { jestStub?: true };
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
const originalResolve = moduleWithResolver._resolveFilename;
// This file runs before every test file, in worker processes that run file after file: once each.
if (!originalResolve.jestStub) {
  moduleWithResolver._resolveFilename = Object.assign(
    function resolve(this: unknown, request: string, ...rest: unknown[]): string {
      return request === JEST_INTERNAL ? stub : originalResolve.call(this, request, ...rest);
    },
    { jestStub: true as const },
  );
}

/** What the package's `registerMatchers` registers (8.41: src/jest.ts). */
const MATCHERS = [
  'toMatchStepMetadata',
  'toMatchGraphObjectSchema',
  'toMatchDirectRelationshipSchema',
  'toTargetEntities',
  'toImplementSpec',
] as const;
type Matcher = (this: unknown, ...args: unknown[]) => unknown;

let loaded: Record<string, Matcher> | undefined;
function sdkMatchers(): Record<string, Matcher> {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { registerMatchers } = require('@jupiterone/integration-sdk-testing') as {
      registerMatchers: (expectLike: { extend(matchers: Record<string, Matcher>): void }) => void;
    };
    const registered: Record<string, Matcher> = {};
    registerMatchers({ extend: (matchers) => Object.assign(registered, matchers) });
    const missing = MATCHERS.filter((name) => typeof registered[name] !== 'function');
    const unknown = Object.keys(registered).filter(
      (name) => !(MATCHERS as readonly string[]).includes(name),
    );
    if (missing.length > 0 || unknown.length > 0) {
      throw new Error(
        `@jupiterone/integration-sdk-testing's matchers changed (missing: ${missing.join(', ')}; ` +
          `new: ${unknown.join(', ')}): update MATCHERS in test/setup/sdk-testing.ts`,
      );
    }
    loaded = registered;
  }
  return loaded;
}

expect.extend(
  Object.fromEntries(
    MATCHERS.map((name) => [
      name,
      function matcher(this: unknown, ...args: unknown[]): unknown {
        return sdkMatchers()[name]!.apply(this, args);
      },
    ]),
  ) as Parameters<typeof expect.extend>[0],
);
