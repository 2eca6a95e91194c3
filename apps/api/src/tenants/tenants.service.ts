import { Inject, Injectable } from '@nestjs/common';
import {
  defaultTenantSettings,
  TenantSettingsSchema,
  type TenantSettings,
  type TenantSettingsPatch,
} from '@relance/domain';
import { ApiKeyEntity, row, TenantEntity } from '@relance/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { hashApiKey, keyPrefix, mintApiKey } from '../auth/api-keys';
import { zodProblem } from '../common/problem';
import type { TenantView } from './schemas';

@Injectable()
export class TenantsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.db.getRepository(TenantEntity).findOneBy({ slug });
  }

  async view(tenant: TenantEntity): Promise<TenantView> {
    const keys = await this.db
      .getRepository(ApiKeyEntity)
      .find({ where: { tenantId: tenant.id }, order: { createdAt: 'ASC' } });
    return {
      slug: tenant.slug,
      ...(tenant.settings as TenantSettings),
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
    const merged = TenantSettingsSchema.safeParse({ ...(tenant.settings as TenantSettings), ...patch });
    if (!merged.success) throw zodProblem(merged.error);
    await this.db
      .getRepository(TenantEntity)
      .update({ id: tenant.id }, row<TenantEntity>({ settings: merged.data }));
    return this.db.getRepository(TenantEntity).findOneByOrFail({ id: tenant.id });
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

  async addWebhookSecret(
    tenant: TenantEntity,
    secret: string,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    if (tenant.webhookSecrets.includes(secret)) return;
    await m
      .getRepository(TenantEntity)
      .update({ id: tenant.id }, { webhookSecrets: [...tenant.webhookSecrets, secret] });
  }

  /** SPEC §2: at start, tenant `default` exists with the bootstrap API key and webhook secret. */
  async bootstrap(apiKey?: string, webhookSecret?: string): Promise<void> {
    if (!apiKey && !webhookSecret) return;
    await this.db.transaction(async (m) => {
      const tenant = await this.ensureTenant('default', m);
      if (apiKey) await this.addApiKey(tenant, 'bootstrap', apiKey, m);
      if (webhookSecret) await this.addWebhookSecret(tenant, webhookSecret, m);
    });
  }
}
