import { FakeResend, freePort, WORKER_MAIN, type Stack } from '@relance/devstack';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  buildWorkflowBundle,
  eventually,
  invoiceBody,
  startStackWithResend,
  stopAll,
  UNCONSTRAINED_POLICY,
  type WorkflowBundle,
} from '../e2e/helpers';

/**
 * The worker as the image runs it: the compiled entry point, the prebuilt workflow bundle
 * (RELANCE_WORKFLOW_BUNDLE), Prometheus metrics on WORKER_METRICS_PORT and JSON logs, next to the
 * real API, Postgres and Temporal.
 */
describe('the production worker (prebuilt bundle, metrics, JSON logs, drain)', () => {
  let bundle: WorkflowBundle;
  let resend: FakeResend;
  let stack: Stack;
  let metricsUrl: string;

  beforeAll(async () => {
    bundle = buildWorkflowBundle();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    ({ stack, resend } = await startStackWithResend(
      {
        RELANCE_WORKFLOW_BUNDLE: bundle.path,
        WORKER_METRICS_PORT: String(metricsPort),
        WORKER_METRICS_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      're_ops_test_key',
    ));
  });

  afterAll(() => stopAll(stack, resend, bundle));

  it('sends the first reminder and counts it in its metrics', async () => {
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
    const created = await api(stack.apiUrl, stack.apiKey)('POST', '/v1/invoices', body);
    expect(created.status).toBe(201);
    const email = await eventually('the reminder', () => resend.emails[0]);
    expect(email.body.headers?.['X-Relance-Case']).toBe(`dunning:default:${body.externalId}`);
    expect(email.idempotencyKey).toMatch(/^[0-9a-f]{64}$/); // a hash: packages/persistence/src/keys.ts

    const metrics = await eventually('the send counted in the metrics', async () => {
      const text = await (await fetch(metricsUrl)).text();
      return /relance_worker_emails_sent_total\{[^}]*stage="reminder_1"[^}]*\} 1$/m.test(text)
        ? text
        : undefined;
    });
    expect(metrics).toMatch(/^temporal_worker_start\{[^}]*task_queue="relance"[^}]*\} 1$/m);
    expect(metrics).toMatch(
      /^temporal_activity_execution_latency_count\{[^}]*activity_type="performStep"[^}]*\} [1-9]/m,
    );
    expect(metrics).toMatch(
      /^temporal_workflow_task_execution_latency_count\{[^}]*workflow_type="dunningCase"[^}]*\} [1-9]/m,
    );

    // Every line the worker wrote is JSON; the line about the email carries the case's workflow id.
    const lines = readFileSync(join(stack.dataDir, 'worker.log'), 'utf8').trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.find((e) => e.msg === 'worker started')).toMatchObject({
      workflowBundle: expect.stringContaining('workflow-bundle.js'),
      temporal: { taskQueue: 'relance', auth: 'none' },
    });
    const aboutTheCase = entries.filter((e) => JSON.stringify(e).includes(body.externalId));
    expect(aboutTheCase.length).toBeGreaterThan(0);
    for (const entry of aboutTheCase)
      expect(entry).toMatchObject({ workflowId: `dunning:default:${body.externalId}` });
    expect(lines.join('\n')).not.toContain('re_ops_test_key');
  });

  it('refuses to start with a clear message when Postgres is unreachable, without printing the password', async () => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        ...stack.env,
        DATABASE_URL: 'postgres://relance:do-not-print@127.0.0.1:1/relance',
        WORKER_METRICS_PORT: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(output).toContain('cannot connect to Postgres at postgres://relance:***@127.0.0.1:1/relance');
    expect(output).not.toContain('do-not-print');
  });

  it('drains on SIGTERM and exits 0', async () => {
    await stack.worker.stop(60_000);
    expect(await stack.worker.exited).toBe(0);
    const entries = readFileSync(join(stack.dataDir, 'worker.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(entries.at(-1)?.msg).toMatch(/^worker stopped/);
  });
});
