// Cases for the stack: invoices to register, waiting for them to settle, paying them by webhook.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client as Pg } from 'pg';
import type { BenchStack } from './stack';
import { sleep } from './stats';

export interface Policy {
  steps: { id: string; after: string; action: string; tone?: string }[];
}

// A policy whose only step is ten years away: the case registers, syncs and parks in its timer.
export const QUIET: Policy = { steps: [{ id: 'r1', after: 'P3650D', action: 'reminder', tone: 'friendly' }] };

/** Counts the cases of `prefix` whose projection shows their next action (parked in a timer). */
async function settledCount(pg: Pg, prefix: string): Promise<number> {
  const { rows } = await pg.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM invoices WHERE next_action IS NOT NULL AND external_id LIKE $1',
    [`${prefix}%`],
  );
  return rows[0]!.n;
}

export async function waitSettled(pg: Pg, prefix: string, n: number, timeoutMs = 30 * 60_000): Promise<void> {
  const start = performance.now();
  while ((await settledCount(pg, prefix)) < n) {
    if (performance.now() - start > timeoutMs) throw new Error(`${prefix}: fewer than ${n} cases settled`);
    await sleep(250);
  }
}

/** An invoice of 1,200.00 EUR to register through the API, due ten days ago unless `dueDate`. */
export function invoice(
  externalId: string,
  policy?: Policy,
  { dueDate, email }: { dueDate?: string; email?: string } = {},
) {
  const due = dueDate ?? new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const i = Number(/(\d+)$/.exec(externalId)?.[1] ?? 0);
  return {
    externalId,
    number: `B-${externalId}`,
    issueDate: due,
    dueDate: due,
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      id: `C-${i % 50}`,
      name: 'Jeanne Martin',
      email: email ?? 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
    },
    ...(policy ? { policy } : {}),
  };
}

export interface Payment {
  /** The webhook's answer time. */
  ackMs: number;
  /** From the send until the case row shows `paid`. */
  paidMs: number;
  /** The GET of the case view once paid. */
  viewMs: number;
}

/**
 * A signed payment webhook for the whole amount, then the API's case view polled until `paid`.
 * Returns the webhook's answer time and the time until `paid` is visible, from the send.
 */
export async function payAndWait(b: BenchStack, externalId: string, tag: string): Promise<Payment> {
  const event = JSON.stringify({
    id: `evt_${tag}_${externalId}`,
    type: 'payment.succeeded',
    data: { invoiceId: externalId, amount: '1200.00', currency: 'EUR', paidAt: new Date().toISOString() },
  });
  const t = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', b.stack.webhookSecret).update(`${t}.${event}`).digest('hex');
  const start = performance.now();
  const res = await b.post('/v1/webhooks/payments/default', event, {
    'relance-signature': `t=${t},v1=${sig}`,
  });
  const ackMs = performance.now() - start;
  if (res.status >= 300) throw new Error(`webhook: ${res.status} ${await res.text()}`);
  // The API's case view reads the projection row: watch the row (cheap), so that polling the
  // full view (timeline, penalties) does not take the CPU the worker needs; then check the view.
  for (;;) {
    const { rows } = await b.pg.query<{ status: string }>(
      'SELECT status FROM invoices WHERE external_id = $1',
      [externalId],
    );
    if (rows[0]?.status === 'paid') break;
    if (performance.now() - start > 60_000) throw new Error(`${externalId} not paid after 60 s`);
    await sleep(2);
  }
  const paidMs = performance.now() - start;
  const s = performance.now();
  const view = await b.view(externalId);
  if (view.status !== 'paid') throw new Error(`${externalId}: the API shows ${view.status}`);
  return { ackMs, paidMs, viewMs: performance.now() - s };
}
