import { defaultTenantSettings, groupingOf, type TenantSettings } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from './case-store';

// How the worker reads a tenant's settings for a case: from the tenant row, with every case load.

let testDb: TestDatabase;
let store: CaseStore;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'case-store', poolSize: 2 });
  store = new CaseStore(testDb.db);
});
afterAll(() => testDb?.stop());

async function caseOf(slug: string, settings: TenantSettings | Record<string, unknown>) {
  const tenant = await testDb.db
    .getRepository(TenantEntity)
    .save({ slug, settings: settings as TenantSettings });
  const workflowId = `dunning:${slug}:INV-1`;
  await testDb.db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, payload, payload_hash)
     VALUES ($1, 'INV-1', 'F-1', $2, 'C', 'EUR', 100, 100, '2026-01-01', '2026-02-01', '{}', 'h')`,
    [tenant.id, workflowId],
  );
  return { tenant: slug, externalId: 'INV-1', workflowId };
}

describe('CaseStore.load: the tenant grouping setting (issue 20)', () => {
  it("gives the activities the tenant row's grouping with the case context", async () => {
    const ref = await caseOf('by-invoice', { ...defaultTenantSettings('by-invoice'), grouping: 'invoice' });
    const ctx = await store.load(ref);
    expect(ctx.settings.grouping).toBe('invoice');
    expect(groupingOf(ctx.settings)).toBe('invoice');
    await testDb.db.query(
      `UPDATE tenants SET settings = jsonb_set(settings, '{grouping}', '"client"') WHERE slug = 'by-invoice'`,
    );
    expect((await store.load(ref)).settings.grouping).toBe('client');
  });

  it('reads a settings object without it as the default, client', async () => {
    const { grouping: _grouping, ...older } = defaultTenantSettings('older');
    const ctx = await store.load(await caseOf('older', older));
    expect(ctx.settings.grouping).toBeUndefined();
    expect(groupingOf(ctx.settings)).toBe('client');
  });
});
