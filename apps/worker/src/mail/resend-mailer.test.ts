import { ApplicationFailure } from '@temporalio/activity';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendError } from './mailer';
import { isPermanentResendError, ResendMailer, retryAfterMs } from './resend-mailer';
import { sampleEmail } from './testing';

/** Plays Resend's `POST /emails`: answers each request with the next scripted reply. */
class ScriptedResend {
  readonly requests: { key?: string; body: Record<string, unknown> }[] = [];
  replies: { status: number; body: string; headers?: Record<string, string> }[] = [];
  private server?: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({
          key: req.headers['idempotency-key'] as string | undefined,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        });
        const reply = this.replies.shift() ?? { status: 200, body: JSON.stringify({ id: 're_1' }) };
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

const email = sampleEmail({
  headers: { 'X-Relance-Case': 'dunning:default:INV-1' },
  attachments: [{ filename: 'F-2026-0042.pdf', content: Buffer.from('%PDF-1.7 test') }],
});

const resendError = (status: number, name: string, message = 'refused') => ({
  status,
  body: JSON.stringify({ statusCode: status, name, message }),
});

describe('ResendMailer', () => {
  const resend = new ScriptedResend();
  let mailer: ResendMailer;

  beforeAll(async () => {
    await resend.start();
    mailer = new ResendMailer('re_test_key', resend.url);
  });
  afterAll(() => resend.stop());

  /** The error `send` throws for one scripted reply. */
  async function failureOf(reply: {
    status: number;
    body: string;
    headers?: Record<string, string>;
  }): Promise<Error> {
    resend.replies = [reply];
    return mailer.send(email, 'key-1').then(
      () => {
        throw new Error('expected the send to fail');
      },
      (err: Error) => err,
    );
  }

  it('sends the message with its Idempotency-Key and answers the provider id', async () => {
    resend.replies = [{ status: 200, body: JSON.stringify({ id: 're_abc' }) }];
    await expect(mailer.send(email, 'a'.repeat(64))).resolves.toEqual({ id: 're_abc' });
    const request = resend.requests.at(-1)!;
    expect(request.key).toBe('a'.repeat(64));
    expect(request.body).toMatchObject({
      to: ['compta@acme.example'],
      headers: { 'X-Relance-Case': 'dunning:default:INV-1' },
      attachments: [
        { filename: 'F-2026-0042.pdf', content: Buffer.from('%PDF-1.7 test').toString('base64') },
      ],
    });
  });

  it.each([
    [409, 'invalid_idempotent_request', 'this email was already submitted with different content'],
    [422, 'invalid_from_address', 'sender.fromEmail'],
    [422, 'validation_error', 'client’s email address'],
    [403, 'validation_error', 'sender domain is verified'],
    [400, 'invalid_idempotency_key', 'idempotency key was refused'],
  ])('treats %i %s as permanent, with a hint for the creditor', async (status, name, hint) => {
    const err = await failureOf(resendError(status, name));
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(err).toMatchObject({ code: name, status });
    expect(err.message).toContain(`Resend refused the email (${name}, HTTP ${status})`);
    expect(err.message).toContain(hint);
  });

  it.each([
    [409, 'concurrent_idempotent_requests'],
    [429, 'rate_limit_exceeded'],
    [429, 'daily_quota_exceeded'],
    [500, 'internal_server_error'],
    [403, 'invalid_api_key'],
    [401, 'missing_api_key'],
  ])('keeps %i %s retryable', async (status, name) => {
    const err = await failureOf(resendError(status, name));
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect(err.message).toContain(name);
  });

  it('retries a 429 after the wait its retry-after header asks for', async () => {
    const err = await failureOf({
      ...resendError(429, 'rate_limit_exceeded'),
      headers: {
        'retry-after': '1',
        'ratelimit-limit': '5',
        'ratelimit-remaining': '0',
        'ratelimit-reset': '1',
      },
    });
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'RateLimited', nonRetryable: false, nextRetryDelay: 1000 });
  });

  it('leaves a quota’s long wait, or a 429 without a wait, to the retry policy', async () => {
    const quota = await failureOf({
      ...resendError(429, 'daily_quota_exceeded'),
      headers: { 'retry-after': '36000' },
    });
    expect(quota).not.toBeInstanceOf(ApplicationFailure);
    const bare = await failureOf(resendError(429, 'rate_limit_exceeded'));
    expect(bare).not.toBeInstanceOf(ApplicationFailure);
    expect(bare).not.toBeInstanceOf(PermanentSendError);
  });

  it('keeps a 502 without a JSON body retryable', async () => {
    const err = await failureOf({ status: 502, body: '<html>Bad gateway</html>' });
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect(err.message).toContain('HTTP 502');
  });

  it('treats a 413 without a JSON body as permanent (the same payload is refused again)', async () => {
    const err = await failureOf({ status: 413, body: '<html>Payload too large</html>' });
    expect(err).toBeInstanceOf(PermanentSendError);
  });

  it('keeps a network failure retryable', async () => {
    const closed = new ResendMailer('re_test_key', 'http://127.0.0.1:9');
    const err = await closed.send(email, 'k').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentSendError);
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after in seconds, else ratelimit-reset', () => {
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '0.25' })).toBe(250);
    expect(retryAfterMs({ 'ratelimit-reset': '1' })).toBe(1000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('isPermanentResendError', () => {
  it('goes by the error name before the status', () => {
    expect(isPermanentResendError({ name: 'invalid_idempotent_request', statusCode: 409 })).toBe(true);
    expect(isPermanentResendError({ name: 'concurrent_idempotent_requests', statusCode: 409 })).toBe(false);
    expect(isPermanentResendError({ name: 'rate_limit_exceeded', statusCode: 400 })).toBe(false);
  });

  it('falls back on the status: any 4xx but 408 and 429 is permanent, 5xx or none is not', () => {
    expect(isPermanentResendError({ name: 'something_new', statusCode: 422 })).toBe(true);
    expect(isPermanentResendError({ name: 'something_new', statusCode: 408 })).toBe(false);
    expect(isPermanentResendError({ name: 'something_new', statusCode: 429 })).toBe(false);
    expect(isPermanentResendError({ name: 'something_new', statusCode: 503 })).toBe(false);
    expect(isPermanentResendError({ name: 'application_error', statusCode: null })).toBe(false);
  });

  it('does not mistake an inherited property name for a known code', () => {
    expect(isPermanentResendError({ name: 'toString', statusCode: 500 })).toBe(false);
  });
});
