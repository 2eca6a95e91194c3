import { Inject, Injectable } from '@nestjs/common';
import {
  endpointSecretContext,
  SecretBox,
  type TenantEntity,
  Tenants,
  WebhookEndpoints,
} from '@relance/persistence';
import { DataSource, EntityManager } from 'typeorm';
import {
  isSealedEntry,
  openEntries,
  resealEntries,
  sealEntry,
  sealLegacyEntries,
  type WebhookSecret,
} from '../secrets/webhook-secrets';

/** `webhook-secret remove` named no secret, or several. */
export class NoSuchSecret extends Error {}

/** A tenant's payment-webhook secrets: sealed at rest, opened for signature checks, rotated by the CLI. */
@Injectable()
export class WebhookSecretsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Tenants) private readonly tenants: Tenants,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  /** The tenant's payment-webhook secrets in clear, for signature checks; never logged nor returned. */
  webhookSecrets(tenant: TenantEntity): WebhookSecret[] {
    return openEntries(this.box, tenant.id, tenant.webhookSecrets);
  }

  /** Adds a secret (encrypted) unless the tenant already has it; returns its id either way. */
  async addWebhookSecret(tenant: TenantEntity, secret: string): Promise<string> {
    return this.changeSecrets(tenant, (entries) => {
      const known = openEntries(this.box, tenant.id, entries).find((s) => s.secret === secret);
      if (known) return { entries, result: known.id };
      const entry = sealEntry(this.box, tenant.id, secret);
      return { entries: [...entries, entry], result: entry.slice(0, entry.indexOf(':')) };
    });
  }

  /** Removes the one secret whose id starts with `idPrefix` (at least 4 characters); returns how many are left. */
  async removeWebhookSecret(tenant: TenantEntity, idPrefix: string): Promise<number> {
    return this.changeSecrets(tenant, (entries) => {
      const ids = openEntries(this.box, tenant.id, entries).map((s) => s.id);
      const hits = idPrefix.length >= 4 ? ids.filter((id) => id.startsWith(idPrefix)) : [];
      if (hits.length !== 1)
        throw new NoSuchSecret(
          hits.length === 0
            ? `no webhook secret with id ${idPrefix}`
            : `id ${idPrefix} names several secrets`,
        );
      const entriesLeft = entries.filter((_, i) => ids[i] !== hits[0]);
      return { entries: entriesLeft, result: entriesLeft.length };
    });
  }

  /**
   * The bootstrap secret, seeded only if the tenant never had one: removed with the CLI, it stays
   * removed (another one is added with `webhook-secret add`). Runs in the caller's transaction.
   */
  async seedBootstrapSecret(tenant: TenantEntity, secret: string, m: EntityManager): Promise<void> {
    await this.changeSecrets(
      tenant,
      (entries, locked) =>
        locked.webhookSecretSetAt || entries.length > 0
          ? { entries, result: undefined }
          : { entries: [sealEntry(this.box, tenant.id, secret)], result: undefined },
      m,
    );
  }

  /**
   * At every start (API and CLI): encrypts secrets stored before encryption existed, and checks
   * that RELANCE_SECRET_KEY opens the others, so a wrong key stops the process instead of
   * failing every webhook. Tenants are few; this reads them all once.
   */
  async sealStoredSecrets(): Promise<number> {
    let sealed = 0;
    for (const tenant of await this.tenants.list()) {
      openEntries(this.box, tenant.id, tenant.webhookSecrets);
      if (tenant.webhookSecrets.every(isSealedEntry)) continue;
      await this.changeSecrets(tenant, (entries) => {
        const next = sealLegacyEntries(this.box, tenant.id, entries);
        if (next) sealed++;
        return { entries: next ?? entries, result: undefined };
      });
    }
    return sealed;
  }

  /**
   * `secrets rotate`: re-encrypts every stored secret with RELANCE_SECRET_KEY (the previous keys
   * open them), one tenant row per transaction under its row lock. Each entry names its key, so a
   * run stopped half-way leaves every row readable and the next run finishes; a second run finds
   * nothing to do. Returns the number of secrets re-encrypted and of tenants touched.
   */
  async rotateSecrets(): Promise<{ secrets: number; tenants: number }> {
    const done = { secrets: 0, tenants: 0 };
    for (const id of await this.tenants.ids()) {
      const changed = await this.changeSecrets({ id }, (entries) => {
        const next = resealEntries(this.box, id, entries);
        return {
          entries: next ?? entries,
          result: next ? next.filter((e, i) => e !== entries[i]).length : 0,
        };
      });
      done.secrets += changed;
      if (changed > 0) done.tenants++;
    }
    // Outbound webhook endpoints' signing secrets, sealed with the same key.
    const endpoints = new WebhookEndpoints(this.db);
    for (const e of await endpoints.sealedSecrets()) {
      if (this.box.isCurrent(e.secret)) continue;
      const context = endpointSecretContext(e.tenantId, e.id);
      if (
        await endpoints.replaceSecret(
          e.id,
          e.secret,
          this.box.seal(this.box.open(e.secret, context), context),
        )
      )
        done.secrets++;
    }
    return done;
  }

  /** Read-modify-write of one tenant's secrets under a row lock (CLI and API may race). */
  private async changeSecrets<T>(
    tenant: Pick<TenantEntity, 'id'> & Partial<Pick<TenantEntity, 'webhookSecrets'>>,
    change: (entries: string[], locked: TenantEntity) => { entries: string[]; result: T },
    outer?: EntityManager,
  ): Promise<T> {
    const run = async (m: EntityManager) => {
      const locked = await this.tenants.lock(m, tenant.id);
      const { entries, result } = change(locked.webhookSecrets, locked);
      if (entries !== locked.webhookSecrets) {
        // The first secret ever marks the tenant: the bootstrap one is not seeded after that.
        const firstEver = entries.length > 0 && !locked.webhookSecretSetAt;
        await this.tenants.setWebhookSecrets(m, tenant.id, entries, firstEver);
      }
      tenant.webhookSecrets = entries;
      return result;
    };
    return outer ? run(outer) : this.db.transaction(run);
  }
}
