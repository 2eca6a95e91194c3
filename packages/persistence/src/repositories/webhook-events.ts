import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface ReceivedWebhook {
  /** Already handed to the case by an earlier delivery: answer 200 and do nothing. */
  handedOff: boolean;
  /** The stored payload of this id equals this one (a true re-delivery, not an id reused). */
  samePayload: boolean;
}

/** What another delivery's hold on an event looks like from here. */
export interface HeldWebhook extends ReceivedWebhook {
  /** Another delivery holds the claim and its lease runs for `leaseLeftMs` more. */
  held: boolean;
  leaseLeftMs: number;
}

/** `claimed`: this delivery alone hands the event off, under `token`; otherwise what is stored. */
export type WebhookClaim = { claimed: true; token: string } | ({ claimed: false } & HeldWebhook);

/**
 * De-duplication of inbound webhooks (`webhook_events`). An event is recorded before it is handed
 * to Temporal and marked handed off after: a crash in between makes the sender's retry hand it
 * again, which the workflow de-duplicates by event id.
 */
export class WebhookEvents {
  constructor(private readonly db: DataSource) {}

  /** Records the event once (the first payload is kept) and says what is known of its id. */
  async receive(
    id: string,
    source: string,
    tenantId: string | null,
    payload: object,
  ): Promise<ReceivedWebhook> {
    const json = JSON.stringify(payload);
    await this.db.query(
      `INSERT INTO webhook_events (id, source, tenant_id, payload) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (id) DO NOTHING`,
      [id, source, tenantId, json],
    );
    const [found] = (await this.db.query(
      `SELECT handed_off_at IS NOT NULL AS "handedOff", payload = $2::jsonb AS "samePayload" FROM webhook_events WHERE id = $1`,
      [id, json],
    )) as ReceivedWebhook[];
    return found ?? { handedOff: false, samePayload: true };
  }

  /**
   * One statement: records the event and claims it for `leaseMs`, unless it is handed off, held by
   * another delivery whose lease runs, or stored with another payload. Concurrent claims of one id
   * queue on the row, so exactly one wins; a lease that ran out (its delivery crashed) is taken over.
   */
  async claim(
    id: string,
    source: string,
    tenantId: string | null,
    payload: object,
    leaseMs: number,
  ): Promise<WebhookClaim> {
    const json = JSON.stringify(payload);
    const token = randomUUID();
    const won = (await this.db.query(
      `INSERT INTO webhook_events AS w (id, source, tenant_id, payload, claim, claimed_until)
       VALUES ($1, $2, $3, $4::jsonb, $5, now() + $6 * interval '1 millisecond')
       ON CONFLICT (id) DO UPDATE SET claim = EXCLUDED.claim, claimed_until = EXCLUDED.claimed_until
         WHERE w.handed_off_at IS NULL AND (w.claimed_until IS NULL OR w.claimed_until <= now())
           AND w.payload = EXCLUDED.payload
       RETURNING claim`,
      [id, source, tenantId, json, token, leaseMs],
    )) as unknown[];
    if (won.length === 1) return { claimed: true, token };
    // Released (deleted) in between: no row left to describe, nothing held.
    const held = await this.held(id, payload);
    return {
      claimed: false,
      ...(held ?? { handedOff: false, samePayload: true, held: false, leaseLeftMs: 0 }),
    };
  }

  /** The stored state of an id, for a delivery waiting on another's claim; undefined once released. */
  async held(id: string, payload: object): Promise<HeldWebhook | undefined> {
    const [row] = (await this.db.query(
      `SELECT handed_off_at IS NOT NULL AS "handedOff", payload = $2::jsonb AS "samePayload",
              coalesce(claimed_until > now(), false) AS held,
              greatest(0, coalesce(extract(epoch FROM claimed_until - now()) * 1000, 0))::float8 AS "leaseLeftMs"
       FROM webhook_events WHERE id = $1`,
      [id, JSON.stringify(payload)],
    )) as HeldWebhook[];
    return row;
  }

  /** Undoes a claim whose hand-off failed, leaving no trace: the next delivery starts afresh. */
  async release(id: string, token: string): Promise<void> {
    await this.db.query(`DELETE FROM webhook_events WHERE id = $1 AND claim = $2 AND handed_off_at IS NULL`, [
      id,
      token,
    ]);
  }

  /**
   * Marks the event handed off; true for the delivery that marked it first. A delivery that took
   * over an expired claim and the slow holder it overtook may both have signalled the case (which
   * counts the event once by its id): only the first to mark it answers 202.
   */
  async markHandedOff(id: string): Promise<boolean> {
    const marked = (await this.db.query(
      `UPDATE webhook_events SET handed_off_at = now(), claim = NULL, claimed_until = NULL
       WHERE id = $1 AND handed_off_at IS NULL RETURNING id`,
      [id],
    )) as [unknown[], number] | unknown[];
    const rows = Array.isArray(marked[0]) ? (marked[0] as unknown[]) : (marked as unknown[]);
    return rows.length > 0;
  }
}
