import { createHash, randomBytes } from 'node:crypto';
import { SecretBox } from '@relance/persistence';

/**
 * A tenant's payment-webhook secrets as stored in `tenants.webhook_secrets`: one entry per
 * secret, `<id>:enc:v2:<key id>:…` (or `enc:v1:…` before key ids). The id (8 characters, shown
 * by the CLI) names a secret for removal without handling the secret itself; the ciphertext is
 * bound to the tenant and the id.
 */
const ENTRY = /^([A-Za-z0-9_-]{8}):(enc:v[12]:.+)$/;

export interface WebhookSecret {
  id: string;
  secret: string;
}

const context = (tenantId: string, id: string) => `relance/webhook-secret/${tenantId}/${id}`;

/** The id a secret stored before encryption gets: stable, so it survives being sealed. */
const legacyId = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 8);

export function isSealedEntry(entry: string): boolean {
  const m = ENTRY.exec(entry);
  return !!m && SecretBox.isSealed(m[2]!);
}

export function sealEntry(box: SecretBox, tenantId: string, secret: string, id?: string): string {
  const entryId = id ?? randomBytes(6).toString('base64url');
  return `${entryId}:${box.seal(secret, context(tenantId, entryId))}`;
}

/**
 * Decrypts every entry (throws SecretKeyMismatch under another key). An entry written before
 * encryption existed is read as it is until `sealLegacyEntries` rewrites it at the next start.
 */
export function openEntries(box: SecretBox, tenantId: string, entries: string[]): WebhookSecret[] {
  return entries.map((entry) => {
    const m = ENTRY.exec(entry);
    if (m && SecretBox.isSealed(m[2]!))
      return { id: m[1]!, secret: box.open(m[2]!, context(tenantId, m[1]!)) };
    return { id: legacyId(entry), secret: entry };
  });
}

/** The entries with every plaintext one encrypted; undefined when there was none. */
export function sealLegacyEntries(box: SecretBox, tenantId: string, entries: string[]): string[] | undefined {
  if (entries.every(isSealedEntry)) return undefined;
  return entries.map((entry) =>
    isSealedEntry(entry) ? entry : sealEntry(box, tenantId, entry, legacyId(entry)),
  );
}

/**
 * The entries with every one not sealed under the box's current key re-encrypted with it (same
 * id, so the CLI's ids do not change); undefined when all are current already.
 */
export function resealEntries(box: SecretBox, tenantId: string, entries: string[]): string[] | undefined {
  const current = (entry: string) => {
    const m = ENTRY.exec(entry);
    return !!m && box.isCurrent(m[2]!);
  };
  if (entries.every(current)) return undefined;
  const opened = openEntries(box, tenantId, entries);
  return entries.map((entry, i) =>
    current(entry) ? entry : sealEntry(box, tenantId, opened[i]!.secret, opened[i]!.id),
  );
}
