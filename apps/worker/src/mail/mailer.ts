import type { StoredEmail } from '@relance/persistence';

/** One outgoing email, provider-neutral: the message as stored, its attachments as bytes. */
export interface OutgoingEmail extends Omit<StoredEmail, 'attachments'> {
  attachments?: { filename: string; content: Buffer }[];
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
