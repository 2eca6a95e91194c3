import { ApiKeys, type SecretBox, Tenants } from '@relance/persistence';
import type { DataSource } from 'typeorm';
import { ApiKeysService } from './api-keys.service';
import { SenderDomainsService } from './sender-domains.service';
import { TenantsService } from './tenants.service';
import { WebhookSecretsService } from './webhook-secrets.service';

/** The providers of TenantsModule, built by hand where there is no Nest container (the CLI, tests). */
export function tenantServices(db: DataSource, box: SecretBox) {
  const repository = new Tenants(db);
  const apiKeys = new ApiKeysService(new ApiKeys(db));
  const secrets = new WebhookSecretsService(db, repository, box);
  const senderDomains = new SenderDomainsService(repository);
  const tenants = new TenantsService(db, repository, apiKeys, secrets, senderDomains);
  return { tenants, apiKeys, secrets, senderDomains };
}
