import { FakeResend, startTemporalDevServer, type CapturedEmail, type Stack } from '@relance/devstack';
import { DateTime } from 'luxon';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, invoiceBody, startStackWithResend, stopAll, type Api } from './helpers';

/** A one-step policy whose reminder fires `seconds` from now (offsets count from 00:00 of the due date, Paris). */
function policyFiringIn(seconds: number) {
  const now = DateTime.now().setZone('Europe/Paris');
  const offset = Math.ceil(now.diff(now.startOf('day'), 'seconds').seconds) + seconds;
  return {
    dueDate: now.toISODate()!,
    policy: { steps: [{ id: 'reminder_1', after: `PT${offset}S`, action: 'reminder', tone: 'friendly' }] },
  };
}

/** The emails of one case (the Idempotency-Key is a hash: the case header names the case). */
const ofCase = (externalId: string) => (e: CapturedEmail) =>
  e.body.headers?.['X-Relance-Case'] === `dunning:default:${externalId}`;

describe('faults: a crash or a restart loses nothing and sends nothing twice', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend({}, 're_faults'));
  });
  afterAll(() => stopAll(stack, resend));

  it(
    'the worker killed during a send, restarted: the email is sent exactly once',
    { timeout: 150_000 },
    async () => {
      let accepted!: () => void;
      const inFlight = new Promise<void>((r) => (accepted = r));
      let release!: () => void;
      resend.holdNext = { accepted, release: new Promise<void>((r) => (release = r)) };
      const before = resend.emails.length;
      const body = invoiceBody({
        policy: { steps: [{ id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' }] },
      });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);

      await inFlight; // Resend has the email; the worker is waiting for the answer
      stack.worker.child.kill('SIGKILL');
      await stack.worker.exited;
      release();
      await stack.startWorker();

      // The activity is retried after its timeout; the provider answers the same id for the same key.
      const view = await eventually(
        'the reminder recorded after the retry',
        async () => {
          const res = await call('GET', `/v1/invoices/${body.externalId}`);
          return res.body.stage === 'reminder_1' ? res.body : undefined;
        },
        120_000,
      );
      const mine = resend.emails.slice(before).filter(ofCase(body.externalId as string));
      expect(mine).toHaveLength(1);
      const sent = view.timeline.filter((t: { type: string }) => t.type === 'reminder_sent');
      expect(sent).toHaveLength(1);
      expect(sent[0].data.emailId).toBe(mine[0]!.id);
    },
  );

  it(
    'the Temporal server restarted: sleeping cases resume and their step runs once',
    { timeout: 150_000 },
    async () => {
      const { dueDate, policy } = policyFiringIn(25);
      const body = invoiceBody({ dueDate, issueDate: dueDate, policy });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
      await eventually('the case asleep until its step', async () => {
        const res = await call('GET', `/v1/invoices/${body.externalId}`);
        return res.body.nextAction?.step === 'reminder_1' ? true : undefined;
      });

      // Stop the server and start it again on the same port with the same database file.
      const port = Number(stack.temporal.address.split(':')[1]);
      const uiPort = Number(new URL(stack.temporal.uiUrl).port);
      await stack.temporal.stop();
      const restarted = await startTemporalDevServer({
        dbFile: join(stack.dataDir, 'temporal.sqlite'),
        port,
        uiPort,
        quiet: true,
      });
      stack.temporal = restarted;

      const email = await eventually(
        'the reminder after the restart',
        () =>
          resend.emails.find(
            (e) => ofCase(body.externalId as string)(e) && e.body.tags?.some((t) => t.value === 'reminder_1'),
          ),
        90_000,
      );
      expect(email.body.subject).toContain(body.number as string);
      await new Promise((r) => setTimeout(r, 2000));
      expect(resend.emails.filter(ofCase(body.externalId as string))).toHaveLength(1);
    },
  );
});
