import { defaultTenantSettings, type InvoiceInput } from '@relance/domain';
import { sampleInvoice } from '@relance/domain/testing';
import type {
  InvoiceEntity,
  Invoices,
  NewInvoice,
  TenantEntity,
  Timeline,
  TimelineCase,
  TimelineEntry,
} from '@relance/persistence';
import { WORKFLOW_TYPE } from '@relance/workflows';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { Problem } from '../common/problem';
import type { ApiConfig } from '../config';
import { CaseGateway } from '../cases/case-gateway';
import type { CasesService } from '../cases/cases.service';
import { RegistrationService } from './registration.service';

const tenant = { id: 't-1', slug: 'default', settings: defaultTenantSettings('default') } as TenantEntity;

const input: InvoiceInput = sampleInvoice({ amountDue: '1000.00' });

/** The service over in-memory Invoices and Timeline repositories; every write is inside the transaction. */
function setup() {
  const manager = {} as EntityManager;
  const rows: InvoiceEntity[] = [];
  const pdfs: { invoiceId: string; content: Buffer }[] = [];
  const entries: { invoice: TimelineCase; entry: TimelineEntry; manager?: EntityManager }[] = [];
  const invoices = {
    lockByExternalId: async (m: EntityManager, tenantId: string, externalId: string) => {
      expect(m).toBe(manager);
      return rows.find((r) => r.tenantId === tenantId && r.externalId === externalId) ?? null;
    },
    insert: async (m: EntityManager, values: NewInvoice) => {
      expect(m).toBe(manager);
      const saved = { ...values, id: `uuid-${rows.length + 1}`, workflowStartedAt: null } as InvoiceEntity;
      rows.push(saved);
      return saved;
    },
    insertInlinePdf: async (m: EntityManager, invoice: InvoiceEntity, content: Buffer) => {
      expect(m).toBe(manager);
      pdfs.push({ invoiceId: invoice.id, content });
    },
    markStarted: async (id: string) => {
      rows.find((r) => r.id === id)!.workflowStartedAt = new Date();
    },
  } as unknown as Invoices;
  const timeline = {
    append: async (invoice: TimelineCase, entry: TimelineEntry, m?: EntityManager) => (
      entries.push({ invoice, entry, manager: m }),
      true
    ),
  } as unknown as Timeline;
  const db = {
    transaction: (fn: (m: EntityManager) => Promise<unknown>) => fn(manager),
  } as unknown as DataSource;
  const start = vi.fn(async () => ({}));
  const temporal = {
    workflow: { start },
    connection: { withDeadline: (_ms: number, fn: () => Promise<unknown>) => fn() },
  } as unknown as Client;
  const config = { temporal: { taskQueue: 'relance-test' } } as ApiConfig;
  const cases = { view: async () => ({ externalId: input.externalId }) } as unknown as CasesService;
  const service = new RegistrationService(db, new CaseGateway(temporal), config, invoices, timeline, cases);
  return { service, rows, entries, start, manager, pdfs };
}

describe('RegistrationService.register', () => {
  it('stores the invoice and its `registered` entry in one transaction, starts the case, marks it started', async () => {
    const { service, rows, entries, start, manager } = setup();
    expect((await service.register(tenant, input)).created).toBe(true);
    expect(rows).toEqual([
      expect.objectContaining({
        externalId: 'INV-1',
        workflowId: 'dunning:default:INV-1',
        totalMinor: 120_000,
        paidMinor: 20_000,
        balanceMinor: 100_000,
        payload: input,
        workflowStartedAt: expect.any(Date),
      }),
    ]);
    expect(entries).toEqual([
      {
        invoice: rows[0],
        entry: expect.objectContaining({ key: 'registered', type: 'registered' }),
        manager,
      },
    ]);
    expect(start).toHaveBeenCalledWith(
      WORKFLOW_TYPE,
      expect.objectContaining({ workflowId: 'dunning:default:INV-1', taskQueue: 'relance-test' }),
    );
  });

  it('answers a repeated registration with the stored case, and a changed payload with 409', async () => {
    const { service, rows, entries, start } = setup();
    await service.register(tenant, input);
    expect((await service.register(tenant, input)).created).toBe(false);
    const err = await service.register(tenant, { ...input, total: '1300.00' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).getStatus()).toBe(409);
    expect(rows).toHaveLength(1);
    expect(entries).toHaveLength(1);
    expect(start).toHaveBeenCalledTimes(1);
  });
});

describe('RegistrationService.register with an inline PDF (issue 18)', () => {
  const pdf = Buffer.from('%PDF-1.4 the invoice');
  const withPdf: InvoiceInput = { ...input, pdfBase64: pdf.toString('base64') };

  it('keeps the PDF beside the row, in the same transaction, and out of the stored payload', async () => {
    const { service, rows, pdfs } = setup();
    await service.register(tenant, withPdf);
    expect(rows[0]!.payload).not.toHaveProperty('pdfBase64');
    expect(rows[0]!.payload).toMatchObject({ externalId: 'INV-1', number: input.number });
    expect(pdfs).toEqual([{ invoiceId: rows[0]!.id, content: pdf }]);
  });

  it('still answers the same body again with the case, and another PDF with 409', async () => {
    const { service, rows, pdfs } = setup();
    await service.register(tenant, withPdf);
    expect((await service.register(tenant, { ...withPdf })).created).toBe(false);
    const other = { ...withPdf, pdfBase64: Buffer.from('%PDF-1.4 another').toString('base64') };
    const err = await service.register(tenant, other).catch((e: unknown) => e);
    expect((err as Problem).getStatus()).toBe(409);
    const without = await service.register(tenant, input).catch((e: unknown) => e);
    expect((without as Problem).getStatus()).toBe(409);
    expect(rows).toHaveLength(1);
    expect(pdfs).toHaveLength(1);
  });
});
