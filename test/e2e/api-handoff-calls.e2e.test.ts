import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dateFromToday,
  eventually,
  invoiceBody,
  registerCase,
  startStackWithResend,
  stopAll,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

// SPEC §3.2b: no lawyer without the creditor's yes (POST …/handoff), and a call's outcome
// (POST …/calls), on the real stack, today.

describe('API: the hand-off waits for the creditor, and calls are recorded', () => {
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
  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  const types = (v: any) => (v.timeline as { type: string }[]).map((t) => t.type);
  const errorPaths = (body: any) => (body.errors as { path: string }[]).map((e) => e.path);

  it('asks the creditor before the lawyer, and hands off once approved through the API', async () => {
    // A reminder now, the hand-off one minute later (catch-up keeps the policy's spacing); the
    // policy does not say requireApproval: registration fills the product default, true.
    const body = invoiceBody({
      dueDate: dateFromToday(-60),
      issueDate: dateFromToday(-90),
      policy: {
        steps: [
          { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
          { id: 'legal_handoff', after: 'P1DT1M', action: 'legal_handoff', minAmount: '500.00' },
        ],
      },
    });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const id = body.externalId;
    const waiting = await eventually(
      'the case waiting for approval',
      async () => {
        const v = await view(id);
        return v.nextAction?.action === 'approve_handoff' ? v : undefined;
      },
      150_000,
    );
    expect(waiting).toMatchObject({ status: 'overdue', nextAction: { step: 'legal_handoff' } });
    expect(types(waiting)).toContain('handoff_approval_requested');
    const asking = await eventually('the approval alert to the creditor', async () => {
      const alerts = emailsTo('alertes@default.example').filter((e) => e.body.subject?.includes(body.number));
      const found = alerts.find((e) => e.body.text?.includes(`/v1/invoices/${id}/handoff`));
      // Says what came instead when it times out.
      if (!found) {
        const timeline = (await view(id)).timeline as { type: string; data: unknown }[];
        throw new Error(
          `alerts so far: ${alerts.map((e) => e.body.subject).join(' | ') || 'none'}; ` +
            `timeline: ${JSON.stringify(timeline.slice(-4))}`,
        );
      }
      return found;
    });
    expect(asking.body.subject).toContain(body.number);
    expect(emailsTo('cabinet@durand-avocats.example')).toHaveLength(0);

    const bad = await call('POST', `/v1/invoices/${id}/handoff`, { approve: 'yes' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(errorPaths(bad.body)).toContain('approve');
    const mixed = await call('POST', `/v1/invoices/${id}/handoff`, { approve: true, keepChasing: true });
    expect(mixed.status).toBe(422);
    expect(errorPaths(mixed.body)).toContain('keepChasing');

    const approved = await call('POST', `/v1/invoices/${id}/handoff`, { approve: true });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(types(approved.body)).toContain('handoff_approved');
    await eventually(
      'the hand-off email to the lawyer',
      () => emailsTo('cabinet@durand-avocats.example')[0],
      60_000,
    );
    await eventually('the case handed off', async () =>
      (await view(id)).status === 'handed_off' ? true : undefined,
    );
    expect(emailsTo('cabinet@durand-avocats.example')).toHaveLength(1);
    const again = await call('POST', `/v1/invoices/${id}/handoff`, { approve: true });
    expect(again.status).toBe(409);
  }, 240_000);

  it('answers 409 when the case does not wait for approval', async () => {
    const id = await registerCase(call);
    await eventually('the case overdue', async () =>
      (await view(id)).status === 'overdue' ? true : undefined,
    );
    const res = await call('POST', `/v1/invoices/${id}/handoff`, { approve: false, reason: 'not now' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 409, caseStatus: 'overdue' });
    expect(res.body.detail).toMatch(/not waiting for a hand-off approval/);
  });

  it("records a call's outcome; promised applies the promise, without a date it is refused", async () => {
    const id = await registerCase(call);
    const noDate = await call('POST', `/v1/invoices/${id}/calls`, { outcome: 'promised' });
    expect(noDate.status).toBe(422);
    expect(errorPaths(noDate.body)).toEqual(['promiseDate']);
    const unknown = await call('POST', `/v1/invoices/${id}/calls`, { outcome: 'maybe' });
    expect(unknown.status).toBe(422);
    expect(errorPaths(unknown.body)).toContain('outcome');

    const reached = await call('POST', `/v1/invoices/${id}/calls`, { outcome: 'no_answer' });
    expect(reached.status).toBe(200);
    expect(reached.body.status).toBe('overdue');
    const promiseDate = dateFromToday(7);
    const promised = await call('POST', `/v1/invoices/${id}/calls`, {
      outcome: 'promised',
      promiseDate,
      note: 'by transfer on Friday',
    });
    expect(promised.status, JSON.stringify(promised.body)).toBe(200);
    expect(promised.body).toMatchObject({ status: 'promised', promise: { date: promiseDate } });
    const calls = (promised.body.timeline as { type: string; data: any }[]).filter(
      (t) => t.type === 'call_outcome_recorded',
    );
    expect(calls.map((t) => t.data.outcome).sort()).toEqual(['no_answer', 'promised']);
    expect(types(promised.body)).toContain('promise_recorded');
  });
  it('documents both routes in /openapi.json', async () => {
    const doc = (await fetch(`${stack.apiUrl}/openapi.json`).then((r) => r.json())) as any;
    const handoff = doc.paths['/v1/invoices/{externalId}/handoff']?.post;
    expect(handoff?.operationId).toBe('decideHandoff');
    expect(Object.keys(handoff.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '422']));
    expect(Object.keys(doc.components.schemas.HandoffBodyDto.properties).sort()).toEqual([
      'approve',
      'keepChasing',
      'reason',
    ]);
    const calls = doc.paths['/v1/invoices/{externalId}/calls']?.post;
    expect(calls?.operationId).toBe('recordCallOutcome');
    expect(doc.components.schemas.CallOutcomeBodyDto.properties.outcome.enum).toEqual([
      'reached',
      'no_answer',
      'promised',
      'disputed',
    ]);
  });
});
