import { Resend } from 'resend';
import { Mailer, OutgoingEmail, PermanentSendError } from './mailer';

/** Sends through Resend; its Idempotency-Key makes a retried activity return the same email id. */
export class ResendMailer implements Mailer {
  private readonly client: Resend;

  constructor(apiKey: string, baseUrl?: string) {
    this.client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  }

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<{ id: string }> {
    const { data, error } = await this.client.emails.send(
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
    if (error || !data) {
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? 0;
      const message = `Resend refused the email: ${error?.name ?? 'unknown'}: ${error?.message ?? 'no data'}`;
      // 4xx other than rate limiting and idempotency races will fail the same way again.
      if (status >= 400 && status < 500 && status !== 429 && status !== 409)
        throw new PermanentSendError(message);
      throw new Error(message);
    }
    return { id: data.id };
  }
}
