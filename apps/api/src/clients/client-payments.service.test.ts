import { defaultTenantSettings } from '@relance/domain';
import { ClientAccounts, ClientPayments, TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { ClientPaymentSplitter } from './client-payments.service';

// The split of a payment naming a client, against a real Postgres (cases written directly).

let testDb: TestDatabase;
let splitter: ClientPaymentSplitter;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'client-payments', poolSize: 2 });
  splitter = new ClientPaymentSplitter(new ClientAccounts(testDb.db), new ClientPayments(testDb.db));
});
afterAll(() => testDb?.stop());

let serial = 0;
async function newTenant(): Promise<TenantEntity> {
  const slug = `cp-${++serial}`;
  return testDb.db.getRepository(TenantEntity).save({ slug, settings: defaultTenantSettings(slug) });
}

async function newCase(
  tenant: TenantEntity,
  c: {
    client?: string;
    number: string;
    dueDate: string;
    balance: number;
    currency?: string;
    status?: string;
    started?: boolean;
  },
): Promise<string> {
  const externalId = `INV-${++serial}`;
  await testDb.db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, status, payload, payload_hash, workflow_started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, '2026-01-01', $8, $9, '{}', 'h', $10)`,
    [
      tenant.id,
      externalId,
      c.number,
      `dunning:${tenant.slug}:${externalId}`,
      c.client ?? 'C',
      c.currency ?? 'EUR',
      c.balance,
      c.dueDate,
      c.status ?? 'overdue',
      c.started === false ? null : new Date(),
    ],
  );
  return externalId;
}

const pay = (id: string, amount: string, extra: { currency?: string; reference?: string } = {}) => ({
  id,
  amount,
  paidAt: '2026-11-22T10:00:00Z',
  ...extra,
});

async function problem(p: Promise<unknown>): Promise<Problem> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Problem);
  return err as Problem;
}

describe('ClientPaymentSplitter', () => {
  it('pays the invoices the reference names first, then the oldest due, the surplus on the last, and keeps that split', async () => {
    const tenant = await newTenant();
    const a = await newCase(tenant, { number: 'F-A', dueDate: '2026-09-01', balance: 50_000 });
    const b = await newCase(tenant, { number: 'F-B', dueDate: '2026-10-01', balance: 30_000 });
    const c = await newCase(tenant, { number: 'F-C', dueDate: '2026-08-01', balance: 20_000 });
    await newCase(tenant, { number: 'F-X', dueDate: '2026-07-01', balance: 10_000, client: 'other' });
    const split = await splitter.commit(
      await splitter.plan(tenant, 'C', pay('pay-1', '1100.00', { reference: 'VIR F-B' })),
    );
    expect(split).toMatchObject({
      clientId: 'C',
      currency: 'EUR',
      amountMinor: 110_000,
      reference: 'VIR F-B',
    });
    expect(
      split.parts.map(({ externalId, amountMinor, surplusMinor }) => [externalId, amountMinor, surplusMinor]),
    ).toEqual([
      [b, 30_000, 0],
      [c, 20_000, 0],
      [a, 60_000, 10_000],
    ]);

    // Redelivered after the balances moved: the same split, nothing moves to another case.
    await testDb.db.query(`UPDATE invoices SET balance_minor = 0, status = 'paid' WHERE external_id = $1`, [
      b,
    ]);
    const again = await splitter.plan(tenant, 'C', pay('pay-1', '1100.00', { currency: 'EUR' }));
    expect(await splitter.commit(again)).toEqual(split);
  });

  it('refuses the same payment id for another amount, currency or client with a 409 on its id', async () => {
    const tenant = await newTenant();
    await newCase(tenant, { number: 'F-1', dueDate: '2026-09-01', balance: 50_000 });
    await newCase(tenant, { number: 'F-2', dueDate: '2026-09-01', balance: 50_000, client: 'D' });
    await splitter.commit(await splitter.plan(tenant, 'C', pay('pay-1', '100.00')));
    for (const [client, payment] of [
      ['C', pay('pay-1', '100.01')],
      ['C', pay('pay-1', '100.00', { currency: 'USD' })],
      ['D', pay('pay-1', '100.00')],
    ] as const) {
      const err = await problem(splitter.plan(tenant, client, payment, ['data']));
      expect(err.getStatus()).toBe(409);
      expect(err.errors).toEqual([{ path: 'data.id', message: 'already used for another payment' }]);
    }
  });

  it('answers 404 for a client the tenant does not know, naming the field', async () => {
    const tenant = await newTenant();
    await newCase(tenant, { number: 'F-1', dueDate: '2026-09-01', balance: 100 });
    const err = await problem(splitter.plan(tenant, 'nobody', pay('p', '1.00'), ['data']));
    expect(err.getStatus()).toBe(404);
    expect(err.errors).toEqual([{ path: 'data.clientId', message: 'unknown client' }]);
    expect((await problem(splitter.plan(await newTenant(), 'C', pay('p', '1.00')))).getStatus()).toBe(404);
  });

  it('refuses with 422 before anything is stored: no currency among several, decimals the currency lacks, no invoice in it', async () => {
    const tenant = await newTenant();
    await newCase(tenant, { number: 'F-1', dueDate: '2026-09-01', balance: 100 });
    await newCase(tenant, { number: 'F-2', dueDate: '2026-09-01', balance: 100, currency: 'JPY' });
    const paths = async (payment: ReturnType<typeof pay>) => {
      const err = await problem(splitter.plan(tenant, 'C', payment, ['data']));
      expect(err.getStatus()).toBe(422);
      return err.errors?.map((e) => e.path);
    };
    expect(await paths(pay('p1', '1.00'))).toEqual(['data.currency']);
    expect(await paths(pay('p2', '1.5', { currency: 'JPY' }))).toEqual(['data.amount']);
    expect(await paths(pay('p3', '1.001', { currency: 'EUR' }))).toEqual(['data.amount']);
    expect(await paths(pay('p4', '1.00', { currency: 'USD' }))).toEqual(['data.currency']);
    expect(
      await testDb.db.query(`SELECT count(*)::int AS n FROM client_payments WHERE tenant_id = $1`, [
        tenant.id,
      ]),
    ).toEqual([{ n: 0 }]);
  });

  it('answers 503 while the open cases in the currency are not started, and leaves such cases out otherwise', async () => {
    const tenant = await newTenant();
    await newCase(tenant, { number: 'F-1', dueDate: '2026-09-01', balance: 100, started: false });
    expect((await problem(splitter.plan(tenant, 'C', pay('p', '1.00')))).getStatus()).toBe(503);
    const started = await newCase(tenant, { number: 'F-2', dueDate: '2026-10-01', balance: 100 });
    const split = await splitter.commit(await splitter.plan(tenant, 'C', pay('p', '1.00')));
    expect(split.parts.map((p) => p.externalId)).toEqual([started]);
  });

  it('gives a payment for a client without an open invoice in its currency to the last closed one (recorded, alerted)', async () => {
    const tenant = await newTenant();
    await newCase(tenant, { number: 'F-1', dueDate: '2026-09-01', balance: 0, status: 'paid' });
    const last = await newCase(tenant, {
      number: 'F-2',
      dueDate: '2026-08-01',
      balance: 0,
      status: 'cancelled',
    });
    const split = await splitter.commit(await splitter.plan(tenant, 'C', pay('p', '25.00')));
    expect(split.parts).toEqual([
      expect.objectContaining({ externalId: last, amountMinor: 2_500, surplusMinor: 2_500 }),
    ]);
  });
});
