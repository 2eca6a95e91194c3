import { sampleClient } from '@relance/domain/testing';
import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  postRaw,
  registerCase,
  startStackWithInbound,
  stopAll,
  svixHeaders,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-triage-signing-key!!!').toString('base64')}`;
const DOMAIN = 'inbound.triage.example';
const CLIENT = 'compta@acme.example';

/**
 * SPEC 3.2b "Replies are triaged": an out-of-office answer to a reminder, through the Resend
 * inbound webhook (headers fetched from the Received-emails API) or POST …/replies, is recorded as
 * auto_reply_received and leaves the case as it was.
 */
describe('API: automatic replies are recorded and pause nothing (SPEC 3.2b)', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithInbound(RESEND_SECRET, DOMAIN));
  });
  afterAll(() => stopAll(stack, resend));

  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  /** A case whose first reminder went out, with the reply-to address it was emailed with. */
  const openCase = async () => {
    const id = await registerCase(call, { client: sampleClient() });
    const email = await eventually('the reminder email', () =>
      resend.emails.find((e) => e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}`),
    );
    await eventually('the reminder recorded', async () =>
      (await view(id)).stage === 'reminder_1' ? true : undefined,
    );
    return { id, replyTo: email.body.reply_to as string };
  };
  const entries = async (id: string, type: string) =>
    ((await view(id)).timeline as any[]).filter((t) => t.type === type);

  it('records an Auto-Submitted: auto-replied email from the Resend webhook as auto_reply_received; the status stays', async () => {
    const { id, replyTo } = await openCase();
    const before = await view(id);
    expect(before.status).toBe('overdue');

    const emailId = `in_auto_${Date.now()}`;
    const subject = 'Réponse automatique : Rappel facture';
    resend.addInbound(emailId, {
      from: `Jeanne Martin <${CLIENT}>`,
      to: [replyTo],
      subject,
      text: 'Je suis absente jusqu’au 4 janvier 2027.',
      html: null,
      headers: { 'auto-submitted': 'auto-replied', 'x-auto-response-suppress': 'All' },
    });
    const body = JSON.stringify({
      type: 'email.received',
      created_at: new Date().toISOString(),
      data: {
        email_id: emailId,
        created_at: new Date().toISOString(),
        from: `Jeanne Martin <${CLIENT}>`,
        to: [replyTo],
        cc: [],
        bcc: [],
        received_for: [replyTo],
        subject,
        attachments: [],
      },
    });
    const res = await postRaw(
      `${stack.apiUrl}/v1/webhooks/resend`,
      body,
      svixHeaders(RESEND_SECRET, `msg_${emailId}`, body),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.outcome).toBe('handed_off');

    const [entry] = await eventually('the automatic reply on the timeline', async () => {
      const found = await entries(id, 'auto_reply_received');
      return found.length === 1 ? found : undefined;
    });
    expect(entry.data).toMatchObject({
      from: `Jeanne Martin <${CLIENT}>`,
      reason: 'Auto-Submitted: auto-replied',
      subject,
      text: 'Je suis absente jusqu’au 4 janvier 2027.',
    });
    const after = await view(id);
    expect(after.status).toBe('overdue');
    expect(after.pausedReason ?? null).toBeNull();
    expect(after.nextAction).toEqual(before.nextAction);
    expect(await entries(id, 'reply_received')).toEqual([]);
    // No creditor alert about it: only the alerts the case had before.
    expect(
      (after.timeline as any[]).filter((t) => t.type === 'creditor_alerted').map((t) => t.data.kind),
    ).not.toContain('reply');
  });

  it('takes the same decision for POST …/replies from its headers and subject, and pauses on a person’s reply', async () => {
    const { id } = await openCase();
    const auto = await call('POST', `/v1/invoices/${id}/replies`, {
      id: 'api-auto-1',
      from: CLIENT,
      receivedAt: new Date().toISOString(),
      text: 'I am out of the office until 4 January.',
      subject: 'Out of office: invoice reminder',
      headers: { Precedence: 'auto_reply' },
    });
    expect(auto.status, JSON.stringify(auto.body)).toBe(200);
    expect(auto.body.status).toBe('overdue');
    expect((await entries(id, 'auto_reply_received'))[0]?.data).toMatchObject({
      reason: 'Precedence: auto_reply',
    });

    const bad = await call('POST', `/v1/invoices/${id}/replies`, {
      id: 'api-bad',
      from: CLIENT,
      receivedAt: new Date().toISOString(),
      text: 'x',
      automatic: 'yes',
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('automatic');

    const person = await call('POST', `/v1/invoices/${id}/replies`, {
      id: 'api-person-1',
      from: CLIENT,
      receivedAt: new Date().toISOString(),
      text: 'Nous payons vendredi.',
      subject: 'Re: facture',
    });
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ status: 'paused', pausedReason: 'client_reply' });
  });
});
