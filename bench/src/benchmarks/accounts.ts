// Client accounts: a morning wave of many clients' invoices, and one client with hundreds of them.
import type { CapturedEmail } from '@relance/devstack';
import { accountWorkflowId } from '@relance/workflows';
import { invoice, type Policy } from '../harness/cases';
import { eventName, historyOf } from '../harness/history';
import { goal, save, type Goal } from '../harness/results';
import { benchStack, type BenchStack } from '../harness/stack';
import { pool, round, sleep } from '../harness/stats';

const LIMIT = 5; // Resend's default per-account limit, enforced by the fake

/** Registers `clients × perClient` invoices whose only reminder is due at one instant, `leadMs` after registration starts. */
async function wave(b: BenchStack, tag: string, clients: number, perClient: number, leadMs: number) {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const midnight = Date.parse(`${yesterday}T00:00:00Z`);
  const seconds = Math.ceil((Date.now() + leadMs - midnight) / 1000);
  const policy: Policy = { steps: [{ id: 'wave', after: `PT${seconds}S`, action: 'reminder', tone: 'friendly' }] };
  const bodies: ReturnType<typeof invoice>[] = [];
  for (let c = 0; c < clients; c++) {
    for (let k = 0; k < perClient; k++) {
      const inv = invoice(`BENCH-${process.pid}-${tag}-${c}-${k}`, policy, {
        dueDate: yesterday,
        email: `${tag}-${c}@acme.example`,
      });
      bodies.push({ ...inv, client: { ...inv.client, id: `${tag}-${c}`, timezone: 'UTC' } });
    }
  }
  const started = Date.now();
  await pool(bodies.length, 10, (i) => registerRepeating(b, bodies[i]));
  const waveAt = midnight + seconds * 1000;
  return {
    waveAt,
    registeredSeconds: (Date.now() - started) / 1000,
    // Registered after the wave, a case sends as soon as it starts: its client may get two messages.
    registeredBeforeWave: Date.now() <= waveAt,
    total: bodies.length,
  };
}

/** Registers as a billing system does: a 503 ("repeat the same request") is repeated. */
async function registerRepeating(b: BenchStack, body: unknown): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return void (await b.register(body));
    } catch (err) {
      if (attempt >= 5 || !String(err).includes(': 503')) throw err;
      await sleep(1000 * attempt);
    }
  }
}

function emailsTo(b: BenchStack, tag: string): CapturedEmail[] {
  const mine = new RegExp(`^${tag}-\\d+@`);
  return b.resend.emails.filter((e) => [e.body.to].flat().some((a) => mine.test(a)));
}

/** Waits until `expected` emails reached `tag`'s clients (or the deadline), then a few seconds for late duplicates. */
async function collect(b: BenchStack, tag: string, expected: number, deadline: number): Promise<CapturedEmail[]> {
  while (emailsTo(b, tag).length < expected && Date.now() < deadline) await sleep(500);
  await sleep(5000);
  return emailsTo(b, tag);
}

/** How many of the client's invoice numbers each email lists. */
function listed(email: CapturedEmail, tag: string, client: number, perClient: number): number {
  const text = email.body.text ?? '';
  const numbers = new Set(text.match(new RegExp(`B-BENCH-${process.pid}-${tag}-${client}-\\d+\\b`, 'g')));
  let n = 0;
  for (let k = 0; k < perClient; k++) if (numbers.has(`B-BENCH-${process.pid}-${tag}-${client}-${k}`)) n++;
  return n;
}

async function accountHistory(b: BenchStack, clientId: string) {
  const events = await historyOf(b.client, accountWorkflowId('default', clientId));
  const bytes = events.reduce((sum, e) => sum + JSON.stringify(e).length, 0);
  const signals = events.filter((e) => eventName(e) === 'WORKFLOW_EXECUTION_SIGNALED').length;
  return { events: events.length, approxBytes: bytes, signals };
}

export async function accounts(): Promise<void> {
  const clients = Number(process.env.BENCH_ACCOUNT_CLIENTS ?? 400);
  const perClient = Number(process.env.BENCH_ACCOUNT_INVOICES ?? 5);
  const big = Number(process.env.BENCH_ACCOUNT_BIG ?? 500);
  const gatherSeconds = 60; // the default policy.gatherFor
  const b = await benchStack({ env: { RESEND_MAX_PER_SECOND: String(LIMIT) }, resendLimit: LIMIT });
  const goals: Goal[] = [];
  try {
    // 1. A morning wave: every client's invoices fall due at one instant; one message per client.
    const morning = await wave(b, 'w', clients, perClient, 30_000 + clients * perClient * 120);
    const budget = gatherSeconds + (clients / LIMIT) * 1.1;
    const sent = await collect(b, 'w', clients, morning.waveAt + budget * 3000 + 120_000);
    // Each invoice must be in exactly one message; each client should get one message.
    const timesListed = new Map<string, number>();
    for (const e of sent) {
      const numbers = (e.body.text ?? '').match(new RegExp(`B-BENCH-${process.pid}-w-\\d+-\\d+\\b`, 'g'));
      for (const n of new Set(numbers)) {
        timesListed.set(n, (timesListed.get(n) ?? 0) + 1);
      }
    }
    const duplicates = [...timesListed.values()].reduce((s, n) => s + n - 1, 0);
    const missing = morning.total - timesListed.size;
    const incomplete = sent.filter((e) => {
      const c = Number(/^w-(\d+)@/.exec([e.body.to].flat()[0]!)?.[1]);
      return listed(e, 'w', c, perClient) !== perClient;
    }).length;
    const times = sent.map((e) => e.receivedAt.getTime()).sort((x, y) => x - y);
    const waveSeconds = times.length ? (times.at(-1)! - morning.waveAt) / 1000 : NaN;
    const label = `${morning.total} cases over ${clients} clients`;
    goal(goals, `accounts ${label}: emails (one per client)`, sent.length, clients, 'emails');
    goal(goals, `accounts ${label}: invoices in more than one email`, duplicates, 0, 'invoices');
    goal(goals, `accounts ${label}: invoices in no email`, missing, 0, 'invoices');
    goal(goals, `accounts ${label}: emails not listing all the client's invoices`, incomplete, 0, 'emails');
    goal(goals, `accounts ${label}: wave within gather + N/rate + 10 %`, round(waveSeconds), round(budget), 's');
    const waveHistory = await accountHistory(b, 'w-0');

    // 2. One client with `big` open invoices, due at one instant: one message listing them all.
    const one = await wave(b, 'big', 1, big, 30_000 + big * 120);
    const [bigEmail] = await collect(b, 'big', 1, one.waveAt + (gatherSeconds + 300) * 1000);
    const bigSeconds = bigEmail ? (bigEmail.receivedAt.getTime() - one.waveAt) / 1000 : NaN;
    const bigListed = bigEmail ? listed(bigEmail, 'big', 0, big) : 0;
    goal(goals, `accounts one client, ${big} invoices: emails`, emailsTo(b, 'big').length, 1, 'emails');
    goal(goals, `accounts one client, ${big} invoices: invoices listed`, bigListed, big, 'invoices', { atLeast: true });
    const bigHistory = await accountHistory(b, 'big-0');
    save(
      'accounts',
      {
        wave: {
          clients,
          invoicesPerClient: perClient,
          cases: morning.total,
          registeredSeconds: round(morning.registeredSeconds),
          emails: sent.length,
          registeredBeforeWave: morning.registeredBeforeWave,
          invoicesInMoreThanOneEmail: duplicates,
          invoicesInNoEmail: missing,
          emailsNotListingAllTheClientsInvoices: incomplete,
          rateLimited: b.resend.rateLimited,
          firstSentSecondsAfterWave: times.length ? round((times[0]! - morning.waveAt) / 1000) : null,
          totalSeconds: round(waveSeconds),
          budgetSeconds: round(budget),
          accountHistoryForOneMessage: waveHistory,
        },
        bigClient: {
          invoices: big,
          registeredBeforeWave: one.registeredBeforeWave,
          registeredSeconds: round(one.registeredSeconds),
          secondsFromDueToEmail: round(bigSeconds),
          invoicesListed: bigListed,
          attachments: bigEmail?.body.attachments?.length ?? 0,
          emailBytes: bigEmail ? (bigEmail.body.html?.length ?? 0) + (bigEmail.body.text?.length ?? 0) : 0,
          accountHistoryForOneMessage: bigHistory,
        },
      },
      goals,
    );
  } finally {
    await b.stop();
  }
}
