import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Tests import their own package's sources; other @relance/* packages, the workflow bundle and the
// e2e stack (built apps/api and apps/worker) use the compiled dist, so every lane builds first.
// One project per lane: `pnpm test` runs them all, `pnpm test:<lane>` one (docs/testing.md).
// Only the lanes that start Temporal provision its tools (test/global-setup.ts).
const temporalTools = ['test/global-setup.ts'];

export default defineConfig({
  plugins: [swc.vite({ jsc: { transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.workflow.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'workflow',
          include: ['packages/*/src/**/*.workflow.test.ts'],
          globalSetup: temporalTools,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
          globalSetup: temporalTools,
        },
      },
      {
        extends: true,
        test: { name: 'ops', include: ['test/ops/**/*.test.ts'], globalSetup: temporalTools },
      },
      {
        extends: true,
        test: { name: 'topology', include: ['test/topology/**/*.test.ts'], globalSetup: temporalTools },
      },
    ],
  },
});
