// The effectiveness report's time over BENCH_EFFECTIVENESS_CASES cases (default 2,000) written
// directly into a throwaway Postgres, each with four step events and three in four paid in two
// payments: the median of 7 runs, no goal.
import { defaultTenantSettings } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import { startTestDatabase } from '@relance/persistence/testing';
import { performance } from 'node:perf_hooks';
import { built } from '../harness/built';
import { save } from '../harness/results';

type ReportsModule = typeof import('../../../apps/api/src/reports/reports.service');

export async function effectiveness(): Promise<void> {
  const { ReportsService } = await built<ReportsModule>('apps/api/dist/reports/reports.service.js');
  const cases = Number(process.env.BENCH_EFFECTIVENESS_CASES ?? 2000);
  const testDb = await startTestDatabase({ name: 'bench-report', poolSize: 2 });
  try {
    const { db } = testDb;
    const tenant = await db
      .getRepository(TenantEntity)
      .save({ slug: 'bench', settings: defaultTenantSettings('bench') });
    // Set-based inserts: cases due in September 2026, steps in October, payments after the third step.
    await db.query(
      `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
         balance_minor, issue_date, due_date, status, payload, payload_hash)
       SELECT $1, 'INV-' || n, 'F-' || n, 'dunning:bench:INV-' || n, 'C-' || (n % 300), 'EUR', 120000,
              CASE WHEN n % 4 = 0 THEN 120000 ELSE 0 END, '2026-08-01', date '2026-09-01' + (n % 28),
              CASE WHEN n % 4 = 0 THEN 'overdue' ELSE 'paid' END, '{}', 'h'
         FROM generate_series(1, $2) n`,
      [tenant.id, cases],
    );
    await db.query(
      `INSERT INTO timeline_events (id, tenant_id, invoice_id, at, type, step)
       SELECT i.id || ':' || s.step, i.tenant_id, i.id, timestamptz '2026-10-01 08:00Z' + s.k * interval '7 days'
                + (i.due_date - date '2026-09-01') * interval '1 hour', s.type, s.step
         FROM invoices i CROSS JOIN (VALUES (0, 'reminder_sent', 'reminder_1'), (1, 'reminder_sent', 'reminder_2'),
                (2, 'reminder_sent', 'final_notice'), (3, 'formal_notice_sent', 'formal_notice')) s(k, type, step)
        WHERE i.tenant_id = $1`,
      [tenant.id],
    );
    await db.query(
      `INSERT INTO payments (tenant_id, invoice_id, payment_id, amount_minor, currency, paid_at)
       SELECT i.tenant_id, i.id, 'p' || k, 60000, 'EUR',
              timestamptz '2026-10-10 10:00Z' + (k * 5 + (i.due_date - date '2026-09-01')) * interval '1 day'
         FROM invoices i CROSS JOIN generate_series(1, 2) k WHERE i.tenant_id = $1 AND i.status = 'paid'`,
      [tenant.id],
    );
    await db.query('ANALYZE');
    const reports = new ReportsService(db);
    const q = { from: '2026-10-01', to: '2026-12-31' };
    await reports.effectiveness(tenant, q); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      await reports.effectiveness(tenant, q);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const report = await reports.effectiveness(tenant, q);
    save('effectiveness-report', {
      cases,
      medianMs: +ms[3]!.toFixed(1),
      minMs: +ms[0]!.toFixed(1),
      maxMs: +ms[6]!.toFixed(1),
      steps: report.steps.map((s) => [s.step, s.reached, s.paidAfter.cases, s.medianDaysToPayment]),
    });
  } finally {
    await testDb.stop();
  }
}
