import { TenantEntity, WebhookEvents } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEvent, type ClaimOutcome, type ClaimTiming } from './event-claim';

let testDb: TestDatabase;
let log: WebhookEvents;
let tenantId: string;

beforeAll(async () => {
  // As many connections as the API's pool: concurrent deliveries really run side by side.
  testDb = await startTestDatabase({ name: 'event-claim', poolSize: 10 });
  log = new WebhookEvents(testDb.db);
  tenantId = (await testDb.db.getRepository(TenantEntity).save({ slug: 'claims' })).id;
});
afterAll(() => testDb?.stop());

const timing: ClaimTiming = { leaseMs: 30_000, waitMs: 10_000, pollMs: 5 };
let serial = 0;
const newEvent = (payload: object = { amount: '10.00' }) => ({
  id: `payment:claims:evt_${++serial}`,
  source: 'payment',
  tenantId,
  payload,
});
const kinds = (outcomes: ClaimOutcome[]) => outcomes.map((o) => o.kind).sort();

/** A delivery as the service runs it: claim, hand off (`handOff`), then mark or release. */
async function deliver(event: ReturnType<typeof newEvent>, handOff: () => Promise<void>, t = timing) {
  const outcome = await claimEvent(log, event, t);
  if (outcome.kind !== 'claimed') return outcome;
  try {
    await handOff();
  } catch {
    await log.release(event.id, outcome.token);
    return { kind: 'busy', retryAfterMs: 0 } as const;
  }
  await log.markHandedOff(event.id);
  return outcome;
}

describe('WebhookEvents.claim', () => {
  it('gives one of 20 simultaneous claims of an id the event, and tells the others it is held', async () => {
    const event = newEvent();
    const claims = await Promise.all(
      Array.from({ length: 20 }, () => log.claim(event.id, 'payment', tenantId, event.payload, 30_000)),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    for (const c of claims.filter((c) => !c.claimed))
      expect(c).toMatchObject({ claimed: false, held: true, handedOff: false, samePayload: true });
  });

  it('lets a later delivery take over a claim whose lease ran out (its delivery crashed)', async () => {
    const event = newEvent();
    const crashed = await log.claim(event.id, 'payment', tenantId, event.payload, 50);
    expect(crashed.claimed).toBe(true);
    expect((await log.claim(event.id, 'payment', tenantId, event.payload, 30_000)).claimed).toBe(false);
    await sleep(100);
    const next = await log.claim(event.id, 'payment', tenantId, event.payload, 30_000);
    expect(next.claimed).toBe(true);
    // The crashed delivery's token no longer releases anything.
    if (crashed.claimed) await log.release(event.id, crashed.token);
    expect(await log.held(event.id, event.payload)).toMatchObject({ held: true });
  });

  it('never claims an id stored with another payload, nor one handed off', async () => {
    const event = newEvent();
    const first = await log.claim(event.id, 'payment', tenantId, event.payload, 30_000);
    expect(first.claimed).toBe(true);
    expect(await log.claim(event.id, 'payment', tenantId, { amount: '99.00' }, 30_000)).toMatchObject({
      claimed: false,
      samePayload: false,
    });
    await log.markHandedOff(event.id);
    expect(await log.claim(event.id, 'payment', tenantId, event.payload, 30_000)).toMatchObject({
      claimed: false,
      handedOff: true,
      held: false,
    });
  });
});

describe('claimEvent', () => {
  it('of 20 simultaneous deliveries, one hands the event off and 19 answer duplicate once it is', async () => {
    const event = newEvent();
    let handOffs = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        deliver(event, async () => {
          handOffs++;
          await sleep(50); // a signal in flight while the others arrive
        }),
      ),
    );
    expect(kinds(outcomes)).toEqual(['claimed', ...Array<string>(19).fill('duplicate')]);
    expect(handOffs).toBe(1);
  });

  it('after a failed hand-off, the waiting deliveries answer 503 and the next one hands it off', async () => {
    const event = newEvent();
    const failing = await Promise.all(
      Array.from({ length: 5 }, () =>
        deliver(event, async () => {
          await sleep(50);
          throw new Error('Temporal unreachable');
        }),
      ),
    );
    // No 2xx for an event that was not handed off.
    expect(kinds(failing)).toEqual(Array<string>(5).fill('busy'));
    expect(await log.held(event.id, event.payload)).toBeUndefined();
    expect((await deliver(event, async () => undefined)).kind).toBe('claimed');
    expect((await deliver(event, async () => undefined)).kind).toBe('duplicate');
  });

  it('answers 503 (busy) while another delivery holds the claim past the wait, never duplicate', async () => {
    const event = newEvent();
    const holder = await log.claim(event.id, 'payment', tenantId, event.payload, 30_000);
    expect(holder.claimed).toBe(true);
    const waiting = await claimEvent(log, event, { ...timing, waitMs: 100 });
    expect(waiting).toMatchObject({ kind: 'busy' });
    expect((waiting as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(20_000);
  });

  it('takes over from a delivery that crashed between claim and signal once the lease ends', async () => {
    const event = newEvent();
    expect((await log.claim(event.id, 'payment', tenantId, event.payload, 200)).claimed).toBe(true);
    // Waits on the dead holder, then claims the event itself.
    expect((await claimEvent(log, event, timing)).kind).toBe('claimed');
  });

  it('refuses an id reused with another payload while it is held', async () => {
    const event = newEvent();
    expect((await log.claim(event.id, 'payment', tenantId, event.payload, 30_000)).claimed).toBe(true);
    expect((await claimEvent(log, { ...event, payload: { amount: '1.00' } }, timing)).kind).toBe('conflict');
  });
});
