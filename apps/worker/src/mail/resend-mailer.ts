import { ApplicationFailure } from '@temporalio/activity';
import { Resend } from 'resend';
import { Mailer, OutgoingEmail, PermanentSendError } from './mailer';

/**
 * Resend error names (the SDK's RESEND_ERROR_CODE_KEY) that retrying cannot fix for this email,
 * with what the creditor should check. The same key with another payload
 * (`invalid_idempotent_request`) is one of them; a concurrent request with the same key is not.
 */
const PERMANENT: Record<string, string> = {
  validation_error: 'check the client’s email address and that the sender domain is verified in Resend',
  invalid_from_address: 'check the sender address (sender.fromEmail in the tenant settings)',
  invalid_attachment: 'an attachment was refused',
  invalid_parameter: 'the message was refused as malformed',
  missing_required_field: 'the message was refused as incomplete',
  invalid_idempotent_request: 'this email was already submitted with different content',
  invalid_idempotency_key: 'the idempotency key was refused',
  invalid_access: 'the sending domain or API key may not send this email',
  invalid_region: 'the sending region is refused',
  security_error: 'the provider blocked the message',
  not_found: 'the provider endpoint was not found (check RESEND_BASE_URL)',
  method_not_allowed: 'the provider endpoint refused the request (check RESEND_BASE_URL)',
};

/**
 * Names that pass with time or without touching the email: rate limits and quotas, a concurrent
 * request with the same key, and the worker's own API key — fixing that key lets every waiting
 * email through, whereas failing them for good would put every case on hold (and the alerts that
 * say so could not be sent either).
 */
const TRANSIENT = new Set([
  'rate_limit_exceeded',
  'daily_quota_exceeded',
  'monthly_quota_exceeded',
  'concurrent_idempotent_requests',
  'internal_server_error',
  'missing_api_key',
  'invalid_api_key',
  'restricted_api_key',
]);

/** A longer `retry-after` (a quota) leaves the wait to the retry policy's backoff. */
const RETRY_AFTER_MAX_MS = 60_000;

export interface ResendErrorLike {
  name?: string | null;
  message?: string | null;
  statusCode?: number | null;
}

/** By name first; otherwise any 4xx but 408 and 429 is permanent, and 5xx or no answer is not. */
export function isPermanentResendError(error: ResendErrorLike): boolean {
  const name = error.name ?? '';
  if (TRANSIENT.has(name)) return false;
  if (Object.hasOwn(PERMANENT, name)) return true;
  const status = error.statusCode ?? 0;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * The wait a 429 asks for: `retry-after` in seconds (Resend sends whole seconds), else
 * `ratelimit-reset`; undefined when neither is a usable number.
 */
export function retryAfterMs(headers: Record<string, string> | null | undefined): number | undefined {
  for (const name of ['retry-after', 'ratelimit-reset']) {
    const seconds = Number(headers?.[name]);
    if (headers?.[name] && Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  }
  return undefined;
}

/** Sends through Resend; its Idempotency-Key makes a retried activity return the same email id. */
export class ResendMailer implements Mailer {
  private readonly client: Resend;

  constructor(apiKey: string, baseUrl?: string) {
    this.client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  }

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<{ id: string }> {
    const { data, error, headers } = await this.client.emails.send(
      {
        from: email.from,
        to: email.to,
        cc: email.cc?.length ? email.cc : undefined,
        replyTo: email.replyTo,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        tags: email.tags,
        attachments: email.attachments?.map((a) => ({ filename: a.filename, content: a.content })),
      },
      { idempotencyKey },
    );
    if (data && !error) return { id: data.id };
    const e: ResendErrorLike = error ?? { name: 'application_error', message: 'no data in the answer' };
    const name = e.name ?? 'unknown';
    const status = e.statusCode ?? undefined;
    const refused = `Resend refused the email (${name}${status ? `, HTTP ${status}` : ''}): ${e.message ?? ''}`;
    if (isPermanentResendError(e)) {
      const hint = Object.hasOwn(PERMANENT, name) ? PERMANENT[name] : undefined;
      throw new PermanentSendError(hint ? `${refused} — ${hint}` : refused, name, status);
    }
    // A rate limit passes on its own: the retry waits as long as the provider asks rather than
    // the retry policy's backoff (a quota's reset is hours away and keeps the policy's backoff).
    const wait = name === 'rate_limit_exceeded' || status === 429 ? retryAfterMs(headers) : undefined;
    if (wait !== undefined && wait <= RETRY_AFTER_MAX_MS) {
      throw ApplicationFailure.create({
        message: refused,
        type: 'RateLimited',
        nextRetryDelay: Math.max(wait, 1),
      });
    }
    throw new Error(refused);
  }
}
