import { sampleClient } from '@relance/domain/testing';
import { formatter } from '@relance/templates';
import type { CapturedEmail, FakeResend, Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dateFromToday,
  eventually,
  invoiceBody,
  postRaw,
  startStackWithResend,
  stopAll,
  svixHeaders,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

/** Three reminder levels 20 s apart (no business days, no send window), gathered for 5 s. */
const THREE_LEVELS = {
  gatherFor: 'PT5S',
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
    { id: 'reminder_2', after: 'P1DT20S', action: 'reminder', tone: 'firm' },
    { id: 'reminder_3', after: 'P1DT40S', action: 'reminder', tone: 'urgent' },
  ],
};

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-client-four-key-32by').toString('base64')}`;
const DOMAIN = 'inbound.default.example';
const NOTIFY = 'alertes@default.example';

const money = formatter('fr', 'EUR').money;
const toAddress = (address: string) => (e: CapturedEmail) => [e.body.to].flat().includes(address);
const statementOf = (e: CapturedEmail) =>
  (e.body.attachments ?? []).filter((a) => a.filename.startsWith('releve-de-compte-'));

/**
 * Issue 20 on the real stack (API, worker, Postgres, Temporal, fake Resend): one client with four
 * late invoices receives one message per level, not one per invoice; the statement of account
 * rides on grouped reminders when the tenant enables it; a worker killed during a grouped send
 * sends it once.
 */
describe('client accounts: one client, four late invoices', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend(
      { RESEND_WEBHOOK_SECRET: RESEND_SECRET },
      're_client_four',
    ));
    const patched = await call('PATCH', '/v1/tenant', {
      sender: { fromName: 'default', fromEmail: 'factures@default.example', replyToDomain: DOMAIN },
      notifyEmail: NOTIFY,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  });
  afterAll(() => stopAll(stack, resend));

  const run = Date.now().toString(36);
  const register = async (
    clientId: string,
    address: string,
    dueInDays: number,
    total: string,
    policy: object,
  ) => {
    const body = invoiceBody({
      policy,
      issueDate: dateFromToday(dueInDays - 30),
      dueDate: dateFromToday(dueInDays),
      total,
      amountDue: total,
      net: undefined,
      tax: undefined,
      client: sampleClient({ id: clientId, name: `Client ${clientId}`, email: address }),
    });
    const res = await call('POST', '/v1/invoices', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { externalId: body.externalId as string, number: body.number as string, total };
  };
  const sentEntries = async (externalId: string) =>
    ((await call('GET', `/v1/invoices/${externalId}`)).body.timeline as any[]).filter(
      (t) => t.type === 'reminder_sent',
    );

  it('the tenant setting statementOfAccount: false by default, set by PATCH, a wrong type named', async () => {
    expect((await call('GET', '/v1/tenant')).body.statementOfAccount).toBe(false);
    const bad = await call('PATCH', '/v1/tenant', { statementOfAccount: 'yes' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('statementOfAccount');
    const patched = await call('PATCH', '/v1/tenant', { statementOfAccount: true });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.statementOfAccount).toBe(true);
    expect((await call('GET', '/v1/tenant')).body.statementOfAccount).toBe(true);
  });

  it(
    'three levels: at most three emails, the first listing all four invoices with their balances',
    { timeout: 240_000 },
    async () => {
      const clientId = `CLI-four-${run}`;
      const address = `four-${run}@client.example`;
      // Registered together, as a billing system sends them (a case alone on its account sends alone).
      const invoices = await Promise.all(
        [-40, -30, -20, -10].map((due, i) =>
          register(clientId, address, due, `${i + 1}${i + 1}00.50`, THREE_LEVELS),
        ),
      );

      // Every case records its three levels.
      const entries = await eventually(
        'three reminders recorded on each of the four cases',
        async () => {
          const all = await Promise.all(invoices.map((inv) => sentEntries(inv.externalId)));
          return all.every((e) => e.length === 3) ? all : undefined;
        },
        200_000,
      );
      await new Promise((r) => setTimeout(r, 3000)); // nothing more goes out
      const mine = resend.emails.filter(toAddress(address));
      expect(mine.length).toBeLessThanOrEqual(3);
      // Each level: one message whose id every case records.
      const ids = new Set(entries.flat().map((t) => t.data.emailId as string));
      expect([...ids].sort()).toEqual(mine.map((e) => e.id).sort());

      const [first] = mine;
      expect(first!.body.subject).toContain('4 factures');
      for (const inv of invoices) {
        expect(first!.body.text).toContain(inv.number);
        expect(first!.body.text).toContain(money(inv.total));
        expect(first!.body.html).toContain(inv.number);
      }
      expect(first!.body.text).toContain(money('11002.00'));
      // The tenant enabled the statement of account (previous test): a PDF on every grouped reminder.
      for (const email of mine) {
        const [statement] = statementOf(email);
        expect(statement!.filename).toBe(`releve-de-compte-${dateFromToday(0)}.pdf`);
        expect(Buffer.from(statement!.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      }
    },
  );

  it(
    'without the setting, a grouped reminder carries no statement of account; a reply to it, one creditor alert',
    { timeout: 120_000 },
    async () => {
      expect((await call('PATCH', '/v1/tenant', { statementOfAccount: false })).body.statementOfAccount).toBe(
        false,
      );
      const clientId = `CLI-nostatement-${run}`;
      const address = `nostatement-${run}@client.example`;
      const policy = { ...UNCONSTRAINED_POLICY, gatherFor: 'PT5S' };
      const [a, b] = await Promise.all([
        register(clientId, address, -20, '500.00', policy),
        register(clientId, address, -10, '700.00', policy),
      ]);
      const email = await eventually(
        'the grouped reminder',
        () => resend.emails.find((e) => toAddress(address)(e) && e.body.text?.includes(b!.number)),
        90_000,
      );
      expect(email.body.text).toContain(a!.number);
      expect(statementOf(email)).toEqual([]);

      // The client answers it: both cases pause and record the reply, the creditor gets ONE alert.
      const replyTo = [email.body.reply_to].flat()[0]!;
      const inboundId = `in_${clientId}`;
      const text = `Nous réglons ${a!.number} et ${b!.number} vendredi.`;
      resend.addInbound(inboundId, {
        from: address,
        to: [replyTo],
        subject: 'Re: relance',
        text,
        html: null,
      });
      const event = JSON.stringify({
        type: 'email.received',
        created_at: new Date().toISOString(),
        data: {
          email_id: inboundId,
          created_at: new Date().toISOString(),
          from: address,
          to: [replyTo],
          received_for: [replyTo],
          subject: 'Re: relance',
        },
      });
      const ack = await postRaw(
        `${stack.apiUrl}/v1/webhooks/resend`,
        event,
        svixHeaders(RESEND_SECRET, `msg_${inboundId}`, event),
      );
      expect(ack.status, JSON.stringify(ack.body)).toBe(200);
      const alerted = await eventually('both cases paused and alerted', async () => {
        const views = await Promise.all(
          [a!, b!].map(async (inv) => (await call('GET', `/v1/invoices/${inv.externalId}`)).body),
        );
        const entries = views.map((v) => (v.timeline as any[]).find((t) => t.type === 'creditor_alerted'));
        return views.every((v) => v.status === 'paused') && entries.every(Boolean) ? entries : undefined;
      });
      await new Promise((r) => setTimeout(r, 3000)); // a second alert would be out by now
      const alerts = resend.emails.filter((e) => toAddress(NOTIFY)(e) && e.body.text?.includes(text));
      expect(alerts).toHaveLength(1);
      expect(alerted.map((t) => t.data.emailId)).toEqual([alerts[0]!.id, alerts[0]!.id]);
      for (const inv of [a!, b!]) expect(alerts[0]!.body.text).toContain(inv.number);
    },
  );

  it(
    'the worker killed during a grouped send, restarted: exactly one email for that level',
    { timeout: 240_000 },
    async () => {
      const clientId = `CLI-killed-${run}`;
      const address = `killed-${run}@client.example`;
      let accepted!: () => void;
      const inFlight = new Promise<void>((r) => (accepted = r));
      let release!: () => void;
      resend.holdNext = { accepted, release: new Promise<void>((r) => (release = r)) };
      const oneLevel = { gatherFor: 'PT5S', steps: [THREE_LEVELS.steps[0]] };
      const invoices = await Promise.all([
        register(clientId, address, -20, '800.00', oneLevel),
        register(clientId, address, -10, '900.00', oneLevel),
      ]);

      await inFlight; // Resend has the grouped email; the worker is waiting for the answer
      const held = resend.emails.at(-1)!;
      expect(toAddress(address)(held)).toBe(true);
      stack.worker.child.kill('SIGKILL');
      await stack.worker.exited;
      release();
      await stack.startWorker();

      // The account's send is retried after its timeout; the provider answers the same id for the same key.
      const entries = await eventually(
        'the grouped reminder recorded on both cases after the retry',
        async () => {
          const all = await Promise.all(invoices.map((inv) => sentEntries(inv.externalId)));
          return all.every((e) => e.length === 1) ? all.flat() : undefined;
        },
        200_000,
      );
      await new Promise((r) => setTimeout(r, 3000));
      const mine = resend.emails.filter(toAddress(address));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.id).toBe(held.id);
      expect(entries.map((t) => t.data.emailId)).toEqual([held.id, held.id]);
      for (const inv of invoices) expect(mine[0]!.body.text).toContain(inv.number);
    },
  );
});
