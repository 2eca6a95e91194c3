import { defaultTenantSettings, type TenantSettings } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAddress, senderRefusal, warnDisallowedSenders } from './sender-check';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'sender-check', poolSize: 2 });
});

afterAll(() => testDb?.stop());

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const tenant = (slug: string, fromEmail: string | undefined, senderDomains: string[]) => {
  const settings: TenantSettings = defaultTenantSettings(slug);
  if (fromEmail) settings.sender = { fromName: slug, fromEmail };
  return testDb.db.getRepository(TenantEntity).save({ slug, settings, senderDomains });
};

describe('fromAddress / senderRefusal', () => {
  it('reads the address of a From header, quoted name or bare', () => {
    expect(fromAddress('"Dupont, Studio <x@evil.example>" <factures@dupont.example>')).toBe(
      'factures@dupont.example',
    );
    expect(fromAddress('factures@dupont.example')).toBe('factures@dupont.example');
  });

  it('refuses the header’s address, not a name that spells an allowed one', () => {
    const t = { slug: 'acme', senderDomains: ['dupont.example'] };
    expect(senderRefusal(t, 'Studio <factures@dupont.example>')).toBeUndefined();
    expect(senderRefusal(t, '"factures@dupont.example" <billing@bank.example>')).toContain(
      'billing@bank.example is not allowed',
    );
  });
});

describe('warnDisallowedSenders (worker start)', () => {
  it('warns once per tenant whose stored sender is no longer allowed, naming the fix', async () => {
    await tenant('fresh', undefined, []); // the placeholder address: allowed
    await tenant('allowed', 'billing@allowed.example', ['allowed.example']);
    await tenant('removed', 'billing@removed.example', ['other.example']);
    await tenant('legacy', 'billing@bank.example', []); // stored before the allow-list existed
    const { logger, lines } = capture();
    expect(await warnDisallowedSenders(testDb.db, logger)).toBe(2);
    expect(lines.map((l) => [l.level, l.tenant, l.fromEmail])).toEqual([
      [40, 'legacy', 'billing@bank.example'],
      [40, 'removed', 'billing@removed.example'],
    ]);
    expect(String(lines[1]!.msg)).toContain('sender-domains set removed <domain…>');
  });
});
