import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mailer, OutgoingEmail } from './mailer';
import { PacedMailer, SEND_LOCK_KEY, type LockSession } from './paced-mailer';

/** Postgres's advisory lock for one key, shared by every session (replica) of a test. */
class AdvisoryLock {
  private holder?: Session;
  private waiters: { session: Session; granted: () => void }[] = [];

  acquire(session: Session): Promise<void> {
    if (!this.holder) {
      this.holder = session;
      return Promise.resolve();
    }
    return new Promise((granted) => this.waiters.push({ session, granted }));
  }

  release(session: Session): void {
    if (this.holder !== session) throw new Error('released a lock it does not hold');
    const next = this.waiters.shift();
    this.holder = next?.session;
    next?.granted();
  }
}

class Session implements LockSession {
  released = false;
  constructor(private readonly lock: AdvisoryLock) {}

  query(sql: string, params: unknown[]): Promise<unknown> {
    expect(params).toEqual([SEND_LOCK_KEY]);
    if (sql.includes('pg_advisory_lock')) return this.lock.acquire(this);
    this.lock.release(this);
    return Promise.resolve();
  }

  release(): Promise<void> {
    this.released = true;
    return Promise.resolve();
  }
}

const email = (to: string): OutgoingEmail => ({
  from: 'a@b.example',
  to: [to],
  subject: 's',
  html: 'h',
  text: 't',
});

describe('PacedMailer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Two replicas sharing one lock; `starts` records when each request started, in fake ms. */
  function replicas(intervalMs: number) {
    const lock = new AdvisoryLock();
    const starts: { to: string; at: number }[] = [];
    const provider: Mailer = {
      send: (e) => {
        starts.push({ to: e.to[0]!, at: Date.now() });
        return Promise.resolve({ id: `re_${starts.length}` });
      },
    };
    const sessions: Session[] = [];
    const open = () => {
      const s = new Session(lock);
      sessions.push(s);
      return s;
    };
    return {
      starts,
      sessions,
      a: new PacedMailer(provider, open, intervalMs),
      b: new PacedMailer(provider, open, intervalMs),
    };
  }

  it('starts the requests of every replica one interval apart', async () => {
    const { starts, a, b } = replicas(200);
    const sent = [
      ...['a1', 'a2', 'a3'].map((to) => a.send(email(to), to)),
      ...['b1', 'b2', 'b3'].map((to) => b.send(email(to), to)),
    ];
    await vi.advanceTimersByTimeAsync(2000);
    await expect(Promise.all(sent)).resolves.toHaveLength(6);
    expect(starts).toHaveLength(6);
    const at = starts.map((s) => s.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(200);
    // Each replica's own sends keep their order.
    const order = starts.map((s) => s.to);
    expect(order.filter((to) => to.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(order.filter((to) => to.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
  });

  it('answers as soon as the provider does, the lock being held on for the interval', async () => {
    const { starts, a } = replicas(1000);
    const first = a.send(email('x'), 'x');
    await vi.advanceTimersByTimeAsync(0);
    await expect(first).resolves.toEqual({ id: 're_1' });
    const second = a.send(email('y'), 'y');
    await vi.advanceTimersByTimeAsync(999);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(second).resolves.toEqual({ id: 're_2' });
  });

  it('passes a refusal on and frees the gate for the next send', async () => {
    const lock = new AdvisoryLock();
    let calls = 0;
    const failing: Mailer = {
      send: () => (++calls === 1 ? Promise.reject(new Error('HTTP 500')) : Promise.resolve({ id: 're_ok' })),
    };
    const mailer = new PacedMailer(failing, () => new Session(lock), 100);
    const first = mailer.send(email('x'), 'x').catch((e: Error) => e.message);
    const second = mailer.send(email('y'), 'y');
    await vi.advanceTimersByTimeAsync(200);
    await expect(first).resolves.toBe('HTTP 500');
    await expect(second).resolves.toEqual({ id: 're_ok' });
  });

  it('opens a new session after a broken one, and closes its session on close', async () => {
    const lock = new AdvisoryLock();
    const sessions: LockSession[] = [];
    let broken = true;
    const open = (): LockSession => {
      const s = new Session(lock);
      const session: LockSession = {
        query: (sql, params) =>
          broken ? Promise.reject(new Error('connection lost')) : s.query(sql, params),
        release: () => s.release(),
      };
      sessions.push(session);
      return session;
    };
    const mailer = new PacedMailer({ send: () => Promise.resolve({ id: 're_1' }) }, open, 10);
    await expect(mailer.send(email('x'), 'x')).rejects.toThrow('connection lost');
    broken = false;
    const sent = mailer.send(email('x'), 'x');
    await vi.advanceTimersByTimeAsync(10);
    await expect(sent).resolves.toEqual({ id: 're_1' });
    expect(sessions).toHaveLength(2);
    await mailer.close();
  });
});

describe('PacedMailer when its parts throw (issue 18: no error outside a promise chain)', () => {
  it('moves on after a mailer that throws before its first await, and a session that fails to unlock and release', async () => {
    const lost: unknown[] = [];
    const count = (err: unknown) => void lost.push(err);
    process.on('unhandledRejection', count);
    try {
      let calls = 0;
      const provider: Mailer = {
        send: () => {
          if (++calls === 1) throw new Error('thrown synchronously');
          return Promise.resolve({ id: 'sent' });
        },
      };
      const session: LockSession = {
        query: (sql) =>
          sql.includes('unlock') ? Promise.reject(new Error('connection lost')) : Promise.resolve(),
        release: () => {
          throw new Error('release failed too');
        },
      };
      const mailer = new PacedMailer(provider, () => session, 1);
      await expect(mailer.send(email('one@x.example'), 'k1')).rejects.toThrow('thrown synchronously');
      await expect(mailer.send(email('two@x.example'), 'k2')).resolves.toEqual({ id: 'sent' });
      await new Promise((r) => setTimeout(r, 50));
      expect(lost).toEqual([]);
    } finally {
      process.off('unhandledRejection', count);
    }
  });
});
