import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { SenderDomainsService } from './sender-domains.service';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';
import { WebhookSecretsService } from './webhook-secrets.service';

const SERVICES = [TenantsService, ApiKeysService, WebhookSecretsService, SenderDomainsService];

@Module({ controllers: [TenantsController], providers: SERVICES, exports: SERVICES })
export class TenantsModule {}
