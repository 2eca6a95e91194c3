import { TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CliIo } from '../cli';
import { tenantServices } from '../tenants/tenant-services';
import { SecretBox, SecretKeyMismatch } from '@relance/persistence';
import { openEntries, sealEntry } from './webhook-secrets';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'secret-rotation' });
});
afterAll(async () => {
  await testDb?.stop();
});

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const io = (box: SecretBox): CliIo => ({ box, readStdin: async () => '', note: () => undefined });
const stored = async () => testDb.db.getRepository(TenantEntity).find({ order: { id: 'ASC' } });

/** An entry as the release before key ids wrote it: `<id>:enc:v1:<iv>:<ciphertext+tag>`. */
function v1Entry(key: Buffer, tenantId: string, id: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`relance/webhook-secret/${tenantId}/${id}`, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${id}:enc:v1:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

describe('relance secrets rotate (issue 18)', () => {
  it('re-encrypts every stored secret with the new key, in place: readable with the new key alone, idempotent, resumable', async () => {
    const repo = testDb.db.getRepository(TenantEntity);
    const oldBox = new SecretBox(oldKey);
    // Three tenants: secrets from before key ids, under the old key, and in clear (older still).
    const plain: Record<string, string[]> = {};
    for (const slug of ['rot-a', 'rot-b', 'rot-c']) {
      const tenant = await repo.save({ slug });
      const secrets = [`whsec_${slug}_1_${randomBytes(8).toString('hex')}`, `whsec_${slug}_2`];
      plain[tenant.id] = secrets;
      await repo.update(
        { id: tenant.id },
        {
          webhookSecrets: [
            v1Entry(oldKey, tenant.id, 'legacy01', secrets[0]!),
            sealEntry(oldBox, tenant.id, secrets[1]!),
          ],
        },
      );
    }
    const [first, , last] = await stored();
    // A run that stops half-way: the last tenant (rows go in id order) holds a secret under a key
    // nobody gave; the rows before it are done and committed, it is left as it was.
    const lostKey = randomBytes(32);
    const stray = sealEntry(new SecretBox(lostKey), last!.id, 'whsec_stray');
    await repo.update({ id: last!.id }, { webhookSecrets: [...last!.webhookSecrets, stray] });
    const lastBefore = (await repo.findOneByOrFail({ id: last!.id })).webhookSecrets;
    const rotating = new SecretBox(newKey, [oldKey]);
    await expect(runCommand(testDb.db, ['secrets', 'rotate'], io(rotating))).rejects.toThrow(
      SecretKeyMismatch,
    );
    expect((await repo.findOneByOrFail({ id: last!.id })).webhookSecrets).toEqual(lastBefore);
    const firstDone = (await repo.findOneByOrFail({ id: first!.id })).webhookSecrets;
    expect(openEntries(new SecretBox(newKey), first!.id, firstDone).map((s) => s.secret)).toEqual(
      plain[first!.id],
    );
    // Meanwhile every row is readable with both keys (each entry names its key).
    for (const t of await stored())
      if (t.id !== last!.id) expect(openEntries(rotating, t.id, t.webhookSecrets)).toHaveLength(2);

    // The operator gives the missing key too and runs it again: it finishes.
    const withLost = new SecretBox(newKey, [oldKey, lostKey]);
    const again = await runCommand(testDb.db, ['secrets', 'rotate'], io(withLost));
    expect(again).toBe(
      `re-encrypted 3 secret(s) of 1 tenant(s) with key ${withLost.keyId}; RELANCE_SECRET_KEY_PREVIOUS can go once every API and CLI runs with the new key`,
    );

    // The new key alone opens everything; the ids the CLI shows did not change.
    const newOnly = new SecretBox(newKey);
    for (const t of await stored()) {
      for (const entry of t.webhookSecrets)
        expect(entry).toMatch(new RegExp(`^[A-Za-z0-9_-]{8}:enc:v2:${newOnly.keyId}:`));
      const opened = openEntries(newOnly, t.id, t.webhookSecrets);
      expect(opened.slice(0, 2).map((s) => s.secret)).toEqual(plain[t.id]);
      expect(opened[0]!.id).toBe('legacy01');
      expect(() => openEntries(oldBox, t.id, t.webhookSecrets)).toThrow(SecretKeyMismatch);
    }
    await expect(tenantServices(testDb.db, newOnly).secrets.sealStoredSecrets()).resolves.toBe(0);

    // Run twice: nothing left to do, nothing rewritten.
    const before = await stored();
    expect(await runCommand(testDb.db, ['secrets', 'rotate'], io(newOnly))).toBe(
      `every stored secret is already encrypted with key ${newOnly.keyId}`,
    );
    expect(await stored()).toEqual(before);
  });
});
