import {
  FakeResend,
  freePort,
  startProcess,
  WORKER_MAIN,
  workerEnv,
  type Managed,
  type Stack,
} from '@relance/devstack';
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

/** `docker compose up --scale worker=2`, without Docker: two worker processes on one task queue. */
describe('two worker replicas on one task queue', () => {
  let bundle: WorkflowBundle;
  let resend: FakeResend;
  let stack: Stack;
  let second: Managed;
  const metricsUrls: string[] = [];

  beforeAll(async () => {
    bundle = buildWorkflowBundle();
    const [portA, portB] = [await freePort(), await freePort()];
    metricsUrls.push(`http://127.0.0.1:${portA}/metrics`, `http://127.0.0.1:${portB}/metrics`);
    ({ stack, resend } = await startStackWithResend(
      {
        RELANCE_WORKFLOW_BUNDLE: bundle.path,
        WORKER_METRICS_HOST: '127.0.0.1',
        WORKER_METRICS_PORT: String(portA),
      },
      're_replicas_test',
    ));
    second = startProcess('worker-2', process.execPath, [WORKER_MAIN], {
      env: workerEnv({ ...stack.env, WORKER_METRICS_PORT: String(portB) }), // launched as the first one
      logFile: join(stack.dataDir, 'worker-2.log'),
    });
    await eventually('both replicas polling', async () => {
      const polling = await Promise.all(
        metricsUrls.map(async (url) => /^temporal_num_pollers\{/m.test(await (await fetch(url)).text())),
      );
      return polling.every(Boolean) || undefined;
    });
  });

  afterAll(() => stopAll(second, stack, resend, bundle));

  const sentPerReplica = async () =>
    Promise.all(
      metricsUrls.map(async (url) => {
        const text = await (await fetch(url).catch(() => undefined))?.text();
        return [...(text ?? '').matchAll(/^relance_worker_emails_sent_total\{[^}]*\} (\d+)$/gm)].reduce(
          (n, m) => n + Number(m[1]),
          0,
        );
      }),
    );

  it('share the cases: every case gets its reminder exactly once', async () => {
    const call = api(stack.apiUrl, stack.apiKey);
    const bodies = Array.from({ length: 8 }, () => invoiceBody({ policy: UNCONSTRAINED_POLICY }));
    for (const body of bodies) expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    await eventually('eight reminders', () => (resend.emails.length >= 8 ? true : undefined));
    // One email per case (the Idempotency-Key is a hash: the case header names the case).
    const cases = resend.emails.map((e) => e.body.headers?.['X-Relance-Case']).sort();
    expect(cases).toEqual(bodies.map((b) => `dunning:default:${b.externalId}`).sort());
    // Counted once across the replicas, whichever ran each send.
    const counted = await eventually('the sends in the metrics', async () => {
      const perReplica = await sentPerReplica();
      return perReplica[0]! + perReplica[1]! === 8 ? perReplica : undefined;
    });
    expect(counted[0]! + counted[1]!).toBe(8);
  });

  it('keep serving when one replica stops: the other takes the new cases', async () => {
    await stack.worker.stop();
    expect(await stack.worker.exited).toBe(0);
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
    expect((await api(stack.apiUrl, stack.apiKey)('POST', '/v1/invoices', body)).status).toBe(201);
    const email = await eventually('the reminder from the remaining replica', () =>
      resend.emails.find((e) => e.body.headers?.['X-Relance-Case'] === `dunning:default:${body.externalId}`),
    );
    expect(email.body.subject).toContain(body.number);
    expect(second.child.exitCode).toBeNull();
  });
});
