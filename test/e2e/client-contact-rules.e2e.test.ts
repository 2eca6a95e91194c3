import { sampleClient } from '@relance/domain/testing';
import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dateFromToday,
  eventually,
  invoiceBody,
  postRaw,
  sql,
  startStackWithInbound,
  stopAll,
  svixHeaders,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-contact-rules-key-32b').toString('base64')}`;
const DOMAIN = 'inbound.default.example';
const ADDRESS = 'compta@client.example';

/**
 * Issue 20, "contact rules are the client's", through the real stack: one reminder for two
 * invoices of a client (the client account's grouped message); a reply to it pauses both cases,
 * a bounce of it suppresses the address on every open case of the client.
 */
describe('API: the contact rules are the client account’s', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithInbound(RESEND_SECRET, DOMAIN));
  });
  afterAll(() => stopAll(stack, resend));

  const clientId = `CLI-rules-${Date.now().toString(36)}`;
  // The steps of invoices registered together go out in one message after this gathering delay.
  const policy = { ...UNCONSTRAINED_POLICY, gatherFor: 'PT10S' };
  const register = async (dueInDays: number) => {
    const body = invoiceBody({
      policy,
      issueDate: dateFromToday(dueInDays - 30),
      dueDate: dateFromToday(dueInDays),
      client: sampleClient({ id: clientId, name: 'Client rules', email: ADDRESS }),
    });
    const res = await call('POST', '/v1/invoices', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return body.externalId as string;
  };
  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  const entries = async (id: string, type: string) =>
    ((await view(id)).timeline as any[]).filter((t) => t.type === type);
  const signed = (event: object, svixId: string) => {
    const body = JSON.stringify(event);
    return postRaw(`${stack.apiUrl}/v1/webhooks/resend`, body, svixHeaders(RESEND_SECRET, svixId, body));
  };

  it('pauses every case a grouped reminder listed on a reply, and suppresses a bounced address on all', async () => {
    const older = await register(-20);
    const newer = await register(-10);
    const notDue = await register(30);

    // One message for both late invoices: each case records its step with that email's id.
    const sent = await eventually(
      'one reminder for both late invoices',
      async () => {
        const [a] = await entries(older, 'reminder_sent');
        const [b] = await entries(newer, 'reminder_sent');
        return a && b ? { a, b } : undefined;
      },
      90_000,
    );
    expect(sent.a.data.emailId).toBe(sent.b.data.emailId);
    const emailId = sent.a.data.emailId as string;
    const lead = sent.a.data.groupedWith ? newer : older;
    const member = lead === older ? newer : older;
    const [leadRow] = await sql<{ reply_token: string }>(
      stack.databaseUrl,
      `SELECT reply_token FROM invoices WHERE external_id = $1`,
      [lead],
    );
    const email = resend.emails.find((e) => e.id === emailId)!;
    const replyTo = [email.body.reply_to].flat()[0]!;
    expect(replyTo).toBe(`reply+${leadRow!.reply_token}@${DOMAIN}`);

    // The client answers the grouped reminder: both invoices it listed pause, the third does not hear of it.
    const inboundId = `in_${clientId}`;
    resend.addInbound(inboundId, {
      from: `Jeanne <${ADDRESS}>`,
      to: [replyTo],
      subject: 'Re: 2 factures impayées',
      text: 'Nous réglons les deux factures vendredi.',
      html: null,
    });
    const replied = await signed(
      {
        type: 'email.received',
        created_at: new Date().toISOString(),
        data: {
          email_id: inboundId,
          created_at: new Date().toISOString(),
          from: `Jeanne <${ADDRESS}>`,
          to: [replyTo],
          received_for: [replyTo],
          subject: 'Re: 2 factures impayées',
        },
      },
      `msg_reply_${clientId}`,
    );
    expect(replied.status).toBe(200);
    expect(replied.body.outcome).toBe('handed_off');
    for (const id of [lead, member]) {
      const paused = await eventually(`${id} paused by the reply`, async () => {
        const v = await view(id);
        return v.status === 'paused' ? v : undefined;
      });
      expect(paused.pausedReason).toBe('client_reply');
      expect((paused.timeline as any[]).find((t) => t.type === 'reply_received').data).toMatchObject({
        text: 'Nous réglons les deux factures vendredi.',
      });
    }
    expect(await entries(notDue, 'reply_received')).toEqual([]);
    expect((await view(notDue)).status).not.toBe('paused');

    // The grouped reminder bounces: every open case of the client mailed at the address records it.
    const bounce = {
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: {
        email_id: emailId,
        created_at: new Date().toISOString(),
        to: [ADDRESS],
        bounce: { message: 'mailbox does not exist', type: 'Permanent' },
      },
    };
    const svixId = `msg_bounce_${clientId}`;
    const ack = await signed(bounce, svixId);
    expect(ack.body.outcome).toBe('handed_off');
    for (const id of [lead, member, notDue]) {
      const [entry] = await eventually(`${id} records the bounce`, async () => {
        const found = await entries(id, 'email_bounced');
        return found.length ? found : undefined;
      });
      expect(entry.data).toMatchObject({ emailId, recipient: ADDRESS, failed: true });
    }
    expect((await signed(bounce, svixId)).body.outcome).toBe('duplicate');
    // The account names the cases whose own message bounced.
    const account = (await call('GET', `/v1/clients/${clientId}`)).body;
    expect(account.suppressedAddresses).toEqual([
      { address: ADDRESS, complaint: false, lastAt: expect.any(String), cases: [lead, member].sort() },
    ]);
  }, 180_000);
});
