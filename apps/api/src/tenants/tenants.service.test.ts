import { TenantEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '@relance/persistence';
import { tenantServices } from './tenant-services';
import type { TenantsService } from './tenants.service';
import type { WebhookSecretsService } from './webhook-secrets.service';

let testDb: TestDatabase;
let tenants: TenantsService;
let secrets: WebhookSecretsService;
const API_KEY = `rk_bootstr_${randomBytes(16).toString('hex')}`;
const SECRET = `whsec_bootstrap_${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'tenants-service' });
  ({ tenants, secrets } = tenantServices(testDb.db, new SecretBox(randomBytes(32))));
});
afterAll(async () => {
  await testDb?.stop();
});
beforeEach(async () => {
  await testDb.db.query(`DELETE FROM tenants`);
});

const defaultTenant = async () => testDb.db.getRepository(TenantEntity).findOneByOrFail({ slug: 'default' });

describe('TenantsService.bootstrap (issue 18: the bootstrap webhook secret)', () => {
  it('seeds the secret on the first start and keeps one copy over restarts', async () => {
    await tenants.bootstrap(API_KEY, SECRET);
    await tenants.bootstrap(API_KEY, SECRET);
    const tenant = await defaultTenant();
    expect(secrets.webhookSecrets(tenant).map((s) => s.secret)).toEqual([SECRET]);
    expect(tenant.webhookSecretSetAt).toBeInstanceOf(Date);
  });

  it('does not bring back a secret the operator removed, at the next start', async () => {
    await tenants.bootstrap(API_KEY, SECRET);
    const [seeded] = secrets.webhookSecrets(await defaultTenant());
    expect(await secrets.removeWebhookSecret(await defaultTenant(), seeded!.id)).toBe(0);
    // The restart: same environment, same bootstrap call.
    await tenants.bootstrap(API_KEY, SECRET);
    expect((await defaultTenant()).webhookSecrets).toEqual([]);
  });

  it('does not add a changed bootstrap secret next to the one the tenant has (the CLI adds secrets)', async () => {
    await tenants.bootstrap(API_KEY, SECRET);
    await tenants.bootstrap(API_KEY, `${SECRET}-changed`);
    expect(secrets.webhookSecrets(await defaultTenant()).map((s) => s.secret)).toEqual([SECRET]);
  });

  it('counts a secret added with the CLI as one the tenant had, even when removed before the first bootstrap', async () => {
    const tenant = await tenants.ensureTenant('default');
    const id = await secrets.addWebhookSecret(tenant, `whsec_cli_${randomBytes(12).toString('hex')}`);
    await secrets.removeWebhookSecret(tenant, id);
    await tenants.bootstrap(API_KEY, SECRET);
    expect((await defaultTenant()).webhookSecrets).toEqual([]);
  });
});
