// Test helpers, kept out of the package's main entry: they need @relance/devstack (a dev tool).
export * from './test-database';
