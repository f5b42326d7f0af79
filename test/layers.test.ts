/**
 * The layers are enforced by lint: an import against the flow of data fails `npm test`. Each case
 * lints one import as if it stood in a file of that layer.
 */
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported;\n`, {
    filePath: path.join(root, file),
  });
  return (result?.messages ?? []).some(
    (message) => message.ruleId === '@typescript-eslint/no-restricted-imports',
  );
}

describe('layers', () => {
  it.each([
    ['src/steps/bots/index.ts', "import { userSteps as imported } from '../users';", true],
    ['src/steps/bots/index.ts', "import { keys as imported } from '../graph-values';", false],
    // An area's own ids and types are its own: another area cannot import them.
    ['src/steps/locks/index.ts', "import { BOT as imported } from '../bots/constants';", true],
    ['src/steps/bots/converters.ts', "import { BOT as imported } from './constants';", false],
    ['src/steps/bots/converters.ts', "import { jobData as imported } from '../job-data';", true],
    [
      'src/steps/bots/converters.ts',
      "import { lockKey as imported } from '../locks/converters';",
      true,
    ],
    [
      'src/steps/nodes/converters.ts',
      "import { labelProperties as imported } from '../labels';",
      false,
    ],
    [
      'src/steps/bots/converters.ts',
      "import type { Bot as imported } from '../../teleport';",
      false,
    ],
    ['src/evaluators/access.ts', "import { Steps as imported } from '../steps/constants';", true],
    ['src/evaluators/access.ts', "import * as imported from 'node:fs';", true],
    ['src/teleport/rpcs.ts', "import { STEPS as imported } from '../steps';", true],
    ['src/identity/pem.ts', "import { sessionOf as imported } from '../session';", true],
    ['src/teleport/client/locks.ts', "import { RPCS as imported } from '../rpcs';", false],
  ])('%s: %s → restricted %s', async (file, source, expected) => {
    expect(await restricted(file, source)).toBe(expected);
  });
});
