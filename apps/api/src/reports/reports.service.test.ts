import { addDays, defaultTenantSettings, localDate } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { ReportsService } from './reports.service';
import { EffectivenessQuerySchema } from './schemas';

// The report against a real Postgres, rows written directly (the worker's and the API's writes
// are tested where they are made).

let testDb: TestDatabase;
let reports: ReportsService;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'reports', poolSize: 2 });
  reports = new ReportsService(testDb.db);
});

afterAll(() => testDb?.stop());

async function newTenant(): Promise<TenantEntity> {
  const slug = `r-${randomUUID().slice(0, 8)}`;
  return testDb.db.getRepository(TenantEntity).save({ slug, settings: defaultTenantSettings(slug) });
}

interface CaseRows {
  currency?: string;
  dueDate: string;
  status?: string;
  steps: [type: string, step: string, at: string][];
  payments?: [amountMinor: number, paidAt: string][];
}

let serial = 0;
async function newCase(tenant: TenantEntity, c: CaseRows): Promise<string> {
  const n = ++serial;
  const [row] = (await testDb.db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, status, payload, payload_hash)
     VALUES ($1, $2, 'F', $3, 'C', $4, 120000, 0, '2026-01-01', $5, $6, '{}', 'h') RETURNING id`,
    [
      tenant.id,
      `INV-${n}`,
      `dunning:${tenant.slug}:INV-${n}`,
      c.currency ?? 'EUR',
      c.dueDate,
      c.status ?? 'overdue',
    ],
  )) as { id: string }[];
  const id = row!.id;
  for (const [i, [type, step, at]] of c.steps.entries()) {
    await testDb.db.query(
      `INSERT INTO timeline_events (id, tenant_id, invoice_id, at, type, step) VALUES ($1, $2, $3, $4, $5, $6)`,
      [`${id}:s${i}`, tenant.id, id, at, type, step],
    );
  }
  for (const [i, [minor, paidAt]] of (c.payments ?? []).entries()) {
    await testDb.db.query(
      `INSERT INTO payments (tenant_id, invoice_id, payment_id, amount_minor, currency, paid_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenant.id, id, `p${i}`, minor, c.currency ?? 'EUR', paidAt],
    );
  }
  return id;
}

const problemOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a problem');
    },
    (err: unknown) => err as Problem,
  );

describe('ReportsService.effectiveness', () => {
  it('counts each step reached in the period once per case, and credits a full payment to the last step before it', async () => {
    const tenant = await newTenant();
    // Paid after its second reminder: 10 days after the due date.
    await newCase(tenant, {
      dueDate: '2026-10-01',
      status: 'paid',
      steps: [
        ['reminder_sent', 'reminder_1', '2026-10-02T07:00:00Z'],
        ['reminder_sent', 'reminder_2', '2026-10-09T07:00:00Z'],
      ],
      payments: [[120000, '2026-10-11T10:00:00Z']],
    });
    // A part paid before any reminder is not credited to one; 23:30 UTC is the next day in Paris.
    await newCase(tenant, {
      dueDate: '2026-10-01',
      status: 'paid',
      steps: [
        ['reminder_sent', 'reminder_1', '2026-10-02T07:00:00Z'],
        ['reminder_sent', 'reminder_1', '2026-10-03T07:00:00Z'], // the same step recorded twice
      ],
      payments: [
        [20000, '2026-10-01T10:00:00Z'],
        [100000, '2026-10-05T23:30:00Z'],
      ],
    });
    await newCase(tenant, {
      dueDate: '2026-10-01',
      steps: [['reminder_sent', 'reminder_1', '2026-10-02T07:00:00Z']],
    });
    await newCase(tenant, {
      currency: 'USD',
      dueDate: '2026-10-02',
      status: 'paid',
      steps: [['reminder_sent', 'reminder_1', '2026-10-03T07:00:00Z']],
      payments: [[120000, '2026-10-04T10:00:00Z']],
    });
    await newCase(tenant, {
      dueDate: '2026-09-01',
      steps: [
        ['formal_notice_sent', 'formal_notice', '2026-10-20T07:00:00Z'],
        ['email_delivered', 'formal_notice', '2026-10-20T07:01:00Z'], // not a step event
      ],
    });
    // Before the period, and another tenant's case: neither counts.
    await newCase(tenant, {
      dueDate: '2026-07-01',
      steps: [['reminder_sent', 'reminder_1', '2026-08-01T07:00:00Z']],
    });
    await newCase(await newTenant(), {
      dueDate: '2026-10-01',
      status: 'paid',
      steps: [['reminder_sent', 'reminder_1', '2026-10-02T07:00:00Z']],
      payments: [[120000, '2026-10-03T10:00:00Z']],
    });

    const report = await reports.effectiveness(tenant, { from: '2026-10-01', to: '2026-10-31' });
    expect(report).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      steps: [
        {
          step: 'reminder_1',
          reached: 4,
          paidAfter: {
            cases: 2,
            amounts: [
              { currency: 'EUR', amount: '1000.00' },
              { currency: 'USD', amount: '1200.00' },
            ],
          },
          medianDaysToPayment: 3.5,
        },
        {
          step: 'reminder_2',
          reached: 1,
          paidAfter: { cases: 1, amounts: [{ currency: 'EUR', amount: '1200.00' }] },
          medianDaysToPayment: 10,
        },
        {
          step: 'formal_notice',
          reached: 1,
          paidAfter: { cases: 0, amounts: [] },
          medianDaysToPayment: null,
        },
      ],
    });
  });

  it('defaults to the 90 days up to today in the tenant’s zone, today’s steps included', async () => {
    const tenant = await newTenant();
    const now = new Date();
    const today = localDate(now.toISOString(), tenant.settings.timezone);
    await newCase(tenant, {
      dueDate: addDays(today, -3),
      status: 'paid',
      steps: [['reminder_sent', 'reminder_1', now.toISOString()]],
      payments: [[120000, now.toISOString()]],
    });
    const report = await reports.effectiveness(tenant, {});
    expect(report).toMatchObject({ from: addDays(today, -90), to: today });
    expect(report.steps).toEqual([
      {
        step: 'reminder_1',
        reached: 1,
        paidAfter: { cases: 1, amounts: [{ currency: 'EUR', amount: '1200.00' }] },
        medianDaysToPayment: 3,
      },
    ]);
  });
});

describe('the effectiveness period (issue 18)', () => {
  const paths = (q: Record<string, string>) =>
    EffectivenessQuerySchema.safeParse(q).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('accepts up to 366 days, from and to included', () => {
    expect(paths({ from: '2026-01-01', to: '2027-01-01' })).toEqual([]);
    expect(paths({ from: '2028-01-01', to: '2028-12-31' })).toEqual([]); // a leap year
  });

  it('refuses a longer period naming from, and from after to naming to', () => {
    expect(paths({ from: '2026-01-01', to: '2027-01-02' })).toEqual(['from']);
    expect(paths({ from: '2000-01-01', to: '2026-12-07' })).toEqual(['from']);
    expect(paths({ from: '2026-10-02', to: '2026-10-01' })).toEqual(['to']);
  });

  it('refuses with 422 on from a from whose period up to today (the default to) is longer', async () => {
    const tenant = await newTenant();
    const today = localDate(new Date().toISOString(), tenant.settings.timezone);
    const err = await problemOf(reports.effectiveness(tenant, { from: addDays(today, -366) }));
    expect(err).toBeInstanceOf(Problem);
    expect(err.getStatus()).toBe(422);
    expect(err.errors?.map((e) => e.path)).toEqual(['from']);
    await expect(reports.effectiveness(tenant, { from: addDays(today, -365) })).resolves.toMatchObject({
      to: today,
    });
  });
});
