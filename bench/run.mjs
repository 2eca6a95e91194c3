// `pnpm bench`: Relance's speed and memory figures, written to bench/results/<name>.json.
// Compares ratios measured in one run (shared, noisy machines): never asserted in tests.
//
//   pnpm bench                      # everything
//   pnpm bench render workflow      # some benchmarks only
//   BENCH_OPEN_CASES=2000 pnpm bench memory
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const stats = (ms) => ({
  n: ms.length,
  p50: +pct(ms, 50).toFixed(3),
  p90: +pct(ms, 90).toFixed(3),
  p99: +pct(ms, 99).toFixed(3),
  mean: +(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(3),
});

function save(name, result) {
  const record = { name, at: new Date().toISOString(), node: process.version, ...result };
  writeFileSync(join(out, `${name}.json`), JSON.stringify(record, null, 2));
  console.log(`${name}: ${JSON.stringify(result)}`);
}

/** Render time of every email template (HTML + text) and of the two PDFs. */
async function render() {
  const t = require(join(root, 'packages/templates/dist/index.js'));
  const result = {};
  for (const name of t.TEMPLATE_NAMES) {
    const message = t.sampleMessage(name, 'fr');
    for (let i = 0; i < 5; i++) await t.renderEmail(message); // warm-up
    const ms = [];
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      await t.renderEmail(message);
      ms.push(performance.now() - s);
    }
    result[name] = stats(ms);
  }
  for (const [name, fn] of [
    ['formal_notice_pdf', () => t.renderFormalNoticePdf(t.sampleFormalNotice('fr'))],
    ['dossier_pdf', () => t.renderDossierPdf(t.sampleDossier('fr'))],
  ]) {
    await fn();
    const ms = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
    }
    result[name] = stats(ms);
  }
  save('email-render', { unit: 'ms', templates: result });
}

/** The full default lifecycle on the time-skipping server: history length and wall time. */
async function workflow() {
  const { timeSkippingEnv } = require(join(root, 'packages/workflows/dist/testing/harness.js'));
  const { caseInput, withCase, today } = require(join(root, 'packages/workflows/dist/testing/fixtures.js'));
  const { addDays } = require(join(root, 'packages/domain/dist/index.js'));
  const env = await timeSkippingEnv();
  try {
    const d = await today(env);
    // Registered at the due date with the default French policy; runs to the legal hand-off
    // (day 38) and is then paid: the 45-day scenario.
    const input = caseInput(addDays(d, 3));
    let historyLength = 0;
    const wall = performance.now();
    await withCase(env, input, async ({ handle }) => {
      await env.sleep('48 days');
      const state = await handle.query('caseState');
      if (state.status !== 'handed_off') throw new Error(`expected handed_off, got ${state.status}`);
      await handle.executeUpdate('recordPayment', {
        args: [{ id: 'bench', amount: '1200.00', paidAt: new Date(await env.currentTimeMs()).toISOString() }],
      });
      await handle.result();
      historyLength = (await handle.fetchHistory()).events.length;
    });
    save('workflow-lifecycle', {
      scenario: 'default FR policy, due+3 → handed_off → paid (45+ case days)',
      historyEvents: historyLength,
      wallMs: Math.round(performance.now() - wall),
    });
  } finally {
    await env.teardown();
  }
}

function invoice(i, policy) {
  const due = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  return {
    externalId: `BENCH-${process.pid}-${i}`,
    number: `B-${i}`,
    issueDate: due,
    dueDate: due,
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      id: `C-${i % 50}`,
      name: 'Jeanne Martin',
      email: 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
    },
    ...(policy ? { policy } : {}),
  };
}

async function pool(n, concurrency, fn) {
  const latencies = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return latencies;
}

/** Registration through the API against raw `client.workflow.start`, and webhook → paid latency. */
async function api() {
  const { startStack, FakeResend } = require(join(root, 'packages/devstack/dist/index.js'));
  const { Client, Connection } = require('@temporalio/client');
  const { createHmac } = require('node:crypto');
  const resend = await new FakeResend().start();
  const stack = await startStack({
    env: { RESEND_API_KEY: 're_bench', RESEND_BASE_URL: resend.url, LOG_LEVEL: 'error' },
  });
  const connection = await Connection.connect({ address: stack.temporal.address });
  const client = new Client({ connection });
  const N = Number(process.env.BENCH_REGISTRATIONS ?? 300);
  const C = 10;
  const post = (path, body, headers = {}) =>
    fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  try {
    // Policies far in the future so registrations measure registration, not sending.
    const quiet = { steps: [{ id: 'r1', after: 'P3650D', action: 'reminder', tone: 'friendly' }] };
    await post('/v1/invoices', invoice('warm', quiet));
    let s = performance.now();
    const apiLat = await pool(N, C, async (i) => {
      const res = await post('/v1/invoices', invoice(i, quiet));
      if (res.status !== 201) throw new Error(`registration ${i}: ${res.status} ${await res.text()}`);
    });
    const apiSeconds = (performance.now() - s) / 1000;
    s = performance.now();
    const rawLat = await pool(N, C, async (i) => {
      await client.workflow.start('dunningCase', {
        workflowId: `raw-${process.pid}-${i}`,
        taskQueue: 'relance-bench-idle', // nobody polls: measures the start call alone
        args: [{ ...invoice(i), tenant: 'default', jurisdiction: 'FR', policy: quiet }],
      });
    });
    const rawSeconds = (performance.now() - s) / 1000;
    save('registration-throughput', {
      registrations: N,
      concurrency: C,
      api: { perSecond: +(N / apiSeconds).toFixed(1), latencyMs: stats(apiLat) },
      rawWorkflowStart: { perSecond: +(N / rawSeconds).toFixed(1), latencyMs: stats(rawLat) },
      apiOverRaw: +(N / apiSeconds / (N / rawSeconds)).toFixed(3),
    });

    // Payment webhook → case `paid` (as the API's case view reports it).
    const M = Number(process.env.BENCH_PAYMENTS ?? 40);
    const lat = [];
    for (let i = 0; i < M; i++) {
      const id = `PAY-${process.pid}-${i}`;
      const body = { ...invoice(i, quiet), externalId: id };
      const reg = await post('/v1/invoices', body);
      if (reg.status !== 201) throw new Error(`registration: ${reg.status}`);
      const event = JSON.stringify({
        id: `evt_${id}`,
        type: 'payment.succeeded',
        data: { invoiceId: id, amount: '1200.00', currency: 'EUR', paidAt: new Date().toISOString() },
      });
      const t = Math.floor(Date.now() / 1000);
      const sig = createHmac('sha256', stack.webhookSecret).update(`${t}.${event}`).digest('hex');
      const start = performance.now();
      const res = await post('/v1/webhooks/payments/default', event, {
        'relance-signature': `t=${t},v1=${sig}`,
      });
      if (res.status >= 300) throw new Error(`webhook: ${res.status} ${await res.text()}`);
      for (;;) {
        const view = await (
          await fetch(`${stack.apiUrl}/v1/invoices/${id}`, {
            headers: { authorization: `Bearer ${stack.apiKey}` },
          })
        ).json();
        if (view.status === 'paid') break;
        if (performance.now() - start > 30_000) throw new Error('case not paid after 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      lat.push(performance.now() - start);
    }
    save('webhook-to-paid', {
      payments: M,
      latencyMs: stats(lat),
      slowest: lat
        .map((ms, i) => [i, Math.round(ms)])
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3),
    });
  } finally {
    await connection.close();
    await stack.stop();
    await resend.stop();
  }
}

/** Worker memory with many open (sleeping) cases. */
async function memory() {
  const { startStack, FakeResend } = require(join(root, 'packages/devstack/dist/index.js'));
  const { Client, Connection } = require('@temporalio/client');
  const resend = await new FakeResend().start();
  const stack = await startStack({
    env: { RESEND_API_KEY: 're_bench', RESEND_BASE_URL: resend.url, LOG_LEVEL: 'error' },
  });
  const connection = await Connection.connect({ address: stack.temporal.address });
  const client = new Client({ connection });
  const N = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
  const rss = () => {
    const status = require('node:fs').readFileSync(`/proc/${stack.worker.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  };
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const before = rss();
    const quiet = { steps: [{ id: 'r1', after: 'P3650D', action: 'reminder', tone: 'friendly' }] };
    const s = performance.now();
    // Registered through the API so each case has its row; the worker runs each to its long sleep.
    await pool(N, 20, async (i) => {
      const res = await fetch(`${stack.apiUrl}/v1/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(invoice(`mem-${i}`, quiet)),
      });
      if (res.status !== 201) throw new Error(`registration: ${res.status}`);
    });
    // Wait until every case has settled into its sleep (its projection shows the next action).
    const { Client: Pg } = require('pg');
    const pg = new Pg({ connectionString: stack.databaseUrl });
    await pg.connect();
    for (;;) {
      const { rows } = await pg.query(
        "SELECT count(*)::int AS n FROM invoices WHERE next_action IS NOT NULL AND external_id LIKE 'BENCH-%mem-%'",
      );
      if (rows[0].n >= N) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await pg.end();
    const settledSeconds = (performance.now() - s) / 1000;
    await new Promise((r) => setTimeout(r, 5000));
    save('worker-memory', {
      openCases: N,
      workerRssMbBefore: +before.toFixed(1),
      workerRssMbAfter: +rss().toFixed(1),
      secondsToSettle: +settledSeconds.toFixed(1),
    });
    void client;
  } finally {
    await connection.close();
    await stack.stop();
    await resend.stop();
  }
}

const all = { render, workflow, api, memory };
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
for (const name of chosen) {
  if (!all[name]) throw new Error(`unknown benchmark ${name} (known: ${Object.keys(all).join(', ')})`);
  await all[name]();
}
process.exit(0);
