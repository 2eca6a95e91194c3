import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Unit tests run against the sources; integration/e2e tests (*.e2e.test.ts, *.workflow.test.ts)
// start real servers and use the built packages, so `pnpm test` builds first.
export default defineConfig({
  plugins: [swc.vite({ jsc: { transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  test: {
    include: ['{apps,packages}/*/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
