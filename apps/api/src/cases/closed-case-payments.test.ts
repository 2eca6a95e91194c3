import { Logger } from '@nestjs/common';
import type {
  InvoiceEntity,
  TenantEntity,
  Timeline,
  TimelineCase,
  TimelineEntry,
} from '@relance/persistence';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CLOSED_CASE_PAYMENT_WORKFLOW_TYPE } from '@relance/workflows';
import { describe, expect, it, vi } from 'vitest';
import { Problem } from '../common/problem';
import type { ApiConfig } from '../config';
import { CaseGateway } from './case-gateway';
import { ClosedCasePayments } from './closed-case-payments';

const tenant = { id: 't-1', slug: 'default' } as TenantEntity;
const invoice = {
  id: '6f1c2b1e-0000-4000-8000-000000000001',
  externalId: 'A:webhook:e1',
  number: 'F-1',
  workflowId: 'dunning:default:A:webhook:e1',
  currency: 'EUR',
  paidMinor: 120_000,
  // The paid amount is read from the case record (its list column is derived from it).
  caseRecord: { status: 'paid', stage: 'reminder_1', paid: '1200.00', balance: '0.00', nextAction: null },
  payload: { client: { locale: 'fr' } },
} as unknown as InvoiceEntity;
const payment = { id: 'pay-late', amount: '12.50', currency: 'EUR', paidAt: '2026-12-01T10:00:00Z' };

function setup(start: (type: string, options: Record<string, unknown>) => Promise<unknown>) {
  const inserted: { invoice: TimelineCase; entry: TimelineEntry }[] = [];
  const timeline = {
    append: async (invoice: TimelineCase, entry: TimelineEntry) => (inserted.push({ invoice, entry }), true),
  } as unknown as Timeline;
  const startSpy = vi.fn(start);
  const temporal = {
    workflow: { start: startSpy },
    connection: { withDeadline: (_ms: number, fn: () => Promise<unknown>) => fn() },
  } as unknown as Client;
  const config = { temporal: { taskQueue: 'relance-test' } } as ApiConfig;
  return { service: new ClosedCasePayments(timeline, new CaseGateway(temporal), config), inserted, startSpy };
}

describe('ClosedCasePayments.record', () => {
  it('puts the payment on the timeline under the key the workflow also uses, not applied, and starts the alert workflow', async () => {
    const { service, inserted, startSpy } = setup(async () => ({}));
    await service.record(tenant, invoice, 'paid', payment, 'api');
    expect(inserted).toEqual([
      {
        invoice,
        entry: expect.objectContaining({
          // The workflow's key for the same payment (dunning-case.ts): one entry, whoever writes first.
          key: 'webhook:pay-late',
          type: 'payment_received',
          data: expect.objectContaining({
            paymentId: 'pay-late',
            amount: '12.50',
            accepted: false,
            reason: 'the case is already closed (paid)',
          }),
        }),
      },
    ]);
    expect(startSpy).toHaveBeenCalledWith(
      CLOSED_CASE_PAYMENT_WORKFLOW_TYPE,
      expect.objectContaining({
        workflowId: 'late-payment:default:A%3Awebhook%3Ae1:pay-late',
        taskQueue: 'relance-test',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          {
            ref: { tenant: 'default', externalId: 'A:webhook:e1', workflowId: invoice.workflowId },
            paymentId: 'pay-late',
            amountMinor: 1250,
            status: 'paid',
            paidMinor: 120_000,
          },
        ],
      }),
    );
  });

  it('treats an alert already started for this payment as done: a repeated delivery is harmless', async () => {
    const { service } = setup(async () => {
      throw new WorkflowExecutionAlreadyStartedError('started', 'late-payment:…', 'closedCasePayment');
    });
    await expect(service.record(tenant, invoice, 'paid', payment, 'webhook')).resolves.toBeUndefined();
  });

  it('answers 503 when Temporal cannot take the alert, so the caller repeats the request', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { service } = setup(async () => {
      throw new Error('14 UNAVAILABLE');
    });
    const err = await service.record(tenant, invoice, 'cancelled', payment, 'api').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).getStatus()).toBe(503);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
