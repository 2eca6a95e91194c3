import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'dns',
  'stream',
  'worker_threads',
  'process',
];

// Another package is imported by its name or a subpath it exports (`@relance/domain/testing`),
// never through its build output.
const noDistImports = {
  group: ['@relance/*/dist', '@relance/*/dist/**'],
  message: 'Import the package or its exported subpath.',
};

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.tools/**',
      '.data/**',
      '**/*.mjs',
      '**/*.cjs',
      'vitest.config.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [noDistImports] }],
    },
  },
  {
    // Workflow and domain code must be deterministic: no I/O, no clock, no randomness.
    files: ['packages/domain/src/**/*.ts', 'packages/workflows/src/**/*.ts'],
    // workflows-path.ts, connection.ts and testing/ run in the api and worker processes, outside the sandbox.
    ignores: [
      '**/*.test.ts',
      'packages/workflows/src/testing/**',
      'packages/workflows/src/workflows-path.ts',
      'packages/workflows/src/connection.ts',
      'packages/workflows/src/public-address.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'typeorm', 'resend', 'pg'].map(
            (name) => ({
              name,
              message: 'Not allowed in deterministic code (domain/workflows).',
            }),
          ),
          patterns: [{ group: ['@nestjs/*'], message: 'Not allowed in deterministic code.' }, noDistImports],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Take `now` as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'No randomness in deterministic code.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Take `now` as an argument.',
        },
      ],
    },
  },
);
