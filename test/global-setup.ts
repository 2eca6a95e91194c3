import { ensureTemporalCli, ensureTestServer } from '@relance/devstack';

/**
 * Provisions the Temporal CLI and the time-skipping test server once, before any test file
 * runs, so parallel test files reuse one copy (`.tools/`, or the env vars / PATH).
 */
export default function setup(): void {
  process.env.TEMPORAL_CLI_PATH ??= ensureTemporalCli();
  const testServer = ensureTestServer();
  if (testServer) process.env.TEMPORAL_TEST_SERVER_PATH ??= testServer;
}
