import { Inject, Injectable } from '@nestjs/common';
import { ApiKeys, type TenantEntity } from '@relance/persistence';
import type { EntityManager } from 'typeorm';
import { hashApiKey, keyPrefix, mintApiKey } from '../auth/api-keys';

/** A key as the tenant view and `key list` show it: never the key nor its hash. */
export interface ApiKeyView {
  prefix: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A tenant's API keys: minted or given (bootstrap), listed, revoked. Stored hashed only. */
@Injectable()
export class ApiKeysService {
  constructor(@Inject(ApiKeys) private readonly keys: ApiKeys) {}

  async list(tenant: TenantEntity): Promise<ApiKeyView[]> {
    const keys = await this.keys.ofTenant(tenant.id);
    return keys.map((k) => ({
      prefix: k.prefix,
      name: k.name,
      createdAt: k.createdAt.toISOString(),
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Stores a key (hashed). With no `key`, mints one and returns it: the only time it is visible. */
  async addApiKey(
    tenant: TenantEntity,
    name: string,
    key = mintApiKey(),
    m?: EntityManager,
  ): Promise<string> {
    await this.keys.insert({ tenantId: tenant.id, prefix: keyPrefix(key), hash: hashApiKey(key), name }, m);
    return key;
  }

  revokeApiKey(tenant: TenantEntity, prefix: string): Promise<number> {
    return this.keys.revoke(tenant.id, prefix);
  }
}
