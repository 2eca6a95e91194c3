/** One outgoing email, provider-neutral. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: Buffer }[];
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
}

export interface Mailer {
  /**
   * Sends once per `idempotencyKey`: a second call with the same key returns the first id and
   * sends nothing.
   */
  send(email: OutgoingEmail, idempotencyKey: string): Promise<{ id: string }>;
}

/**
 * A failure the provider says retrying will not fix (refused sender, address or payload, an
 * idempotency key reused with another payload). `code` is the provider's error name.
 */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';

  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
