import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity';

export type NewApiKey = Pick<ApiKeyEntity, 'tenantId' | 'prefix' | 'hash' | 'name'>;

/** API keys (`api_keys`), stored hashed: the prefix finds the candidates, the caller compares hashes. */
export class ApiKeys {
  constructor(private readonly db: DataSource) {}

  /** The tenant's keys, oldest first, revoked ones included. */
  ofTenant(tenantId: string): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  /** The unrevoked keys with this prefix, each with its tenant. */
  activeByPrefix(prefix: string): Promise<ApiKeyEntity[]> {
    return this.db
      .getRepository(ApiKeyEntity)
      .find({ where: { prefix, revokedAt: IsNull() }, relations: { tenant: true } });
  }

  /** Stores the key unless its hash is already stored (the bootstrap key at every start). */
  async insert(key: NewApiKey, m: EntityManager = this.db.manager): Promise<void> {
    await m.createQueryBuilder().insert().into(ApiKeyEntity).values(key).orIgnore().execute();
  }

  /** Revokes the tenant's active keys with this prefix; answers how many. */
  async revoke(tenantId: string, prefix: string): Promise<number> {
    const res = await this.db
      .getRepository(ApiKeyEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('tenant_id = :tenant AND prefix = :prefix AND revoked_at IS NULL', { tenant: tenantId, prefix })
      .execute();
    return res.affected ?? 0;
  }
}
