import type { TenantSettings } from '@relance/domain';
import { DataSource, EntityManager } from 'typeorm';
import { row } from '../entities/columns';
import { TenantEntity } from '../entities/tenant.entity';

/** A tenant's stored From address beside the domains it may send from (the worker's start check). */
export interface StoredSender {
  slug: string;
  fromEmail: string | null;
  senderDomains: string[];
}

/** The creditors (`tenants`): settings, sending domains and payment-webhook secrets (sealed). */
export class Tenants {
  constructor(private readonly db: DataSource) {}

  byId(id: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ id });
  }

  bySlug(slug: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ slug });
  }

  /** Every tenant, by slug (tenants are few: the CLI lists them, the start checks read them all). */
  list(): Promise<TenantEntity[]> {
    return this.db.getRepository(TenantEntity).find({ order: { slug: 'ASC' } });
  }

  /** Every tenant's id, in id order (a stable order for a run that may stop half-way). */
  async ids(): Promise<string[]> {
    const rows = await this.db
      .getRepository(TenantEntity)
      .find({ select: { id: true }, order: { id: 'ASC' } });
    return rows.map((t) => t.id);
  }

  /** Creates the tenant with these settings unless the slug exists; returns the row either way. */
  async ensure(
    slug: string,
    settings: TenantSettings,
    m: EntityManager = this.db.manager,
  ): Promise<TenantEntity> {
    await m
      .createQueryBuilder()
      .insert()
      .into(TenantEntity)
      .values(row<TenantEntity>({ slug, settings }))
      .orIgnore()
      .execute();
    return m.getRepository(TenantEntity).findOneByOrFail({ slug });
  }

  /** Replaces the settings (validated by the caller); answers the row as stored. */
  async replaceSettings(id: string, settings: TenantSettings): Promise<TenantEntity> {
    const repo = this.db.getRepository(TenantEntity);
    await repo.update({ id }, row<TenantEntity>({ settings }));
    return repo.findOneByOrFail({ id });
  }

  async setSenderDomains(id: string, senderDomains: string[]): Promise<void> {
    await this.db.getRepository(TenantEntity).update({ id }, { senderDomains });
  }

  /** The row, locked until the transaction of `m` ends (a read-modify-write of its secrets). */
  lock(m: EntityManager, id: string): Promise<TenantEntity> {
    return m
      .getRepository(TenantEntity)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Stores the sealed secrets; `firstEver` also stamps when the tenant first had one. */
  async setWebhookSecrets(
    m: EntityManager,
    id: string,
    entries: string[],
    firstEver: boolean,
  ): Promise<void> {
    await m
      .getRepository(TenantEntity)
      .update({ id }, { webhookSecrets: entries, ...(firstEver ? { webhookSecretSetAt: new Date() } : {}) });
  }

  /** Each tenant's stored From address and allowed domains, by slug (plain SQL: one jsonb field). */
  storedSenders(): Promise<StoredSender[]> {
    return this.db.query(
      `SELECT slug, settings->'sender'->>'fromEmail' AS "fromEmail", sender_domains AS "senderDomains"
         FROM tenants ORDER BY slug`,
    ) as Promise<StoredSender[]>;
  }
}
