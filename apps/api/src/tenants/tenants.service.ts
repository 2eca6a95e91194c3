import { Inject, Injectable } from '@nestjs/common';
import {
  defaultTenantSettings,
  emailDomain,
  senderPermitted,
  TenantSettingsSchema,
  type TenantSettingsPatch,
} from '@relance/domain';
import { ApiKeyEntity, row, TenantEntity } from '@relance/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { hashApiKey, keyPrefix, mintApiKey } from '../auth/api-keys';
import { invalid, zodProblem } from '../common/problem';
import { SecretBox } from '../secrets/secret-box';
import {
  isSealedEntry,
  openEntries,
  resealEntries,
  sealEntry,
  sealLegacyEntries,
  type WebhookSecret,
} from '../secrets/webhook-secrets';
import type { TenantView } from './schemas';

/** `webhook-secret remove` named no secret, or several. */
export class NoSuchSecret extends Error {}

@Injectable()
export class TenantsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ slug });
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ id });
  }

  async view(tenant: TenantEntity): Promise<TenantView> {
    const keys = await this.db
      .getRepository(ApiKeyEntity)
      .find({ where: { tenantId: tenant.id }, order: { createdAt: 'ASC' } });
    return {
      slug: tenant.slug,
      ...tenant.settings,
      senderDomains: tenant.senderDomains,
      apiKeys: keys.map((k) => ({
        prefix: k.prefix,
        name: k.name,
        createdAt: k.createdAt.toISOString(),
        revokedAt: k.revokedAt?.toISOString() ?? null,
      })),
      webhookSecrets: { count: tenant.webhookSecrets.length },
    };
  }

  /** Replaces the top-level fields given, then validates the whole: a patch never leaves invalid settings. */
  async patch(tenant: TenantEntity, patch: TenantSettingsPatch): Promise<TenantEntity> {
    const current = tenant.settings;
    const merged = TenantSettingsSchema.safeParse({ ...current, ...patch });
    if (!merged.success) throw zodProblem(merged.error);
    // A new From address needs a domain an operator allowed for this tenant (CLI `sender-domains`):
    // otherwise any API key could make the provider send as any domain the account verified.
    const from = merged.data.sender.fromEmail;
    if (
      patch.sender &&
      from.toLowerCase() !== current.sender?.fromEmail?.toLowerCase() &&
      !senderPermitted(tenant.slug, from, tenant.senderDomains)
    ) {
      const allowed = tenant.senderDomains.join(', ') || 'none yet';
      throw invalid([
        {
          path: 'sender.fromEmail',
          message: `the domain ${emailDomain(from)} is not allowed for this tenant (allowed: ${allowed}); an operator allows it with: sender-domains set ${tenant.slug} <domain…>`,
        },
      ]);
    }
    await this.db
      .getRepository(TenantEntity)
      .update({ id: tenant.id }, row<TenantEntity>({ settings: merged.data }));
    return this.db.getRepository(TenantEntity).findOneByOrFail({ id: tenant.id });
  }

  /** Operators only (CLI): the domains the tenant may send from; replaces the list. */
  async setSenderDomains(tenant: TenantEntity, domains: string[]): Promise<string[]> {
    const unique = [...new Set(domains.map((d) => d.toLowerCase()))].sort();
    await this.db.getRepository(TenantEntity).update({ id: tenant.id }, { senderDomains: unique });
    return unique;
  }

  /** Creates the tenant with default settings if it does not exist; returns it either way. */
  async ensureTenant(slug: string, m: EntityManager = this.db.manager): Promise<TenantEntity> {
    await m
      .createQueryBuilder()
      .insert()
      .into(TenantEntity)
      .values(row<TenantEntity>({ slug, settings: defaultTenantSettings(slug) }))
      .orIgnore()
      .execute();
    return m.getRepository(TenantEntity).findOneByOrFail({ slug });
  }

  /** Stores a key (hashed). With no `key`, mints one and returns it: the only time it is visible. */
  async addApiKey(
    tenant: TenantEntity,
    name: string,
    key = mintApiKey(),
    m: EntityManager = this.db.manager,
  ) {
    await m
      .createQueryBuilder()
      .insert()
      .into(ApiKeyEntity)
      .values({ tenantId: tenant.id, prefix: keyPrefix(key), hash: hashApiKey(key), name })
      .orIgnore()
      .execute();
    return key;
  }

  async revokeApiKey(tenant: TenantEntity, prefix: string): Promise<number> {
    const res = await this.db
      .getRepository(ApiKeyEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('tenant_id = :tenant AND prefix = :prefix AND revoked_at IS NULL', { tenant: tenant.id, prefix })
      .execute();
    return res.affected ?? 0;
  }

  /** The tenant's payment-webhook secrets in clear, for signature checks; never logged nor returned. */
  webhookSecrets(tenant: TenantEntity): WebhookSecret[] {
    return openEntries(this.box, tenant.id, tenant.webhookSecrets);
  }

  /** Adds a secret (encrypted) unless the tenant already has it; returns its id either way. */
  async addWebhookSecret(tenant: TenantEntity, secret: string, m?: EntityManager): Promise<string> {
    return this.changeSecrets(
      tenant,
      (entries) => {
        const known = openEntries(this.box, tenant.id, entries).find((s) => s.secret === secret);
        if (known) return { entries, result: known.id };
        const entry = sealEntry(this.box, tenant.id, secret);
        return { entries: [...entries, entry], result: entry.slice(0, entry.indexOf(':')) };
      },
      m,
    );
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
   * At every start (API and CLI): encrypts secrets stored before encryption existed, and checks
   * that RELANCE_SECRET_KEY opens the others, so a wrong key stops the process instead of
   * failing every webhook. Tenants are few; this reads them all once.
   */
  async sealStoredSecrets(): Promise<number> {
    let sealed = 0;
    for (const tenant of await this.db.getRepository(TenantEntity).find()) {
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
    const all = await this.db
      .getRepository(TenantEntity)
      .find({ select: { id: true }, order: { id: 'ASC' } });
    for (const tenant of all) {
      const changed = await this.changeSecrets(tenant, (entries) => {
        const next = resealEntries(this.box, tenant.id, entries);
        return {
          entries: next ?? entries,
          result: next ? next.filter((e, i) => e !== entries[i]).length : 0,
        };
      });
      done.secrets += changed;
      if (changed > 0) done.tenants++;
    }
    return done;
  }

  /** Read-modify-write of one tenant's secrets under a row lock (CLI and API may race). */
  private async changeSecrets<T>(
    tenant: TenantEntity,
    change: (entries: string[], locked: TenantEntity) => { entries: string[]; result: T },
    outer?: EntityManager,
  ): Promise<T> {
    const run = async (m: EntityManager) => {
      const repo = m.getRepository(TenantEntity);
      const locked = await repo.findOneOrFail({
        where: { id: tenant.id },
        lock: { mode: 'pessimistic_write' },
      });
      const { entries, result } = change(locked.webhookSecrets, locked);
      if (entries !== locked.webhookSecrets) {
        // The first secret ever marks the tenant: the bootstrap one is not seeded after that.
        const firstEver = entries.length > 0 && !locked.webhookSecretSetAt;
        await repo.update(
          { id: tenant.id },
          { webhookSecrets: entries, ...(firstEver ? { webhookSecretSetAt: new Date() } : {}) },
        );
      }
      tenant.webhookSecrets = entries;
      return result;
    };
    return outer ? run(outer) : this.db.transaction(run);
  }

  /**
   * SPEC §2: at start, tenant `default` exists with the bootstrap API key and webhook secret. The
   * secret is seeded only if the tenant never had one: removed with the CLI, it stays removed
   * (another one is added with `webhook-secret add`).
   */
  async bootstrap(apiKey?: string, webhookSecret?: string): Promise<void> {
    if (!apiKey && !webhookSecret) return;
    await this.db.transaction(async (m) => {
      const tenant = await this.ensureTenant('default', m);
      if (apiKey) await this.addApiKey(tenant, 'bootstrap', apiKey, m);
      if (webhookSecret)
        await this.changeSecrets(
          tenant,
          (entries, locked) =>
            locked.webhookSecretSetAt || entries.length > 0
              ? { entries, result: undefined }
              : { entries: [sealEntry(this.box, tenant.id, webhookSecret)], result: undefined },
          m,
        );
    });
  }
}
