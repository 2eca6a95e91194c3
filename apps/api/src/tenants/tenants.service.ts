import { Inject, Injectable } from '@nestjs/common';
import {
  defaultTenantSettings,
  groupingOf,
  statementOfAccountOf,
  TenantSettingsSchema,
  type TenantSettingsPatch,
} from '@relance/domain';
import { type TenantEntity, Tenants } from '@relance/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { zodProblem } from '../common/problem';
import { ApiKeysService } from './api-keys.service';
import type { TenantView } from './schemas';
import { SenderDomainsService } from './sender-domains.service';
import { WebhookSecretsService } from './webhook-secrets.service';

/** Tenants themselves: lookups, the settings view and patch, creation and the bootstrap at start. */
@Injectable()
export class TenantsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Tenants) private readonly tenants: Tenants,
    @Inject(ApiKeysService) private readonly apiKeys: ApiKeysService,
    @Inject(WebhookSecretsService) private readonly secrets: WebhookSecretsService,
    @Inject(SenderDomainsService) private readonly senderDomains: SenderDomainsService,
  ) {}

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.tenants.bySlug(slug);
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.tenants.byId(id);
  }

  /** Every tenant, by slug. */
  list(): Promise<TenantEntity[]> {
    return this.tenants.list();
  }

  async view(tenant: TenantEntity): Promise<TenantView> {
    return {
      slug: tenant.slug,
      ...tenant.settings,
      grouping: groupingOf(tenant.settings),
      statementOfAccount: statementOfAccountOf(tenant.settings),
      senderDomains: tenant.senderDomains,
      apiKeys: await this.apiKeys.list(tenant),
      webhookSecrets: { count: tenant.webhookSecrets.length },
    };
  }

  /** Replaces the top-level fields given, then validates the whole: a patch never leaves invalid settings. */
  async patch(tenant: TenantEntity, patch: TenantSettingsPatch): Promise<TenantEntity> {
    const merged = TenantSettingsSchema.safeParse({ ...tenant.settings, ...patch });
    if (!merged.success) throw zodProblem(merged.error);
    if (patch.sender) this.senderDomains.checkNewSender(tenant, tenant.settings, merged.data);
    return this.tenants.replaceSettings(tenant.id, merged.data);
  }

  /** Creates the tenant with default settings if it does not exist; returns it either way. */
  ensureTenant(slug: string, m?: EntityManager): Promise<TenantEntity> {
    return this.tenants.ensure(slug, defaultTenantSettings(slug), m);
  }

  /**
   * At start, tenant `default` exists with the bootstrap API key and webhook secret, in one
   * transaction. The secret is seeded only if the tenant never had one (see seedBootstrapSecret).
   */
  async bootstrap(apiKey?: string, webhookSecret?: string): Promise<void> {
    if (!apiKey && !webhookSecret) return;
    await this.db.transaction(async (m) => {
      const tenant = await this.ensureTenant('default', m);
      if (apiKey) await this.apiKeys.addApiKey(tenant, 'bootstrap', apiKey, m);
      if (webhookSecret) await this.secrets.seedBootstrapSecret(tenant, webhookSecret, m);
    });
  }
}
