import type { Mailer, OutgoingEmail } from './mailer';

/** "RELANCE" in ASCII: the advisory lock no other code takes. */
export const SEND_LOCK_KEY = '23090414775027269';

/** The part of a Postgres session the gate uses: one connection, held across queries. */
export interface LockSession {
  query(sql: string, params: unknown[]): Promise<unknown>;
  release(): Promise<void>;
}

/**
 * Starts provider requests at least `intervalMs` apart across every worker replica.
 *
 * Temporal's queue-wide rate limit cannot do it alone: the server splits it over the queue's
 * partitions (4 by default), each a token bucket holding one second of its rate, so a wave due at
 * once starts with up to twice the rate in its first second, and the partitions' dispatches
 * interleave unevenly. Each send here takes a Postgres advisory lock (one waiter per process, on
 * a session of its own) and keeps it `intervalMs` from the start of its request: the next
 * request, from any replica, starts after that. A replica that dies loses its session and the lock.
 */
export class PacedMailer implements Mailer {
  private queue: Promise<void> = Promise.resolve();
  private session?: LockSession;

  constructor(
    private readonly inner: Mailer,
    private readonly openSession: () => LockSession,
    private readonly intervalMs: number,
  ) {}

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<{ id: string }> {
    const previous = this.queue;
    let next!: () => void;
    this.queue = new Promise<void>((resolve) => (next = resolve));
    await previous;
    let session: LockSession;
    try {
      session = await this.lock();
    } catch (err) {
      next();
      throw err;
    }
    // A send that throws before its first await still lets the queue move on (below).
    const sent = Promise.resolve().then(() => this.inner.send(email, idempotencyKey));
    // Held for the interval whatever the answer, but not while a slow answer comes back. This
    // chain runs detached: nothing in it may reject, or it would be the process's unhandled error.
    void new Promise((resolve) => setTimeout(resolve, this.intervalMs))
      .then(() => session.query('SELECT pg_advisory_unlock($1)', [SEND_LOCK_KEY]))
      .catch(() => this.drop())
      .catch(() => undefined)
      .finally(next);
    return sent;
  }

  /** Closes the gate's session (the lock goes with it). */
  async close(): Promise<void> {
    await this.queue;
    await this.drop();
  }

  private async lock(): Promise<LockSession> {
    const session = (this.session ??= this.openSession());
    try {
      await session.query('SELECT pg_advisory_lock($1)', [SEND_LOCK_KEY]);
      return session;
    } catch (err) {
      await this.drop();
      throw err;
    }
  }

  private async drop(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release().catch(() => undefined);
  }
}
