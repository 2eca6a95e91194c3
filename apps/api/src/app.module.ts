import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { ProblemFilter } from './common/problem';
import { API_CONFIG, ApiConfig } from './config';
import { ActionLinksModule } from './action-links/action-links.module';
import { HealthModule } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { CasesModule } from './cases/cases.module';
import { ClientsModule } from './clients/clients.module';
import { InvoicesModule } from './invoices/invoices.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboundWebhooksModule } from './outbound-webhooks/outbound-webhooks.module';
import { RatesModule } from './rates/rates.module';
import { ReportsModule } from './reports/reports.module';
import { TenantsModule } from './tenants/tenants.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  /** `logging`: the request logging module (see `requestLogging`), when the app logs. */
  static forConfig(config: ApiConfig, logging: DynamicModule[] = []): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ...logging,
        InfraModule,
        MetricsModule,
        TenantsModule,
        InvoicesModule,
        CasesModule,
        ClientsModule,
        WebhooksModule,
        OutboundWebhooksModule,
        ReportsModule,
        RatesModule,
        HealthModule,
        ActionLinksModule,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [API_CONFIG],
    };
  }
}
