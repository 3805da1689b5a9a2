// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/dist/**',
      '**/.turbo/**',
      '.data/**',
      'test-artifacts/**',
      'packages/db/src/generated/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.mjs',
            'scripts/*.mjs',
            'packages/db/scripts/*.mjs',
            'apps/web/*.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'off',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the app/package env.ts module.',
        },
      ],
    },
  },
  {
    // Places allowed to read process.env: env modules, scripts, configs, tests and benches.
    files: [
      '**/env.ts',
      '**/*.config.ts',
      '**/*.config.mjs',
      'scripts/**',
      'packages/db/scripts/**',
      'packages/db/src/migrate/**',
      'packages/db/src/testing/**',
      '**/*.test.ts',
      '**/*.integration-test.ts',
      '**/*.e2e-test.ts',
      '**/e2e/**',
      '**/testing/**',
      'bench/**',
      'vitest.global-setup.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: [
      '**/*.test.ts',
      '**/*.integration-test.ts',
      '**/*.e2e-test.ts',
      '**/e2e/**',
      '**/testing/**',
      'bench/**',
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // The domain must not depend on transports: adapters live in the apps and in src/trpc.
    files: ['packages/api/src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@trpc/*', 'next', 'next/*', 'socket.io', 'socket.io-client', 'bullmq'],
              message: 'Services stay transport-free; put this in an adapter.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
