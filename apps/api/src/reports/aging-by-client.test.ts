import { addDays, defaultTenantSettings, localDate } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportsService } from './reports.service';
import { AgingQuerySchema } from './schemas';

// GET /v1/reports/aging?by=client (issue 20) against a real Postgres, rows written directly.

let testDb: TestDatabase;
let reports: ReportsService;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'aging-by-client', poolSize: 2 });
  reports = new ReportsService(testDb.db);
});
afterAll(() => testDb?.stop());

let serial = 0;
async function newCase(
  tenant: TenantEntity,
  client: string,
  dueDate: string,
  minor: number,
  extra: { currency?: string; status?: string; name?: string } = {},
) {
  const n = ++serial;
  await testDb.db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, status, payload, payload_hash)
     VALUES ($1, $2, 'F', $3, $4, $5, $6, $6, '2026-01-01', $7, $8, $9, 'h')`,
    [
      tenant.id,
      `INV-${n}`,
      `dunning:${tenant.slug}:INV-${n}`,
      client,
      extra.currency ?? 'EUR',
      minor,
      dueDate,
      extra.status ?? 'overdue',
      JSON.stringify({ client: { id: client, name: extra.name ?? `Client ${client}` } }),
    ],
  );
}

const bucketsOf = (line: {
  currencies: { currency: string; buckets: { bucket: string; cases: number; balance: string }[] }[];
}) =>
  line.currencies.map((c) => [
    c.currency,
    c.buckets.filter((b) => b.cases > 0).map((b) => [b.bucket, b.cases, b.balance]),
  ]);

describe('ReportsService.agingByClient', () => {
  it("gives each client with an open case the report's buckets per currency, a page at a time in client id order", async () => {
    const tenant = await testDb.db
      .getRepository(TenantEntity)
      .save({ slug: 'aging-by-client', settings: defaultTenantSettings('aging-by-client') });
    const today = localDate(new Date().toISOString(), tenant.settings.timezone);
    await newCase(tenant, 'B', addDays(today, 5), 10_000, { name: 'Beta' });
    await newCase(tenant, 'B', addDays(today, -10), 20_000);
    await newCase(tenant, 'B', addDays(today, -100), 500, { currency: 'USD' });
    await newCase(tenant, 'A', addDays(today, -45), 30_000, { name: 'Alpha' });
    await newCase(tenant, 'C', addDays(today, -45), 30_000, { status: 'paid' }); // closed: not in the report
    await newCase(tenant, 'D', addDays(today, -1), 700);

    const first = await reports.agingByClient(tenant, { limit: 2 });
    expect(first.asOf).toBe(today);
    expect(first.clients.map((c) => c.client)).toEqual([
      { id: 'A', name: 'Alpha' },
      { id: 'B', name: 'Client B' },
    ]);
    expect(bucketsOf(first.clients[0]!)).toEqual([['EUR', [['31_60', 1, '300.00']]]]);
    expect(bucketsOf(first.clients[1]!)).toEqual([
      [
        'EUR',
        [
          ['not_due', 1, '100.00'],
          ['1_30', 1, '200.00'],
        ],
      ],
      ['USD', [['90_plus', 1, '5.00']]],
    ]);
    expect(first.clients[1]!.currencies[0]!.total).toEqual({ cases: 2, balance: '300.00' });
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await reports.agingByClient(tenant, { limit: 2, cursor: first.nextCursor! });
    expect(second.clients.map((c) => c.client.id)).toEqual(['D']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('the aging query', () => {
  const paths = (q: Record<string, string>) =>
    AgingQuerySchema.safeParse(q).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('takes by=client with limit and cursor, and refuses limit or cursor without it, naming them', () => {
    expect(paths({})).toEqual([]);
    expect(paths({ by: 'client', limit: '5', cursor: 'abc' })).toEqual([]);
    expect(paths({ limit: '5' })).toEqual(['limit']);
    expect(paths({ by: 'currency', cursor: 'abc' })).toEqual(['cursor']);
    expect(paths({ by: 'invoice' })).toEqual(['by']);
    expect(paths({ by: 'client', limit: '0' })).toEqual(['limit']);
  });
});
