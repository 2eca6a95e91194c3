import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dateFromToday,
  eventually,
  invoiceBody,
  sql,
  startStackWithResend,
  stopAll,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

// Issue 21 points 5 and 6: credit notes, a changed due date and registered letters, end to end.
describe('API: amendments from the billing system (credit notes, due date, letters)', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend());
  });
  afterAll(() => stopAll(stack, resend));

  it('documents the three routes in /openapi.json', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as any;
    const item = doc.paths['/v1/invoices/{externalId}'];
    expect(item.patch.requestBody).toBeDefined();
    expect(doc.paths['/v1/invoices/{externalId}/credit-notes'].post.requestBody).toBeDefined();
    expect(doc.paths['/v1/invoices/{externalId}/letters'].post.requestBody).toBeDefined();
  });

  const register = async (overrides: Record<string, unknown> = {}) => {
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY, ...overrides });
    const res = await call('POST', '/v1/invoices', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return body;
  };
  const types = (view: any) => (view.timeline as { type: string }[]).map((t) => t.type);
  const paths = (res: { body: any }) => (res.body.errors ?? []).map((e: { path: string }) => e.path);
  const emailsOf = (number: string) => resend.emails.filter((e) => (e.body.subject ?? '').includes(number));

  it('credit notes: idempotent by id, 409 for another body, 422 naming the field, a full one cancels', async () => {
    const { externalId: id } = await register();
    const url = `/v1/invoices/${id}/credit-notes`;
    const note = { id: 'AV-1', amount: '200.00', issuedOn: dateFromToday(0), reason: 'remise commerciale' };
    const first = await call('POST', url, note);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      status: 'overdue',
      paid: '0.00',
      balance: '1000.00',
      credited: '200.00',
    });
    expect(first.body.creditNotes).toEqual([note]);
    expect(first.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'credit_note_recorded',
          data: expect.objectContaining({ creditNoteId: 'AV-1', amount: '200.00', balance: '1000.00' }),
        }),
      ]),
    );
    const again = await call('POST', url, note);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ balance: '1000.00', credited: '200.00' });
    const other = await call('POST', url, { ...note, amount: '150.00' });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');

    const bad: [Record<string, unknown>, string][] = [
      [{ id: 'AV-2', amount: '1000.01', issuedOn: dateFromToday(0) }, 'amount'],
      [{ id: 'AV-2', amount: '0.00', issuedOn: dateFromToday(0) }, 'amount'],
      [{ id: 'AV-2', amount: '10.001', issuedOn: dateFromToday(0) }, 'amount'],
      [{ id: 'AV-2', amount: '10.00', issuedOn: dateFromToday(0), currency: 'USD' }, 'currency'],
      [{ id: 'AV-2', amount: '10.00', issuedOn: '2026-02-30' }, 'issuedOn'],
      [{ amount: '10.00', issuedOn: dateFromToday(0) }, 'id'],
    ];
    for (const [body, path] of bad) {
      const res = await call('POST', url, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(paths(res)).toContain(path);
    }

    const full = { id: 'AV-3', amount: '1000.00', issuedOn: dateFromToday(0) };
    const closed = await call('POST', url, full);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'cancelled',
      balance: '0.00',
      credited: '1200.00',
      nextAction: null,
    });
    expect(types(closed.body)).toContain('cancelled');
    // The same note again, once the case is closed, still answers with the case.
    expect((await call('POST', url, full)).status).toBe(200);
    expect((await call('POST', url, { ...full, id: 'AV-4', amount: '1.00' })).status).toBe(409);
  }, 120_000);

  it('due date: 422 for a bad date or one before the issue date, same date a no-op, the list follows, 409 once closed', async () => {
    const body = await register();
    const url = `/v1/invoices/${body.externalId}`;
    await eventually('the first reminder', () => emailsOf(body.number)[0], 60_000);
    for (const dueDate of ['2026-02-30', 'tomorrow', dateFromToday(-41)]) {
      const res = await call('PATCH', url, { dueDate });
      expect(res.status, dueDate).toBe(422);
      expect(paths(res).length).toBeGreaterThan(0);
      expect(paths(res).every((p: string) => p === 'dueDate')).toBe(true);
    }
    const later = dateFromToday(20);
    const moved = await call('PATCH', url, { dueDate: later });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      status: 'pending',
      dueDate: later,
      registeredDueDate: body.dueDate,
      daysOverdue: 0,
    });
    expect(moved.body.nextAction).toMatchObject({ step: 'reminder_2' });
    const same = await call('PATCH', url, { dueDate: later });
    expect(same.status).toBe(200);
    expect(types(same.body).filter((t) => t === 'due_date_changed')).toHaveLength(1);
    expect(same.body.timeline.find((t: any) => t.type === 'due_date_changed').data).toEqual({
      from: body.dueDate,
      to: later,
    });
    // The list columns follow the record.
    const [row] = await sql<{ due_date: string }>(
      stack.databaseUrl,
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS due_date FROM invoices WHERE external_id = $1`,
      [body.externalId],
    );
    expect(row!.due_date).toBe(later);
    const listed = await call('GET', `/v1/invoices?clientId=${encodeURIComponent(body.client.id)}`);
    expect(listed.body.items[0]).toMatchObject({ externalId: body.externalId, dueDate: later });
    // The reminder already sent is not sent again.
    expect(emailsOf(body.number)).toHaveLength(1);

    expect((await call('POST', `${url}/cancel`, { reason: 'facture annulée' })).status).toBe(200);
    const closed = await call('PATCH', url, { dueDate: dateFromToday(30) });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ caseStatus: 'cancelled' });
  }, 120_000);

  it('a reminder after a credit note speaks of an avoir, never of a payment, with the new due date', async () => {
    const body = await register({ dueDate: dateFromToday(5) });
    const credited = await call('POST', `/v1/invoices/${body.externalId}/credit-notes`, {
      id: 'AV-10',
      amount: '300.00',
      issuedOn: dateFromToday(0),
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(200);
    expect(emailsOf(body.number)).toHaveLength(0);
    // Due long ago after all: reminder_1 goes at once, on the balance after the avoir.
    const moved = await call('PATCH', `/v1/invoices/${body.externalId}`, { dueDate: dateFromToday(-10) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const email = await eventually(
      'the reminder after the credit note',
      () => emailsOf(body.number)[0],
      60_000,
    );
    const text = (email.body.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('un avoir de 300,00 € a été déduit');
    expect(text).toContain('900,00 €');
    expect(text).not.toContain('déjà réglé');
    // The due date in force, as the email formats it (fr, long date style).
    const due = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${dateFromToday(-10)}T00:00:00Z`),
    );
    expect(text).toContain(due);
    expect(text).not.toContain(
      new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${dateFromToday(5)}T00:00:00Z`),
      ),
    );
  }, 120_000);

  it('letters: recorded, 422 naming the field; a formal notice names registered mail only after one was posted', async () => {
    const policy = {
      steps: [
        { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
        { id: 'formal_notice', after: 'P1DT1M', action: 'formal_notice', deadlineDays: 8 },
      ],
    };
    const late = { dueDate: dateFromToday(-45), issueDate: dateFromToday(-75), policy };
    const withLetter = await register(late);
    const without = await register(late);
    const url = `/v1/invoices/${withLetter.externalId}/letters`;
    for (const [letter, path] of [
      [{ postedOn: 'hier' }, 'postedOn'],
      [{ postedOn: dateFromToday(0), receivedOn: dateFromToday(-1) }, 'receivedOn'],
      [{ postedOn: dateFromToday(0), extra: 1 }, 'extra'],
    ] as const) {
      const res = await call('POST', url, letter);
      expect(res.status, JSON.stringify(letter)).toBe(422);
      expect(paths(res)).toContain(path);
    }
    const letter = { postedOn: dateFromToday(0), trackingNumber: '1A 234 567 8901 2' };
    const posted = await call('POST', url, letter);
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    expect(posted.body.letters).toEqual([letter]);
    expect(types(posted.body)).toContain('letter_posted');
    expect(
      (await call('POST', url, letter)).body.timeline.filter((t: any) => t.type === 'letter_posted'),
    ).toHaveLength(1);

    const noticeOf = (number: string) =>
      eventually(
        `the formal notice of ${number}`,
        () => emailsOf(number).find((e) => e.body.tags?.some((t) => t.value === 'formal_notice')),
        150_000,
      );
    const [a, b] = await Promise.all([noticeOf(withLetter.number), noticeOf(without.number)]);
    const textA = (a.body.text ?? '').replace(/\s+/g, ' ');
    const textB = (b.body.text ?? '').replace(/\s+/g, ' ');
    expect(textA).toContain('lettre recommandée avec accusé de réception, postée le');
    expect(textA).toContain('1A 234 567 8901 2');
    expect(textB).toMatch(/mise en demeure/i);
    expect(textB).not.toContain('recommandée');

    const received = await call('POST', url, { ...letter, receivedOn: dateFromToday(0) });
    expect(received.status).toBe(200);
    expect(received.body.letters).toEqual([{ ...letter, receivedOn: dateFromToday(0) }]);
    expect(types(received.body)).toContain('letter_received');
  }, 240_000);
});
