import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCli,
  eventually,
  paymentSignature,
  postRaw,
  registerCase,
  sql,
  startStackWithResend,
  stopAll,
  svixHeaders,
  tableCounts,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-resend-signing-key-32b').toString('base64')}`;

describe('API: payment and Resend webhooks', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend({ RESEND_WEBHOOK_SECRET: RESEND_SECRET }));
  });
  afterAll(() => stopAll(stack, resend));

  const openCase = (overrides?: Record<string, unknown>) => registerCase(call, overrides);
  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  /** A new case sends its first reminder at once: wait for it before counting rows, so it never lands between two counts. */
  const openQuietCase = async () => {
    const id = await openCase();
    await eventually('the first reminder on the timeline', async () =>
      ((await view(id)).timeline as { type: string }[]).some((e) => e.type === 'reminder_sent')
        ? true
        : undefined,
    );
    return id;
  };
  const paymentsOf = (id: string) =>
    sql(
      stack.databaseUrl,
      `SELECT p.payment_id, p.amount_minor FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.external_id = $1`,
      [id],
    );

  describe('POST /v1/webhooks/payments/{tenantSlug}', () => {
    const url = () => `${stack.apiUrl}/v1/webhooks/payments/default`;
    const event = (id: string, invoiceId: string, amount: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        type: 'payment.succeeded',
        data: {
          invoiceId,
          amount,
          currency: 'EUR',
          paidAt: '2026-11-22T10:00:00Z',
          reference: 'VIR 8841',
          ...extra,
        },
      });
    const deliver = (body: string, signature = paymentSignature(stack.webhookSecret, body)) =>
      postRaw(url(), body, { 'relance-signature': signature });

    it('hands a partial payment to the case (202) and counts the same event delivered 5 times once', async () => {
      const id = await openCase();
      const body = event(`evt_${id}_1`, id, '500.00');
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await deliver(body));
      expect(answers.map((a) => a.status)).toEqual([202, 200, 200, 200, 200]);
      expect(answers[0]!.body).toEqual({ id: `evt_${id}_1`, outcome: 'handed_off' });
      expect(answers[4]!.body).toEqual({ id: `evt_${id}_1`, outcome: 'duplicate' });
      await eventually('the payment on the case', async () =>
        (await view(id)).balance === '700.00' ? true : undefined,
      );
      // Concurrent deliveries of another event race past the de-duplication row: the case still counts it once.
      const second = event(`evt_${id}_2`, id, '100.00');
      const burst = await Promise.all(Array.from({ length: 5 }, () => deliver(second)));
      for (const b of burst) expect([200, 202]).toContain(b.status);
      await eventually('the second payment', async () =>
        (await view(id)).balance === '600.00' ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(await view(id)).toMatchObject({ paid: '600.00', balance: '600.00', status: 'overdue' });
      expect(await paymentsOf(id)).toHaveLength(2);
      const logged = await sql(
        stack.databaseUrl,
        `SELECT id, handed_off_at FROM webhook_events WHERE id LIKE $1`,
        [`payment:default:evt_${id}_%`],
      );
      expect(logged).toHaveLength(2);
      for (const row of logged) expect(row.handed_off_at).not.toBeNull();
    });

    it('closes the case on a full payment, and an invoice.cancelled event cancels another', async () => {
      const paidId = await openCase();
      expect((await deliver(event(`evt_${paidId}_full`, paidId, '1200.00'))).status).toBe(202);
      await eventually('the case paid', async () =>
        (await view(paidId)).status === 'paid' ? true : undefined,
      );
      // A payment for a closed case is acknowledged and kept on the audit trail, not applied.
      const late = await deliver(event(`evt_${paidId}_late`, paidId, '10.00'));
      expect(late.status).toBe(200);
      expect(late.body.outcome).toBe('case_closed');
      expect(
        (await view(paidId)).timeline.some(
          (t: any) =>
            t.type === 'payment_received' &&
            t.data.eventId === `evt_${paidId}_late` &&
            t.data.accepted === false,
        ),
      ).toBe(true);

      const cancelId = await openCase();
      const cancel = JSON.stringify({
        id: `evt_${cancelId}_cancel`,
        type: 'invoice.cancelled',
        data: { invoiceId: cancelId, reason: 'credit note AV-3' },
      });
      expect((await deliver(cancel)).status).toBe(202);
      await eventually('the case cancelled', async () =>
        (await view(cancelId)).status === 'cancelled' ? true : undefined,
      );
    });

    it('accepts any of several v1 signatures, and a second secret added for rotation', async () => {
      const id = await openCase();
      const body = event(`evt_${id}_rot`, id, '50.00');
      const forgedFirst = paymentSignature(stack.webhookSecret, body, undefined, ['0'.repeat(64)]);
      expect((await deliver(body, forgedFirst)).status).toBe(202);
      const added = await apiCli(stack, ['webhook-secret', 'add', 'default']);
      expect(added.code).toBe(0);
      const next = added.stdout;
      expect(next).toMatch(/^whsec_/);
      const body2 = event(`evt_${id}_rot2`, id, '50.00');
      expect((await deliver(body2, paymentSignature(next, body2))).status).toBe(202);
      await eventually('both payments', async () =>
        (await view(id)).balance === '1100.00' ? true : undefined,
      );
    });

    it('rejects forged, tampered, stale, future and replayed-stale signatures with 401, the data untouched', async () => {
      const id = await openQuietCase();
      const before = await tableCounts(stack.databaseUrl);
      const body = event(`evt_${id}_forged`, id, '1200.00');
      const now = Math.floor(Date.now() / 1000);
      const captured = paymentSignature(stack.webhookSecret, body, now - 301);
      const attempts: [string, string | undefined, string][] = [
        ['wrong secret', paymentSignature('whsec_not_the_secret', body), body],
        ['tampered body', paymentSignature(stack.webhookSecret, body), body.replace('1200.00', '1.00')],
        ['stale timestamp (a captured request replayed 5 minutes later)', captured, body],
        ['future timestamp', paymentSignature(stack.webhookSecret, body, now + 400), body],
        ['malformed header', 'v1=abc', body],
        ['no header', undefined, body],
      ];
      for (const [what, signature, sent] of attempts) {
        const res = await postRaw(url(), sent, signature ? { 'relance-signature': signature } : {});
        expect(res.status, what).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(await tableCounts(stack.databaseUrl)).toEqual(before);
      await new Promise((r) => setTimeout(r, 500));
      expect(await view(id)).toMatchObject({ paid: '0.00', balance: '1200.00' });
    });

    it('answers 401 for an unknown tenant (as for a bad signature), 404 for an unknown invoice and 422 for a bad event or currency, writing nothing', async () => {
      const id = await openQuietCase();
      const before = await tableCounts(stack.databaseUrl);
      const unknownInvoice = event('evt_unknown_invoice', 'INV-NOPE', '10.00');
      expect((await deliver(unknownInvoice)).status).toBe(404);
      const other = await postRaw(`${stack.apiUrl}/v1/webhooks/payments/nobody`, unknownInvoice, {
        'relance-signature': paymentSignature(stack.webhookSecret, unknownInvoice),
      });
      expect(other.status).toBe(401);
      const usd = await deliver(event(`evt_${id}_usd`, id, '10.00', { currency: 'USD' }));
      expect(usd.status).toBe(422);
      expect(usd.body.errors[0].path).toBe('data.currency');
      const refund = await deliver(
        JSON.stringify({ id: 'evt_refund', type: 'payment.refunded', data: { invoiceId: id } }),
      );
      expect(refund.status).toBe(422);
      expect(refund.body.errors[0].path).toBe('type');
      const badAmount = await deliver(event(`evt_${id}_bad`, id, '-3', { extra: true }));
      expect(badAmount.status).toBe(422);
      expect(badAmount.body.errors.map((e: any) => e.path)).toEqual(
        expect.arrayContaining(['data.amount', 'data.extra']),
      );
      expect(await tableCounts(stack.databaseUrl)).toEqual(before);
    });
  });

  describe('POST /v1/webhooks/resend', () => {
    const url = () => `${stack.apiUrl}/v1/webhooks/resend`;
    let counter = 0;
    const deliver = (
      payload: unknown,
      svixId = `msg_${Date.now()}_${++counter}`,
      secret = RESEND_SECRET,
      timestamp?: number,
    ) => {
      const body = JSON.stringify(payload);
      return postRaw(url(), body, svixHeaders(secret, svixId, body, timestamp));
    };
    async function reminderOf(id: string) {
      const email = await eventually('the reminder email', () =>
        // The Idempotency-Key is a hash (keys.ts): the case header and the step tag name the email.
        resend.emails.find(
          (e) =>
            e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}` &&
            e.body.tags?.some((t) => t.name === 'step' && t.value === 'reminder_1'),
        ),
      );
      await eventually('the email recorded', async () =>
        (await view(id)).stage === 'reminder_1' ? true : undefined,
      );
      return email;
    }
    const tracking = (type: string, emailId: string, extra: Record<string, unknown> = {}) => ({
      type,
      created_at: new Date().toISOString(),
      data: {
        email_id: emailId,
        created_at: new Date().toISOString(),
        from: 'factures@default.example',
        to: ['compta@acme.example'],
        subject: 'Rappel',
        ...extra,
      },
    });
    const emailStatus = async (emailId: string) =>
      (await sql(stack.databaseUrl, `SELECT status FROM emails WHERE provider_id = $1`, [emailId]))[0]
        ?.status;

    it('maps delivered, opened and complained to the case by email id, once per Svix message', async () => {
      const id = await openCase();
      const email = await reminderOf(id);
      const delivered = await deliver(tracking('email.delivered', email.id), 'msg_delivered_1');
      expect(delivered.status).toBe(200);
      expect(delivered.body).toEqual({ id: 'msg_delivered_1', outcome: 'handed_off' });
      const replay = await deliver(tracking('email.delivered', email.id), 'msg_delivered_1');
      expect(replay.body.outcome).toBe('duplicate');
      expect(await emailStatus(email.id)).toBe('delivered');
      expect((await deliver(tracking('email.opened', email.id), 'msg_opened_1')).status).toBe(200);
      expect(await emailStatus(email.id)).toBe('opened');
      expect((await deliver(tracking('email.complained', email.id), 'msg_complained_1')).status).toBe(200);
      // A complaint goes to the case like a bounce: the workflow records it and stops mailing the address.
      const timeline = await eventually('the complaint on the timeline', async () => {
        const t = (await view(id)).timeline as any[];
        return t.some((e) => e.type === 'email_bounced') ? t : undefined;
      });
      const [{ id: uuid }] = (await sql<{ id: string }>(
        stack.databaseUrl,
        `SELECT id FROM invoices WHERE external_id = $1`,
        [id],
      )) as [{ id: string }];
      expect(timeline.filter((t) => t.type === 'email_delivered')).toEqual([
        expect.objectContaining({
          id: `${uuid}:resend:msg_delivered_1`,
          step: 'reminder_1',
          data: expect.objectContaining({ emailId: email.id }),
        }),
      ]);
      expect(timeline.filter((t) => t.type === 'email_opened')).toHaveLength(1);
      expect(timeline.filter((t) => t.type === 'email_bounced')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ complaint: true }) }),
      ]);
      expect(await emailStatus(email.id)).toBe('complained');
    });

    it('hands a bounce to the case: the step fails, a call task and a creditor alert follow', async () => {
      const id = await openCase();
      const email = await reminderOf(id);
      const bounced = await deliver(
        tracking('email.bounced', email.id, {
          bounce: { message: 'mailbox does not exist', type: 'Permanent', subType: 'General' },
        }),
        'msg_bounce_1',
      );
      expect(bounced.status).toBe(200);
      expect(bounced.body.outcome).toBe('handed_off');
      const timeline = await eventually('the bounce consequences', async () => {
        const t = (await view(id)).timeline as any[];
        return t.some((e) => e.type === 'call_task_created' && e.data.reason === 'email_bounced')
          ? t
          : undefined;
      });
      expect(timeline.find((t) => t.type === 'email_bounced')).toMatchObject({
        step: 'reminder_1',
        data: {
          emailId: email.id,
          recipient: 'compta@acme.example',
          reason: 'mailbox does not exist',
          failed: true,
        },
      });
      expect(await emailStatus(email.id)).toBe('bounced');
      // A late "delivered" never hides the bounce.
      await deliver(tracking('email.delivered', email.id));
      expect(await emailStatus(email.id)).toBe('bounced');
    });

    it('turns an inbound email to the case reply-to address into a client reply, body fetched from Resend', async () => {
      // Replies are accepted at the tenant's own reply-to domain only (the From address is unchanged).
      const patched = await call('PATCH', '/v1/tenant', {
        sender: {
          fromName: 'default',
          fromEmail: 'factures@default.example',
          replyToDomain: 'inbound.default.example',
        },
      });
      expect(patched.status).toBe(200);
      const id = await openCase();
      await reminderOf(id);
      // Issue 18: the address carries the case's secret token, and replies route on the envelope.
      const [{ reply_token: token }] = (await sql<{ reply_token: string }>(
        stack.databaseUrl,
        `SELECT reply_token FROM invoices WHERE external_id = $1`,
        [id],
      )) as [{ reply_token: string }];
      const inboundId = `inbound_${id}`;
      resend.addInbound(inboundId, {
        from: 'Jeanne Martin <compta@acme.example>',
        to: [`reply+${token}@inbound.default.example`],
        subject: 'Re: Rappel',
        text: 'Nous payons vendredi, désolés du retard.',
        html: null,
        created_at: '2026-11-22T08:30:00Z',
      });
      const received = await deliver(
        {
          type: 'email.received',
          created_at: '2026-11-22T08:30:01Z',
          data: {
            email_id: inboundId,
            created_at: '2026-11-22T08:30:00Z',
            from: 'Jeanne Martin <compta@acme.example>',
            to: [`reply+${token}@inbound.default.example`],
            received_for: [`reply+${token}@inbound.default.example`],
            subject: 'Re: Rappel',
            attachments: [],
          },
        },
        'msg_inbound_1',
      );
      expect(received.status).toBe(200);
      expect(received.body.outcome).toBe('handed_off');
      // The record is written after the reply alert went out, so the entry can show before the status.
      const v = await eventually('the reply on the case', async () => {
        const body = await view(id);
        return body.timeline.some((t: any) => t.type === 'reply_received') && body.status !== 'overdue'
          ? body
          : undefined;
      });
      expect(v.status).toBe('paused');
      expect(v.timeline.find((t: any) => t.type === 'reply_received').data).toMatchObject({
        text: 'Nous payons vendredi, désolés du retard.',
        receivedAt: '2026-11-22T08:30:00Z',
      });
    });

    it('rejects forged and stale Svix signatures with 401, changing nothing; unknown emails and other events are acknowledged', async () => {
      const id = await openCase();
      const email = await reminderOf(id);
      const before = await tableCounts(stack.databaseUrl);
      const forged = await deliver(
        tracking('email.delivered', email.id),
        'msg_forged',
        `whsec_${Buffer.from('another-key-entirely-000000000000').toString('base64')}`,
      );
      expect(forged.status).toBe(401);
      const stale = await deliver(
        tracking('email.delivered', email.id),
        'msg_stale',
        RESEND_SECRET,
        Math.floor(Date.now() / 1000) - 600,
      );
      expect(stale.status).toBe(401);
      const unsigned = await postRaw(url(), JSON.stringify(tracking('email.delivered', email.id)), {});
      expect(unsigned.status).toBe(401);
      expect(await tableCounts(stack.databaseUrl)).toEqual(before);
      expect(await emailStatus(email.id)).toBe('sent');
      expect((await deliver(tracking('email.delivered', 're_not_ours'))).body.outcome).toBe('unknown_email');
      expect((await deliver(tracking('email.clicked', email.id))).body.outcome).toBe('ignored');
    });
  });
});
