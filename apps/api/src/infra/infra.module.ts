import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import {
  ApiKeys,
  ClientAccounts,
  ClientPayments,
  createDataSource,
  Emails,
  Invoices,
  Payments,
  RateFigures,
  SecretBox,
  Tenants,
  Timeline,
  WebhookEvents,
  WebhookDeliveries,
  WebhookEndpoints,
} from '@relance/persistence';
import { temporalConnectionOptions } from '@relance/workflows';
import { DataSource } from 'typeorm';
import { API_CONFIG, ApiConfig } from '../config';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

const REPOSITORIES = [
  ApiKeys,
  ClientAccounts,
  ClientPayments,
  Emails,
  Invoices,
  Payments,
  RateFigures,
  Tenants,
  Timeline,
  WebhookDeliveries,
  WebhookEndpoints,
  WebhookEvents,
];

/** Postgres (and its repositories), Temporal and the key of the secrets at rest, one of each per process; closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [API_CONFIG],
      useFactory: async (config: ApiConfig) => {
        const ds = createDataSource({ url: config.databaseUrl, poolSize: 10 });
        return ds.initialize();
      },
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => {
        // Lazy: the API starts (and answers 503 on readiness) while Temporal is unreachable.
        const connection = Connection.lazy(temporalConnectionOptions(config.temporal));
        return new Client({ connection, namespace: config.temporal.namespace });
      },
    },
    // The repositories of @relance/persistence, one of each over the process's DataSource.
    ...REPOSITORIES.map((repository) => ({
      provide: repository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new repository(db),
    })),
    {
      provide: SecretBox,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => new SecretBox(config.secretKey, config.previousSecretKeys),
    },
  ],
  exports: [DataSource, TEMPORAL_CLIENT, SecretBox, ...REPOSITORIES],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close().catch(() => undefined);
    if (this.db.isInitialized) await this.db.destroy();
  }
}
