/**
 * Records the histories the replay test guards: real runs of representative cases on the
 * time-skipping server, written to packages/workflows/histories/<name>.json.
 *
 *   pnpm build && node packages/workflows/dist/testing/record-histories.js [name…]
 *
 * Names given: only those scenarios are recorded (the others stay as committed).
 * Re-record only for a deliberate, compatible change; the point of the committed files is that
 * a workflow change which breaks running cases fails the replay test.
 */
import { addDays } from '@relance/domain';
import { temporal } from '@temporalio/proto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  paymentPlanUpdate,
  paymentSignal,
  promiseUpdate,
  recordPaymentUpdate,
  replyUpdate,
  resumeUpdate,
} from '../contract';
import { caseInput, EXACT_POLICY, today, withCase } from './fixtures';
import { timeSkippingEnv } from './harness';

const out = join(__dirname, '../../histories');

const { History } = temporal.api.history.v1;

/** Protobuf JSON (bytes as base64, enums and 64-bit ints as strings), read back by `historyFromJson`. */
function historyToJson(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(
    History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }),
    null,
    1,
  );
}

async function main(): Promise<void> {
  const env = await timeSkippingEnv();
  const now = async () => new Date(await env.currentTimeMs()).toISOString();
  const scenarios: Record<string, (d: string) => Parameters<typeof withCase>[2]> = {
    // A reply pauses, the creditor resumes, a partial payment; escalation runs on to the hand-off
    // and a second payment closes the case (each step one activity, the record written with it).
    'reply-resume-partial-then-paid':
      () =>
      async ({ handle }) => {
        await env.sleep('3 days');
        await handle.executeUpdate(replyUpdate, {
          args: [{ id: 'r1', from: 'a@b.example', receivedAt: await now(), text: 'Je regarde.' }],
        });
        await handle.executeUpdate(resumeUpdate, { args: [] });
        await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'p1', amount: '200.00', paidAt: await now() }],
        });
        await env.sleep('40 days');
        await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'p2', amount: '1000.00', paidAt: await now() }],
        });
        await handle.result();
      },
    // A promise update racing the loop's timer (both write the case: local activities one at a
    // time), then a payment by signal closing the promised case.
    'promise-then-paid-by-signal':
      (d) =>
      async ({ handle }) => {
        await env.sleep('7 hours');
        await handle.executeUpdate(promiseUpdate, { args: [{ date: addDays(d, 15) }] });
        await env.sleep('43 minutes');
        await handle.signal(paymentSignal, { id: 'p1', amount: '1200.00', paidAt: await now() });
        await handle.result();
      },
    'escalation-to-paid':
      () =>
      async ({ handle }) => {
        await env.sleep('40 days');
        await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'p1', amount: '1200.00', paidAt: await now() }],
        });
        await handle.result();
      },
    'reply-resume-partial-payment':
      () =>
      async ({ handle }) => {
        await env.sleep('2 days');
        await handle.executeUpdate(replyUpdate, {
          args: [{ id: 'r1', from: 'a@b.example', receivedAt: await now(), text: 'Je regarde.' }],
        });
        await env.sleep('3 days');
        await handle.executeUpdate(resumeUpdate, { args: [] });
        await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'p1', amount: '200.00', paidAt: await now() }],
        });
        await env.sleep('10 days');
      },
    'promise-missed':
      (d) =>
      async ({ handle }) => {
        await env.sleep('1 day');
        await handle.executeUpdate(promiseUpdate, { args: [{ date: addDays(d, 7) }] });
        await env.sleep('20 days');
      },
    'plan-missed-instalment':
      (d) =>
      async ({ handle }) => {
        await env.sleep('1 day');
        const instalments = [
          { dueDate: addDays(d, 10), amount: '600.00' },
          { dueDate: addDays(d, 20), amount: '600.00' },
        ];
        await handle.executeUpdate(paymentPlanUpdate, { args: [{ instalments }] });
        await env.sleep('8 days');
        await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'i1', amount: '600.00', paidAt: await now() }],
        });
        await env.sleep('20 days');
      },
  };
  try {
    const only = process.argv.slice(2);
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const d = await today(env);
      const input = caseInput(addDays(d, -2), { policy: EXACT_POLICY, externalId: `REPLAY-${name}` });
      let history: unknown;
      await withCase(env, input, async (c) => {
        await scenario(d)(c);
        history = await c.handle.fetchHistory();
      });
      writeFileSync(join(out, `${name}.json`), historyToJson(history as temporal.api.history.v1.IHistory));
      process.stdout.write(`recorded ${name}\n`);
    }
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
