import { ensureSchemathesis, SCHEMATHESIS_VERSION, startStack, type Stack } from '@relance/devstack';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Property-based fuzzing of the whole HTTP API from its own OpenAPI document: Schemathesis
 * generates valid and invalid requests for every operation (examples, coverage, fuzzing and
 * stateful phases) against the real stack, and every answer must be a documented status with
 * a documented content type and body, and never a 5xx. The seed is fixed and the examples per
 * operation capped, so the run is reproducible and fits a few minutes of CI.
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];
const SEED = 20261202;
const MAX_EXAMPLES = 15;
const MIN_REQUESTS = 1000;

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

describe('API fuzzing: Schemathesis against /openapi.json', () => {
  let stack: Stack;
  let st: string;

  beforeAll(async () => {
    st = ensureSchemathesis();
    // Configured as deployed: without their secrets the Resend webhook and the admin routes answer
    // 503 by design. Emails of the cases it registers go to the outbox in the stack's folder.
    stack = await startStack({
      env: {
        RESEND_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
        RELANCE_ADMIN_TOKEN: randomBytes(24).toString('hex'),
      },
    });
  }, 600_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it(`answers at least ${MIN_REQUESTS} generated requests without a server error or a contract mismatch`, async () => {
    const har = join(stack.dataDir, 'schemathesis.har.json');
    const started = Date.now();
    const { code, output } = await run(
      st,
      [
        'run',
        `${stack.apiUrl}/openapi.json`,
        ...['--checks', CHECKS.join(',')],
        ...['--seed', String(SEED), '--max-examples', String(MAX_EXAMPLES)],
        ...['-H', `Authorization: Bearer ${stack.apiKey}`],
        ...['--request-timeout', '15', '--generation-database', 'none', '--no-color'],
        ...['--report', 'har', '--report-har-path', har],
      ],
      stack.dataDir,
    );
    // Every request sent is an entry of the HAR report (absent if Schemathesis could not start).
    const requests = existsSync(har)
      ? (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: unknown[] } }).log.entries.length
      : 0;
    const seconds = Math.round((Date.now() - started) / 1000);
    const operations = /Operations:\s+(\d+ selected \/ \d+ total)/.exec(output)?.[1] ?? '?';
    process.stdout.write(
      `[fuzz] schemathesis ${SCHEMATHESIS_VERSION}, seed ${SEED}: ${requests} requests over ${operations} operations in ${seconds} s, exit ${code}\n`,
    );
    // The whole report (failures with a curl line to reproduce each) when something fails.
    expect(code, output).toBe(0);
    expect(requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 600_000);
});
