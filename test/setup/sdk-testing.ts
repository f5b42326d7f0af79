/**
 * Makes @jupiterone/integration-sdk-testing's schema matchers available under vitest: the package
 * loads a Jest internal at start-up, which is pointed at a stub before the package is required.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { expect } from 'vitest';

const JEST_INTERNAL = 'expect/build/jestMatchersObject';
const stub = path.join(__dirname, 'jest-matchers-object.cjs');
type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
const originalResolve = moduleWithResolver._resolveFilename;
moduleWithResolver._resolveFilename = function resolve(
  this: unknown,
  request: string,
  ...rest: unknown[]
): string {
  return request === JEST_INTERNAL ? stub : originalResolve.call(this, request, ...rest);
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerMatchers } = require('@jupiterone/integration-sdk-testing') as {
  registerMatchers: (expectLike: unknown) => void;
};
registerMatchers(expect);
