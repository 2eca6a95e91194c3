import { defaultTenantSettings, type TenantSettings } from '@relance/domain';
import { TenantEntity, WebhookDeliveries, WebhookEndpoints } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../activities/case-store';

// The outbox: a timeline entry the event table maps writes its events and their deliveries in
// its own transaction, numbered per case; the endpoints are woken after the commit.

let testDb: TestDatabase;
const woken: string[][] = [];
let store: CaseStore;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'webhook-outbox', poolSize: 2 });
  store = new CaseStore(testDb.db, async (ids) => void woken.push(ids));
});
afterAll(() => testDb?.stop());

async function caseOf(slug: string) {
  const tenant = await testDb.db
    .getRepository(TenantEntity)
    .save({ slug, settings: defaultTenantSettings(slug) as TenantSettings });
  const workflowId = `dunning:${slug}:INV-1`;
  await testDb.db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, payload, payload_hash)
     VALUES ($1, 'INV-1', 'F-1', $2, 'C', 'EUR', 100, 100, '2026-12-08', '2027-01-07',
             '{"number": "F-1", "client": {"id": "C"}}', 'h')`,
    [tenant.id, workflowId],
  );
  const endpoints = new WebhookEndpoints(testDb.db);
  const all = await endpoints.create(
    { tenantId: tenant.id, url: 'https://a.example/h', events: null, description: null },
    () => 'sealed',
  );
  const paidOnly = await endpoints.create(
    { tenantId: tenant.id, url: 'https://b.example/h', events: ['case.paid'], description: null },
    () => 'sealed',
  );
  return { tenant, ctx: await store.load({ tenant: slug, externalId: 'INV-1', workflowId }), all, paidOnly };
}

const outbox = (invoiceId: string) =>
  testDb.db.query(
    `SELECT type, case_seq AS seq, payload FROM webhook_outbox WHERE invoice_id = $1 ORDER BY case_seq`,
    [invoiceId],
  ) as Promise<
    { type: string; seq: number; payload: { data: { sequence: number; case: { externalId: string } } } }[]
  >;

describe('CaseStore.appendTimeline: the webhook outbox', () => {
  it('writes the events of mapped entries only, numbered per case, a delivery per subscribed endpoint', async () => {
    const { tenant, ctx, all, paidOnly } = await caseOf('outbox-a');
    await store.appendTimeline(ctx, { key: 'reminder:1', type: 'reminder_sent' });
    await store.appendTimeline(ctx, { key: 'bounce:1', type: 'email_bounced', data: { recipient: 'x@y' } });
    await store.appendTimeline(ctx, { key: 'paid', type: 'paid' });
    expect((await outbox(ctx.invoice.id)).map((e) => [e.type, e.seq, e.payload.data.sequence])).toEqual([
      ['email.bounced', 1, 1],
      ['account.contact_suppressed', 2, 2],
      ['case.paid', 3, 3],
    ]);
    const log = await new WebhookDeliveries(testDb.db).log(tenant.id, { limit: 10 });
    expect(log.filter((d) => d.endpointId === all.id).map((d) => d.type)).toEqual([
      'case.paid',
      'account.contact_suppressed',
      'email.bounced',
    ]);
    expect(log.filter((d) => d.endpointId === paidOnly.id).map((d) => d.type)).toEqual(['case.paid']);
    expect(log.every((d) => d.externalId === 'INV-1' && d.status === 'pending')).toBe(true);
    expect(woken.at(-1)!.sort()).toEqual([all.id, paidOnly.id].sort());
  });

  it('writes nothing twice when the activity retries, and still wakes the endpoints', async () => {
    const { ctx, all } = await caseOf('outbox-b');
    await store.appendTimeline(ctx, { key: 'disputed:1', type: 'disputed' });
    woken.length = 0;
    await store.appendTimeline(ctx, { key: 'disputed:1', type: 'disputed' });
    expect((await outbox(ctx.invoice.id)).map((e) => e.type)).toEqual(['case.disputed']);
    expect(woken).toEqual([[all.id]]);
  });

  it('hands the endpoint its deliveries oldest first, and `gone` once it is deleted', async () => {
    const { tenant, ctx, all } = await caseOf('outbox-c');
    await store.appendTimeline(ctx, { key: 'cancelled:1', type: 'cancelled' });
    await store.appendTimeline(ctx, { key: 'unrecovered', type: 'unrecovered' });
    const deliveries = new WebhookDeliveries(testDb.db);
    const first = await deliveries.next(all.id);
    expect(first).not.toBeNull();
    await deliveries.recordAttempt((first as { deliveryId: string }).deliveryId, {
      statusCode: 200,
      error: null,
      delivered: true,
    });
    const second = (await deliveries.next(all.id)) as { deliveryId: string };
    expect((await deliveries.toPost(second.deliveryId))!.payload).toMatchObject({ type: 'case.unrecovered' });
    await new WebhookEndpoints(testDb.db).delete(tenant.id, all.id);
    expect(await deliveries.next(all.id)).toBe('gone');
  });
});
