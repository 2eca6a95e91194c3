import type {
  InvoiceEntity,
  InvoicePageFilter,
  Invoices,
  TenantEntity,
  Timeline,
} from '@relance/persistence';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { CasesService } from './cases.service';
import { decodeCursor, encodeCursor } from './cursor';

const tenant = { id: 't-1', slug: 'default' } as TenantEntity;

const invoice = (n: number) =>
  ({
    id: `6f1c2b1e-0000-4000-8000-00000000000${n}`,
    tenantId: tenant.id,
    externalId: `INV-${n}`,
    number: `F-${n}`,
    workflowId: `dunning:default:INV-${n}`,
    status: 'overdue',
    stage: 'reminder_1',
    currency: 'EUR',
    totalMinor: 10_000,
    paidMinor: 0,
    balanceMinor: 10_000,
    issueDate: '2026-10-01',
    dueDate: '2026-11-01',
    nextAction: null,
    caseExtra: null,
    payload: { client: { id: 'C-1', name: 'Client', timezone: 'Europe/Paris' } },
    createdAt: new Date(`2026-11-0${n}T10:00:00Z`),
  }) as unknown as InvoiceEntity;

/** The service over an Invoices repository serving `rows`, recording the filters it is asked for. */
function setup(rows: InvoiceEntity[], more: boolean) {
  const asked: InvoicePageFilter[] = [];
  const invoices = {
    page: async (tenantId: string, filter: InvoicePageFilter) => {
      expect(tenantId).toBe(tenant.id);
      asked.push(filter);
      return {
        items: rows.map((i) => ({
          invoice: i,
          position: { createdAt: `${i.createdAt.toISOString().slice(0, 19)}.000123Z`, id: i.id },
        })),
        more,
      };
    },
    byExternalId: async (_tenantId: string, externalId: string) =>
      rows.find((i) => i.externalId === externalId) ?? null,
  } as unknown as Invoices;
  const service = new CasesService({} as DataSource, invoices, {} as Timeline);
  return { service, asked };
}

describe('CasesService', () => {
  it('lists a page with the cursor of its last row when there are more, passing the filter through', async () => {
    const { service, asked } = setup([invoice(2), invoice(1)], true);
    const page = await service.list(tenant, { status: 'overdue', clientId: 'C-1', limit: 2 });
    expect(page.items.map((i) => i.externalId)).toEqual(['INV-2', 'INV-1']);
    expect(decodeCursor(page.nextCursor!)).toEqual({
      createdAt: '2026-11-01T10:00:00.000123Z',
      id: invoice(1).id,
    });
    expect(asked).toEqual([{ status: 'overdue', clientId: 'C-1', limit: 2, after: undefined }]);
  });

  it('continues after the cursor given, and ends without one', async () => {
    const { service, asked } = setup([invoice(3)], false);
    const cursor = encodeCursor({ createdAt: '2026-11-04T10:00:00.000001Z', id: invoice(4).id });
    const page = await service.list(tenant, { limit: 2, cursor });
    expect(page.nextCursor).toBeNull();
    expect(asked[0]!.after).toEqual({ createdAt: '2026-11-04T10:00:00.000001Z', id: invoice(4).id });
  });

  it('finds a case of the tenant or answers 404', async () => {
    const { service } = setup([invoice(1)], false);
    expect((await service.find(tenant, 'INV-1')).id).toBe(invoice(1).id);
    const err = await service.find(tenant, 'INV-9').catch((e: unknown) => e);
    expect((err as Problem).getStatus()).toBe(404);
  });
});
