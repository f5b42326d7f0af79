import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** '../users', '../access-lists/converters': another step's folder (the shared modules are named). */
const NO_OTHER_STEP = {
  regex:
    '^\\.\\./(?!(cloud-targets|constants|graph-values|job-data|job-state|labels|review-schedule|served|step|step-errors|traits|uri)$)[^./][^/]*(/.*)?$',
  message:
    'No step imports another step: share through src/steps/job-data.ts (data) or a module in src/steps (code).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.j1-integration/**',
      'coverage/**',
      'src/teleport/generated/**',
      'test/setup/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='rejectUnauthorized'][value.value=false]",
          message: 'Certificate verification is never switched off.',
        },
      ],
    },
  },
  // The layers (docs/architecture.md): data flows one way, config → identity → teleport → steps,
  // with pure evaluators beside; an import against the flow fails `npm test`.
  {
    files: ['src/identity/**/*.ts', 'src/teleport/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(steps|evaluators|session|config|index)(/|$)',
              message: 'src/identity and src/teleport import nothing above them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/evaluators/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./|node:|@jupiterone/|@grpc/)',
              message: 'Evaluators are pure: no I/O, no SDK, nothing outside src/evaluators.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/steps/*/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [NO_OTHER_STEP],
        },
      ],
    },
  },
  {
    files: ['src/steps/*/converters.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // (A file's patterns replace those of an earlier block, so the step rule is repeated.)
            NO_OTHER_STEP,
            {
              regex: '^\\.\\./(job-state|job-data|step|step-errors)$|session|/teleport$',
              allowTypeImports: true,
              message:
                'Converters are pure: they import nothing from job state, the session or the client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
