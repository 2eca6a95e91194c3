import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { migrate } from '@relance/persistence';
import { patchNestJsSwagger } from 'nestjs-zod';
import { AppModule } from './app.module';
import { ApiConfig, loadApiConfig } from './config';
import { TenantsService } from './tenants/tenants.service';

patchNestJsSwagger();

/** Builds the Nest application (routes, body limit, problem+json, OpenAPI) without listening. */
export async function createApp(config: ApiConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    bodyParser: false,
    logger: config.logLevel === 'silent' ? false : ['error', 'warn', 'log'],
  });
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Relance API')
      .setDescription('Durable dunning: register invoices, follow their cases, report payments. Errors are RFC 9457 problem+json.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}

export async function runApi(config: ApiConfig = loadApiConfig()): Promise<NestExpressApplication> {
  if (config.migrate) await migrate(config.databaseUrl);
  const app = await createApp(config);
  await app.get(TenantsService).bootstrap(config.bootstrap.apiKey, config.bootstrap.webhookSecret);
  await app.listen(config.port, config.host);
  return app;
}

if (require.main === module) {
  runApi().catch((err: unknown) => {
    process.stderr.write(`relance api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
