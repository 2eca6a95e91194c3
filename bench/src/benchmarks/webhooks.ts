// `pnpm bench webhooks`: a storm of signed payment webhooks (issue 18, point 7). 1,000 events over
// ~100 open cases, 30 % of them exact re-sends, shuffled (out of order), 20 in flight at a time;
// then 20 simultaneous deliveries of one event id; then one delivery with the Temporal server
// stopped. Reports the answer times, the 202/200 counts and checks every balance to the cent.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { invoice, QUIET, waitSettled } from '../harness/cases';
import { cpuByTree, cpuDelta, stackRoots } from '../harness/cpu';
import { goal, save, type Goal } from '../harness/results';
import { benchStack } from '../harness/stack';
import { pct, pool, round, sleep, stats } from '../harness/stats';

/** A small seeded generator (mulberry32): the same storm on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Answer {
  status: number;
  ms: number;
  text: string;
}

const count = (list: Answer[]) =>
  list.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

export async function webhooks(): Promise<void> {
  const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1000);
  const CASES = Number(process.env.BENCH_WEBHOOK_CASES ?? 100);
  const C = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 20);
  const RESENDS = Math.round(EVENTS * 0.3);
  const UNIQUE = EVENTS - RESENDS;
  const rand = random(18);
  const b = await benchStack();
  const prefix = `BENCH-${process.pid}-hook-`;
  try {
    await pool(CASES, 10, (i) => b.register(invoice(`${prefix}${i}`, QUIET)));
    await waitSettled(b.pg, prefix, CASES);

    // Each case gets UNIQUE / CASES payments of 1.00–60.99: never the whole 1,200.00, so every
    // case stays open and every balance is 1,200.00 minus the sum of its distinct events.
    const unique = Array.from({ length: UNIQUE }, (_, k) => {
      const externalId = `${prefix}${k % CASES}`;
      const amount = `${1 + Math.floor(rand() * 60)}.${String(Math.floor(rand() * 100)).padStart(2, '0')}`;
      const body = JSON.stringify({
        id: `evt_${process.pid}_${k}`,
        type: 'payment.succeeded',
        data: { invoiceId: externalId, amount, currency: 'EUR', paidAt: new Date().toISOString() },
      });
      return { externalId, amountMinor: Math.round(Number(amount) * 100), body };
    });
    const deliveries = [
      ...unique,
      ...Array.from({ length: RESENDS }, () => unique[Math.floor(rand() * UNIQUE)]!),
    ];
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    const url = `${b.stack.apiUrl}/v1/webhooks/payments/default`;
    const deliver = async (body: string): Promise<Answer> => {
      const t = Math.floor(Date.now() / 1000);
      const sig = createHmac('sha256', b.stack.webhookSecret).update(`${t}.${body}`).digest('hex');
      const s = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'relance-signature': `t=${t},v1=${sig}` },
        body,
      });
      const text = await res.text();
      return { status: res.status, ms: performance.now() - s, text };
    };

    // A 503 is delivered again, as a provider does (sooner than one would): every answer counts.
    const answers: Answer[] = [];
    const cpu0 = cpuByTree(stackRoots(b));
    const s = performance.now();
    await pool(deliveries.length, C, async (i) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const a = await deliver(deliveries[i]!.body);
        answers.push(a);
        if (a.status !== 503) break;
        await sleep(500);
      }
    });
    const seconds = (performance.now() - s) / 1000;
    // Who used the two cores meanwhile: the signals wait on the Temporal server and the worker.
    const cpu = cpuDelta(cpu0, cpuByTree(stackRoots(b)), seconds);
    const byStatus = count(answers);
    const failures = answers
      .filter((a) => a.status >= 300 && a.status !== 503)
      .slice(0, 5)
      .map((a) => `${a.status} ${a.text}`);

    // 20 deliveries of one new event at the same instant: one hands it off, 19 see a duplicate.
    const burstBody = JSON.stringify({
      id: `evt_${process.pid}_burst`,
      type: 'payment.succeeded',
      data: { invoiceId: `${prefix}0`, amount: '3.00', currency: 'EUR', paidAt: new Date().toISOString() },
    });
    const burst = await Promise.all(Array.from({ length: C }, () => deliver(burstBody)));
    const burstStatus = count(burst);

    // Every balance, once the cases have applied what they were handed (the projection lags a little).
    const expected = new Map<string, number>();
    for (const u of unique)
      expected.set(u.externalId, (expected.get(u.externalId) ?? 120_000) - u.amountMinor);
    expected.set(`${prefix}0`, expected.get(`${prefix}0`)! - 300);
    let wrong: { external_id: string; balance: number }[] = [];
    const deadline = performance.now() + 120_000;
    do {
      const { rows } = await b.pg.query<{ external_id: string; balance: number }>(
        'SELECT external_id, balance_minor::int AS balance FROM invoices WHERE external_id LIKE $1',
        [`${prefix}%`],
      );
      wrong = rows.filter((r) => expected.get(r.external_id) !== r.balance);
      if (wrong.length === 0) break;
      await sleep(500);
    } while (performance.now() < deadline);
    const sample = wrong
      .slice(0, 3)
      .map((r) => `${r.external_id}: ${r.balance} ≠ ${expected.get(r.external_id)}`);

    // The Temporal server stopped: how long until the provider hears 503 (Postgres is still up).
    await b.stack.temporal.stop();
    const down = await deliver(
      JSON.stringify({
        id: `evt_${process.pid}_down`,
        type: 'payment.succeeded',
        data: { invoiceId: `${prefix}1`, amount: '1.00', currency: 'EUR', paidAt: new Date().toISOString() },
      }),
    );

    const ms = answers.map((a) => a.ms);
    const goals: Goal[] = [];
    goal(goals, `webhook answer p99 (${EVENTS} events, ${C} in flight)`, pct(ms, 99), 300, 'ms');
    goal(
      goals,
      `|202 answers − ${UNIQUE} distinct events|`,
      Math.abs((byStatus[202] ?? 0) - UNIQUE),
      0,
      'answers',
      {
        note: `${byStatus[200] ?? 0} × 200 for ${RESENDS} re-sends, ${byStatus[503] ?? 0} × 503 delivered again`,
      },
    );
    goal(
      goals,
      `202 answers to ${C} simultaneous deliveries of one event`,
      burstStatus[202] ?? 0,
      1,
      'answers',
    );
    goal(goals, 'balances not exact', wrong.length, 0, 'cases', { note: sample.join('; ') || undefined });
    goal(goals, 'answer with the Temporal server stopped', down.ms, 2000, 'ms', {
      note: `status ${down.status}`,
    });
    save(
      'webhook-storm',
      {
        events: EVENTS,
        distinct: UNIQUE,
        resends: RESENDS,
        cases: CASES,
        concurrency: C,
        perSecond: round(EVENTS / seconds),
        answerMs: stats(ms),
        statuses: byStatus,
        cpu,
        ...(failures.length ? { failures } : {}),
        burst: { statuses: burstStatus, answerMs: stats(burst.map((a) => a.ms)) },
        balancesWrong: wrong.length,
        temporalDown: { status: down.status, ms: round(down.ms) },
      },
      goals,
    );
  } finally {
    await b.stop();
  }
}
