import type { TenantEntity } from '@relance/persistence';

/**
 * The tenant's webhook secrets in clear, decrypted once per stored value rather than per delivery
 * (AES-GCM for each secret cost ~0.5 ms of CPU a request in a storm). Keyed by the sealed entries
 * themselves, so a secret added or removed (by any process) is a new key: never a stale answer.
 */
export class OpenedSecrets {
  private readonly cache = new Map<string, { secrets: string[]; until: number }>();

  constructor(
    private readonly open: (tenant: TenantEntity) => string[],
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 1_000,
  ) {}

  of(tenant: TenantEntity, now = Date.now()): string[] {
    const key = `${tenant.id}\n${tenant.webhookSecrets.join('\n')}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.secrets;
    const secrets = this.open(tenant);
    this.cache.delete(key);
    // Oldest first in a Map: drop it when full (tenants are few; this bounds a flood of rotations).
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { secrets, until: now + this.ttlMs });
    return secrets;
  }
}
