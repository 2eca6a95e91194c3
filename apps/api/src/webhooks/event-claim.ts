import type { WebhookEvents } from '@relance/persistence';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClaimTiming {
  /** How long a claim holds before another delivery may take it over (its holder crashed). */
  leaseMs: number;
  /** How long a delivery waits for another one holding the claim to finish, before answering 503. */
  waitMs: number;
  pollMs: number;
}

/**
 * `claimed`: hand the event off, then mark it or release the token. `duplicate`: handed off by
 * another delivery. `conflict`: the id was used with another payload. `busy`: another delivery
 * holds it, or just failed to hand it off; the sender retries after `retryAfterMs`.
 */
export type ClaimOutcome =
  | { kind: 'claimed'; token: string }
  | { kind: 'duplicate' }
  | { kind: 'conflict' }
  | { kind: 'busy'; retryAfterMs: number };

/**
 * Claims an event for this delivery, or waits for the delivery that holds it: a 200 "duplicate"
 * is answered only once the event is handed off, so a 2xx never covers an event that was lost.
 */
export async function claimEvent(
  log: WebhookEvents,
  event: { id: string; source: string; tenantId: string | null; payload: object },
  timing: ClaimTiming,
): Promise<ClaimOutcome> {
  const deadline = Date.now() + timing.waitMs;
  for (;;) {
    const claim = await log.claim(event.id, event.source, event.tenantId, event.payload, timing.leaseMs);
    if (claim.claimed) return { kind: 'claimed', token: claim.token };
    let state: Awaited<ReturnType<WebhookEvents['held']>> = claim;
    while (state?.held) {
      if (!state.samePayload) return { kind: 'conflict' };
      if (Date.now() >= deadline) return { kind: 'busy', retryAfterMs: state.leaseLeftMs };
      await sleep(timing.pollMs);
      state = await log.held(event.id, event.payload);
      // Gone: its holder failed to hand it off and answered 503; the sender retries.
      if (!state) return { kind: 'busy', retryAfterMs: 1000 };
    }
    if (!state.samePayload) return { kind: 'conflict' };
    if (state.handedOff) return { kind: 'duplicate' };
    // Free (a lease ran out, or released between two statements): claim it again.
    if (Date.now() >= deadline) return { kind: 'busy', retryAfterMs: 1000 };
  }
}
