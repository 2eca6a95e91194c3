import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface CapturedEmail {
  id: string;
  idempotencyKey?: string;
  authorization?: string;
  body: {
    from: string;
    to: string[] | string;
    cc?: string[];
    reply_to?: string | string[];
    subject: string;
    html?: string;
    text?: string;
    headers?: Record<string, string>;
    tags?: { name: string; value: string }[];
    attachments?: { filename: string; content: string }[];
  };
  receivedAt: Date;
}

/**
 * Plays Resend's HTTP API at the network boundary, so the real SDK code path runs in tests:
 * `POST /emails` (with Idempotency-Key semantics: same key, same id, nothing re-sent) and
 * `GET /emails/receiving/:id` for inbound emails registered with `addInbound`.
 */
export class FakeResend {
  readonly emails: CapturedEmail[] = [];
  private readonly byKey = new Map<string, string>();
  private readonly inbound = new Map<string, Record<string, unknown>>();
  private server?: Server;
  private counter = 0;
  /**
   * Resend's per-account rate limit (requests per second "within a window", its docs say): played
   * as a strict sliding one-second window, the strictest reading, so a sender that passes here
   * passes a fixed window or a token bucket of the same size too. Sends above it answer 429
   * `rate_limit_exceeded` with Resend's `retry-after` and `ratelimit-*` headers, counted in
   * `rateLimited`. Absent → unlimited.
   */
  maxPerSecond?: number;
  rateLimited = 0;
  private recent: number[] = [];
  /** Answer the next N sends with this status (fault injection). */
  failNext: { count: number; status: number } = { count: 0, status: 500 };
  /**
   * Accept (record) the next send but hold its answer until `release()` is called: the email is
   * "sent" while the caller is still waiting, as when a worker dies mid-request.
   */
  holdNext?: { accepted: () => void; release: Promise<void> };

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('FakeResend is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  addInbound(id: string, email: Record<string, unknown>): void {
    this.inbound.set(id, { id, object: 'email', ...email });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    // Counted when the request arrives, as the provider's edge does, not once its body is read.
    const now = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && req.url === '/emails') {
      if (this.maxPerSecond !== undefined) {
        this.recent = this.recent.filter((t) => now - t < 1000);
        if (this.recent.length >= this.maxPerSecond) {
          this.rateLimited += 1;
          // Whole seconds, as Resend sends them: until the oldest send leaves the window.
          const wait = String(Math.max(1, Math.ceil((Math.min(...this.recent) + 1000 - now) / 1000)));
          return {
            status: 429,
            body: { name: 'rate_limit_exceeded', message: 'Too many requests', statusCode: 429 },
            headers: {
              'retry-after': wait,
              'ratelimit-limit': String(this.maxPerSecond),
              'ratelimit-remaining': '0',
              'ratelimit-reset': wait,
            },
          };
        }
        this.recent.push(now);
      }
      if (this.failNext.count > 0) {
        this.failNext.count -= 1;
        return {
          status: this.failNext.status,
          body: {
            name: 'internal_server_error',
            message: 'injected failure',
            statusCode: this.failNext.status,
          },
        };
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      const known = key ? this.byKey.get(key) : undefined;
      if (known) return { status: 200, body: { id: known } };
      const id = `re_${(++this.counter).toString().padStart(6, '0')}`;
      if (key) this.byKey.set(key, id);
      this.emails.push({
        id,
        idempotencyKey: key,
        authorization: req.headers.authorization,
        body: JSON.parse(raw) as CapturedEmail['body'],
        receivedAt: new Date(),
      });
      const hold = this.holdNext;
      if (hold) {
        this.holdNext = undefined;
        hold.accepted();
        await hold.release;
      }
      return { status: 200, body: { id } };
    }
    const inbound = /^\/emails\/receiving\/([^/?]+)/.exec(req.url ?? '');
    if (req.method === 'GET' && inbound) {
      const email = this.inbound.get(decodeURIComponent(inbound[1]!));
      return email
        ? { status: 200, body: email }
        : { status: 404, body: { name: 'not_found', message: 'Email not found', statusCode: 404 } };
    }
    return {
      status: 404,
      body: { name: 'not_found', message: `no route ${req.method} ${req.url}`, statusCode: 404 },
    };
  }
}
