import { defineConfig } from 'vitest/config';

// Unit tests of pure code and integration tests against PGlite (always) and PostgreSQL (when
// DATABASE_URL is set) run in one command; each integration file builds its own database.
export default defineConfig({
  test: {
    projects: [
      // Generous limits: a loaded CI machine must not turn slow into failed (benchmarks measure speed).
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['packages/web/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
