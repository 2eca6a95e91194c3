import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateFromToday, eventually, invoiceBody, startStackWithResend, stopAll, type Api } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

// Issue "Trustworthy case lifecycle": on the real stack, today (whatever today is), a French formal
// notice and a legal hand-off go out. Before provisional rates, every French notice whose interest
// ran past the last published half-year waited forever on its penalty computation.

describe('a formal notice and a legal hand-off go out today, end to end', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend());
    const patched = await call('PATCH', '/v1/tenant', {
      legalContact: { name: 'Maître Durand', email: 'cabinet@durand-avocats.example' },
    });
    expect(patched.status).toBe(200);
  });
  afterAll(() => stopAll(stack, resend));

  const emailsTo = (address: string) =>
    resend.emails.filter((e) => [e.body.to].flat().includes(address) || (e.body.cc ?? []).includes(address));
  const timelineOf = async (id: string) => (await call('GET', `/v1/invoices/${id}/timeline`)).body;

  it('sends the mise en demeure of an invoice 45 days late, with provisional penalties named to the creditor', async () => {
    // A reminder now, the formal notice one minute later (catch-up keeps the policy's spacing).
    const body = invoiceBody({
      dueDate: dateFromToday(-45),
      issueDate: dateFromToday(-75),
      policy: {
        steps: [
          { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
          { id: 'formal_notice', after: 'P1DT1M', action: 'formal_notice', deadlineDays: 8 },
        ],
      },
    });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const notice = await eventually(
      'the formal notice email',
      () =>
        emailsTo('compta@acme.example').find((e) => e.body.tags?.some((t) => t.value === 'formal_notice')),
      150_000,
    );
    expect(notice.body.subject).toContain(body.number);
    expect(notice.body.text ?? '').toMatch(/mise en demeure/i);
    expect(notice.body.attachments?.some((a) => a.filename.startsWith('mise-en-demeure-'))).toBe(true);
    const entries = await eventually('formal_notice_sent on the timeline', async () => {
      const t = (await timelineOf(body.externalId)) as any;
      const list = (Array.isArray(t) ? t : t.timeline) as any[];
      return list.some((e) => e.type === 'formal_notice_sent') ? list : undefined;
    });
    const sent = entries.find((e) => e.type === 'formal_notice_sent');
    // Eight days after the day it went out, counted in the client's time zone.
    expect(sent.data.deadline >= dateFromToday(7) && sent.data.deadline <= dateFromToday(9)).toBe(true);
    expect(sent.data.sentOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The case view follows the workflow through its projection, a sync activity later.
    const view = await eventually('the case at the formal notice', async () => {
      const v = (await call('GET', `/v1/invoices/${body.externalId}`)).body;
      return v.stage === 'formal_notice' ? v : undefined;
    });
    expect(view.formalNotice).toMatchObject({ sentOn: sent.data.sentOn });
    // Interest runs from 45 days ago: every figure it needs is either published or flagged.
    const penalties = (await call('GET', `/v1/invoices/${body.externalId}/penalties`)).body;
    expect(Number(penalties.interest)).toBeGreaterThan(0);
    expect(penalties.fixedFee).toBe('40.00');
    expect(penalties.provisional).toBe(penalties.missingFigures.length > 0);
    if (penalties.provisional) {
      const alert = await eventually('the provisional-rate alert to the creditor', () =>
        emailsTo('alertes@default.example').find((e) => e.body.tags?.some((t) => t.value.includes('rates'))),
      );
      expect(alert.body.subject).toContain(body.number);
    }
  }, 240_000);

  it('hands a case to the legal contact with the dossier PDF and JSON', async () => {
    const body = invoiceBody({
      dueDate: dateFromToday(-60),
      issueDate: dateFromToday(-90),
      policy: {
        steps: [
          { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
          {
            id: 'legal_handoff',
            after: 'P1DT1M',
            action: 'legal_handoff',
            minAmount: '500.00',
            requireApproval: false,
          },
        ],
      },
    });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const handoff = await eventually(
      'the hand-off email to the lawyer',
      () => emailsTo('cabinet@durand-avocats.example')[0],
      150_000,
    );
    const names = (handoff.body.attachments ?? []).map((a) => a.filename);
    expect(names).toEqual([`dossier-${body.number}.pdf`, `dossier-${body.number}.json`]);
    const dossier = JSON.parse(
      Buffer.from(
        handoff.body.attachments!.find((a) => a.filename.endsWith('.json'))!.content,
        'base64',
      ).toString(),
    );
    expect(dossier.invoice.number ?? JSON.stringify(dossier)).toContain(body.number);
    await eventually('the case handed off', async () => {
      const v = (await call('GET', `/v1/invoices/${body.externalId}`)).body;
      return v.status === 'handed_off' ? v : undefined;
    });
  }, 240_000);
});
