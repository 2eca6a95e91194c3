import { defaultTenantSettings, type InvoiceInput } from '@relance/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantEntity } from '../entities';
import { startTestDatabase, type TestDatabase } from '../testing';
import { ApiKeys } from './api-keys';
import { InvoiceDocuments } from './invoice-documents';
import { Invoices } from './invoices';
import { RateFigures } from './rate-figures';
import { Tenants } from './tenants';

let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'tenant-tables', poolSize: 4 });
  db = testDb.db;
});
afterAll(async () => {
  await testDb?.stop();
});

let serial = 0;
const slug = () => `t-${++serial}`;

describe('Tenants', () => {
  it('creates a tenant once per slug, whoever ensures it again, and keeps its first settings', async () => {
    const tenants = new Tenants(db);
    const s = slug();
    const first = await tenants.ensure(s, defaultTenantSettings(s));
    const again = await tenants.ensure(s, { ...defaultTenantSettings(s), timezone: 'Asia/Tokyo' });
    expect(again.id).toBe(first.id);
    expect(again.settings.timezone).toBe(first.settings.timezone);
    expect((await tenants.bySlug(s))?.id).toBe(first.id);
    expect((await tenants.byId(first.id))?.slug).toBe(s);
    expect(await tenants.bySlug('no-such-tenant')).toBeNull();
  });

  it('lists by slug and answers every id in id order', async () => {
    const tenants = new Tenants(db);
    await tenants.ensure('zz-last', defaultTenantSettings('zz-last'));
    await tenants.ensure('aa-first', defaultTenantSettings('aa-first'));
    const slugs = (await tenants.list()).map((t) => t.slug);
    expect(slugs).toEqual([...slugs].sort());
    const ids = await tenants.ids();
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(slugs.length);
  });

  it('replaces settings and answers the stored row; sets the sending domains', async () => {
    const tenants = new Tenants(db);
    const s = slug();
    const t = await tenants.ensure(s, defaultTenantSettings(s));
    const stored = await tenants.replaceSettings(t.id, { ...t.settings, timezone: 'America/New_York' });
    expect(stored.settings.timezone).toBe('America/New_York');
    await tenants.setSenderDomains(t.id, ['a.example', 'b.example']);
    expect((await tenants.byId(t.id))?.senderDomains).toEqual(['a.example', 'b.example']);
  });

  it('stamps the first secret ever only when told, and keeps the stamp after', async () => {
    const tenants = new Tenants(db);
    const s = slug();
    const t = await tenants.ensure(s, defaultTenantSettings(s));
    await db.transaction(async (m) => {
      const locked = await tenants.lock(m, t.id);
      expect(locked.webhookSecretSetAt).toBeNull();
      await tenants.setWebhookSecrets(m, t.id, ['id1:enc:x'], true);
    });
    const stamped = (await tenants.byId(t.id))!;
    expect(stamped.webhookSecrets).toEqual(['id1:enc:x']);
    expect(stamped.webhookSecretSetAt).toBeInstanceOf(Date);
    await db.transaction((m) => tenants.setWebhookSecrets(m, t.id, [], false));
    const emptied = (await tenants.byId(t.id))!;
    expect(emptied.webhookSecrets).toEqual([]);
    expect(emptied.webhookSecretSetAt).toEqual(stamped.webhookSecretSetAt);
  });

  it('reads each stored sender beside its domains, a tenant without a sender as null', async () => {
    const tenants = new Tenants(db);
    const s = slug();
    const settings = defaultTenantSettings(s);
    settings.sender = { fromName: 'X', fromEmail: 'factures@x.example' };
    const t = await tenants.ensure(s, settings);
    await tenants.setSenderDomains(t.id, ['x.example']);
    const bare = slug();
    await db.getRepository(TenantEntity).save({ slug: bare, settings: {} as TenantEntity['settings'] });
    const senders = await tenants.storedSenders();
    expect(senders.find((r) => r.slug === s)).toEqual({
      slug: s,
      fromEmail: 'factures@x.example',
      senderDomains: ['x.example'],
    });
    expect(senders.find((r) => r.slug === bare)).toEqual({ slug: bare, fromEmail: null, senderDomains: [] });
  });
});

describe('ApiKeys', () => {
  it('stores a hash once, finds active keys by prefix with their tenant, and revokes by prefix', async () => {
    const keys = new ApiKeys(db);
    const s = slug();
    const t = await new Tenants(db).ensure(s, defaultTenantSettings(s));
    const prefix = `rk_${s}`.slice(0, 11);
    await keys.insert({ tenantId: t.id, prefix, hash: `hash-${s}`, name: 'first' });
    await keys.insert({ tenantId: t.id, prefix, hash: `hash-${s}`, name: 'again' });
    expect((await keys.ofTenant(t.id)).map((k) => k.name)).toEqual(['first']);
    const [found] = await keys.activeByPrefix(prefix);
    expect(found?.tenant?.slug).toBe(s);
    expect(await keys.revoke(t.id, prefix)).toBe(1);
    expect(await keys.revoke(t.id, prefix)).toBe(0);
    expect(await keys.activeByPrefix(prefix)).toEqual([]);
    expect((await keys.ofTenant(t.id))[0]?.revokedAt).toBeInstanceOf(Date);
  });
});

describe('InvoiceDocuments', () => {
  it('keeps the first document of an invoice and answers it to a later download', async () => {
    const s = slug();
    const t = await new Tenants(db).ensure(s, defaultTenantSettings(s));
    const invoice = await db.transaction((m) =>
      new Invoices(db).insert(m, {
        tenantId: t.id,
        externalId: `INV-${s}`,
        number: 'F-1',
        workflowId: `dunning:${s}:INV`,
        clientId: 'C-1',
        currency: 'EUR',
        totalMinor: 100,
        paidMinor: 0,
        balanceMinor: 100,
        issueDate: '2026-01-01',
        dueDate: '2026-02-01',
        payload: {} as InvoiceInput,
        payloadHash: 'h',
      }),
    );
    const documents = new InvoiceDocuments(db);
    expect(await documents.byInvoiceId(invoice.id)).toBeNull();
    const doc = { invoiceId: invoice.id, tenantId: t.id, sourceUrl: 'https://a.example/1.pdf' };
    const first = await documents.keepFirst({ ...doc, content: Buffer.from('%PDF-first') });
    const second = await documents.keepFirst({ ...doc, content: Buffer.from('%PDF-second') });
    expect(first.content.toString()).toBe('%PDF-first');
    expect(second.content.toString()).toBe('%PDF-first');
    expect(second.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      db.transaction((m) => documents.insert(m, { ...doc, sourceUrl: null, content: Buffer.from('x') })),
    ).rejects.toThrow();
  });
});

describe('RateFigures', () => {
  it('keeps the first figure of a table and day, replaces it on demand, lists by table then day', async () => {
    const figures = new RateFigures(db);
    const key = { table: 'ecb', effectiveFrom: '2026-07-01' };
    await figures.insertOnce({ ...key, percent: '2.15', source: null, createdBy: 'cli' });
    await figures.insertOnce({ ...key, percent: '9.99', source: null, createdBy: 'admin-api' });
    const stored = (await figures.byKey(key))!;
    expect(stored).toMatchObject({ percent: '2.15', createdBy: 'cli', updatedAt: null });
    await figures.replace(stored.id, { percent: '2.40', source: 'BCE', createdBy: 'admin-api' });
    expect(await figures.byKey(key)).toMatchObject({ percent: '2.40', source: 'BCE' });
    expect((await figures.byKey(key))?.updatedAt).toBeInstanceOf(Date);
    await figures.insertOnce({
      table: 'boe',
      effectiveFrom: '2026-08-01',
      percent: '4.00',
      source: null,
      createdBy: 'cli',
    });
    await figures.insertOnce({
      table: 'ecb',
      effectiveFrom: '2026-01-01',
      percent: '2.00',
      source: null,
      createdBy: 'cli',
    });
    expect((await figures.list()).map((f) => `${f.table} ${f.effectiveFrom}`)).toEqual([
      'boe 2026-08-01',
      'ecb 2026-01-01',
      'ecb 2026-07-01',
    ]);
    expect(await figures.byKey({ table: 'boe', effectiveFrom: '2026-07-01' })).toBeNull();
  });
});
