import {
  FakeResend,
  startProcess,
  startStack,
  WORKER_MAIN,
  workerEnv,
  type Managed,
  type Stack,
} from '@relance/devstack';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, invoiceBody, UNCONSTRAINED_POLICY } from '../e2e/helpers';

// docs/architecture.md "What a case reacts to": sending is paced to the provider's limit across worker replicas. Thirty cases whose
// first reminder is due at once, a provider that answers 429 above 5 requests in any one-second
// window, and two worker replicas: every reminder goes out once and the provider refuses none.

const CASES = 30;

describe('a wave of reminders is paced to the provider limit', () => {
  let stack: Stack;
  let resend: FakeResend;
  let second: Managed;

  beforeAll(async () => {
    resend = await new FakeResend().start();
    resend.maxPerSecond = 5;
    stack = await startStack({
      env: { RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: resend.url, RESEND_MAX_PER_SECOND: '5' },
    });
    // A second replica on the same queues: the limit holds for the queue, not per process.
    second = startProcess('worker-2', process.execPath, [WORKER_MAIN], {
      env: workerEnv(stack.env), // launched as the stack's own
      logFile: join(stack.dataDir, 'worker-2.log'),
    });
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
    await resend?.stop();
  });

  it(`sends ${CASES} reminders due at the same instant, each once, paced to the provider`, async () => {
    const call = api(stack.apiUrl, stack.apiKey);
    const bodies = Array.from({ length: CASES }, () => invoiceBody({ policy: UNCONSTRAINED_POLICY }));
    await Promise.all(
      bodies.map(async (b) => expect((await call('POST', '/v1/invoices', b)).status).toBe(201)),
    );
    const sent = await eventually(
      'every reminder',
      () => (resend.emails.length >= CASES ? resend.emails : undefined),
      120_000,
    );
    const cases = sent.map((e) => e.body.headers?.['X-Relance-Case']);
    expect(new Set(cases).size).toBe(CASES);
    expect(sent).toHaveLength(CASES);
    // Unpaced, the whole wave hits the provider within a second (25+ refusals of 30); paced by the
    // task queue alone, its limiter's one-second burst met a few at the start of the wave. The
    // workers' send gate starts the requests of both replicas at least 1/(0.95 × 5) s apart.
    expect(resend.rateLimited).toBe(0);
    const span = sent.at(-1)!.receivedAt.getTime() - sent[0]!.receivedAt.getTime();
    console.log(`${CASES} reminders in ${span} ms at RESEND_MAX_PER_SECOND=5, 429s: ${resend.rateLimited}`);
  }, 180_000);
});
