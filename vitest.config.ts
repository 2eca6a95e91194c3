import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Tests import their own package's sources; other @relance/* packages, the workflow bundle and the
// e2e stack (built apps/api and apps/worker) use the compiled dist, so `pnpm test` builds first.
export default defineConfig({
  plugins: [swc.vite({ jsc: { transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  test: {
    include: ['{apps,packages}/*/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
