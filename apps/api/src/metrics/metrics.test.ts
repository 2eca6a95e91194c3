import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import type { ApiConfig } from '../config';
import { Metrics } from './metrics';

function fakeDb() {
  const queries: string[] = [];
  let failing = false;
  const db = {
    query: async (sql: string) => {
      queries.push(sql);
      if (failing) throw new Error('connection refused');
      if (sql.includes('FROM invoices')) return [{ status: 'paid', n: queries.length }];
      if (sql.includes('FROM emails')) return [{ template: 'friendly', status: 'sent', n: 2 }];
      return [{ currency: 'EUR', n: 1, minor: '120000' }];
    },
  };
  return { db: db as unknown as DataSource, queries, fail: (f: boolean) => (failing = f) };
}

const config = (cacheSeconds: number) => ({ metrics: { port: 9465, cacheSeconds } }) as ApiConfig;

describe('Metrics business gauges', () => {
  afterEach(() => vi.useRealTimers());

  it('reads Postgres at most once per TTL, whatever the number of scrapes', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z'), toFake: ['Date'] });
    const { db, queries } = fakeDb();
    const metrics = new Metrics(db, config(30));
    const first = await metrics.registry.metrics();
    await Promise.all([metrics.registry.metrics(), metrics.registry.metrics()]);
    expect(queries).toHaveLength(3); // one query per table, for every gauge of the scrape
    expect(first).toMatch(/relance_cases\{status="paid"\} \d/);
    expect(first).toMatch(/relance_amount_recovered\{currency="EUR"\} 1200/);
    expect(first).toMatch(/relance_payments_recorded\{currency="EUR"\} 1/);

    vi.setSystemTime(new Date('2026-12-02T10:00:29Z'));
    await metrics.registry.metrics();
    expect(queries).toHaveLength(3);
    vi.setSystemTime(new Date('2026-12-02T10:00:30Z'));
    await metrics.registry.metrics();
    expect(queries).toHaveLength(6);
  });

  it('keeps serving the last figures while Postgres is unreachable', async () => {
    const { db, fail } = fakeDb();
    const metrics = new Metrics(db, config(0));
    await metrics.registry.metrics();
    fail(true);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/relance_emails_sent\{template="friendly",status="sent"\} 2/);
  });
});
