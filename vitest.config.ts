import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/.next/**', '**/dist/**', '.data/**'];

export default defineConfig({
  // React components in unit tests use the automatic JSX runtime, as Next does.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration-test.ts'],
          exclude,
          globalSetup: ['./vitest.global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e-test.ts'],
          exclude,
          globalSetup: ['./vitest.global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
