import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from './outbox-mailer';
import { sampleEmail } from './testing';

const email = sampleEmail();

describe('OutboxMailer.send', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const outbox = () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-outbox-'));
    dirs.push(dir);
    return dir;
  };

  it('names the files after the case and the step, whatever the idempotency key', async () => {
    const dir = outbox();
    const { id } = await new OutboxMailer(dir).send(email, 'f'.repeat(64));
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(4);
    for (const file of files) expect(file).toMatch(/^dunning_default_INV-42_reminder_1-[0-9a-f]{12}\./);
    const meta = JSON.parse(
      readFileSync(
        join(
          dir,
          files.find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as {
      id: string;
    };
    expect(meta.id).toBe(id);
  });

  it('sends once per key: the same key answers the first id and writes nothing more', async () => {
    const dir = outbox();
    const mailer = new OutboxMailer(dir);
    const first = await mailer.send(email, 'key-1');
    await expect(mailer.send({ ...email, subject: 'changed' }, 'key-1')).resolves.toEqual(first);
    expect(readdirSync(dir)).toHaveLength(4);
    const other = await mailer.send(email, 'key-2');
    expect(other.id).not.toBe(first.id);
    expect(readdirSync(dir)).toHaveLength(8);
  });
});
