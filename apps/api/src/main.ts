import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { migrate } from '@relance/persistence';
import { AppModule } from './app.module';
import { requireJsonBodies } from './common/http';
import { createJsonLogger, JsonLogger, requestLogging } from './common/logger';
import { operationId } from './common/operation-ids';
import { documentBodyProblems } from './common/openapi';
import { ApiConfig, loadApiConfig } from './config';
import { describeRegistration } from './invoices/openapi-notes';
import { documentWebhookEvents } from './outbound-webhooks/openapi-events';
import { LoopbackMetricsServer } from './metrics/loopback-server';
import { Metrics } from './metrics/metrics';
import { TenantsService } from './tenants/tenants.service';
import { WebhookSecretsService } from './tenants/webhook-secrets.service';

const DESCRIPTION = `Durable dunning: register invoices, follow their cases, report payments.

* Authenticate with \`Authorization: Bearer <api key>\` on every /v1 route except the webhooks; a key sees only its tenant's data.
* Each tenant has a request budget on these routes, shared by all its keys (by default 1,200 a minute, bursts of 200); over it, 429 with \`Retry-After\` (seconds). The webhooks are not counted.
* Amounts are decimal strings with the currency's minor digits ("1200.00"); dates are YYYY-MM-DD.
* Errors are RFC 9457 \`application/problem+json\`; invalid input answers 422 with every invalid field in \`errors[{path, message}]\`; unknown fields are refused; bodies are JSON, at most 1 MiB.`;

function nestLogLevels(level: string): LogLevel[] | false {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const upTo = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 }[level];
  return upTo === undefined ? false : order.slice(0, upTo + 1);
}

/** Builds the Nest application (routes, body limit, problem+json, OpenAPI) without listening. */
export async function createApp(config: ApiConfig): Promise<NestExpressApplication> {
  const logs = nestLogLevels(config.logLevel) !== false;
  const logger = createJsonLogger(logs ? config.logLevel : 'silent');
  const logging = requestLogging(logger);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forConfig(config, [logging.module]),
    {
      bodyParser: false,
      // Webhooks verify their signature over the exact bytes received.
      rawBody: true,
      logger: logs ? new JsonLogger(logger) : false,
    },
  );
  // First: every response carries its X-Request-Id, body-parser refusals included; then Nest's
  // own lines go through nestjs-pino, so those written within a request carry its id.
  app.use(logging.middleware);
  if (logs) app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(app.get(Metrics).middleware);
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  // The confirm forms of the action-link pages (requireJsonBodies lets them through only there).
  app.useBodyParser('urlencoded', { limit: '16kb', extended: false });
  app.enableShutdownHooks();
  // nestjs-zod: turns the zod DTOs' JSON Schema into OpenAPI 3.0 (nullable, refs, non-object bodies).
  const document = cleanupOpenApiDoc(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Relance API')
        .setDescription(DESCRIPTION)
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
        .build(),
      { operationIdFactory: operationId },
    ),
  );
  describeRegistration(document);
  documentBodyProblems(document);
  documentWebhookEvents(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  await app.init();
  return app;
}

export async function runApi(config: ApiConfig = loadApiConfig()): Promise<NestExpressApplication> {
  if (config.migrate) await migrate(config.databaseUrl);
  const app = await createApp(config);
  // Secrets stored before encryption get encrypted; a RELANCE_SECRET_KEY that opens none stops here.
  await app.get(WebhookSecretsService).sealStoredSecrets();
  await app.get(TenantsService).bootstrap(config.bootstrap.apiKey, config.bootstrap.webhookSecret);
  await app.listen(config.port, config.host);
  await app.get(LoopbackMetricsServer).listen();
  return app;
}

if (require.main === module) {
  runApi().catch((err: unknown) => {
    process.stderr.write(
      `relance api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
