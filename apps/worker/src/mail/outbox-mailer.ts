import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mailer, OutgoingEmail } from './mailer';

/**
 * Development mailer: each email becomes `<case>_<step>-<hash of the idempotency key>.html`, `.txt`
 * and `.json` (plus attachments) under the outbox folder. The `.json` is written last, atomically:
 * its presence means "sent", and the same key sends nothing twice.
 */
export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<{ id: string }> {
    const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24);
    const step = email.tags?.find((t) => t.name === 'step')?.value;
    const label = [email.headers?.['X-Relance-Case'], step].filter(Boolean).join('_') || 'email';
    const base = `${label.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 120)}-${digest.slice(0, 12)}`;
    const meta = join(this.dir, `${base}.json`);
    if (existsSync(meta)) return { id: (JSON.parse(readFileSync(meta, 'utf8')) as { id: string }).id };
    const id = `outbox_${digest}`;
    writeFileSync(join(this.dir, `${base}.html`), email.html);
    writeFileSync(join(this.dir, `${base}.txt`), email.text);
    const attachments = (email.attachments ?? []).map((a) => {
      const file = `${base}.${a.filename.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
      writeFileSync(join(this.dir, file), a.content);
      return { filename: a.filename, file, bytes: a.content.length };
    });
    const record = {
      id,
      idempotencyKey,
      ...email,
      html: undefined,
      text: undefined,
      attachments,
      writtenAt: new Date().toISOString(),
    };
    writeFileSync(`${meta}.tmp`, JSON.stringify(record, null, 2));
    renameSync(`${meta}.tmp`, meta);
    return { id };
  }
}
