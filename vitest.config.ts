import { defineConfig } from 'vitest/config'

const alias = [{ find: /^#(app|prisma|search|jobs|scripts|tests)\/(.*)$/, replacement: `${import.meta.dirname}/$1/$2` }]

// Three projects: unit (pure functions, no database), integration (each test file gets its own
// freshly migrated MariaDB database and calls the built app), e2e (a real server and Chromium).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{app,search,jobs,prisma,scripts,tests}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.server.test.{ts,tsx}', 'tests/integration/**', 'tests/e2e/**', 'node_modules/**'],
          setupFiles: ['tests/setup/unit.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['{app,search,jobs,prisma,scripts}/**/*.server.test.{ts,tsx}', 'tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/integration-global.ts'],
          setupFiles: ['tests/setup/unit.ts', 'tests/setup/database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
