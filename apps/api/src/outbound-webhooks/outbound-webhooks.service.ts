import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  endpointSecretContext,
  SecretBox,
  type TenantEntity,
  type WebhookDelivery,
  WebhookDeliveries,
  type WebhookEndpoint,
  WebhookEndpoints,
} from '@relance/persistence';
import { endpointWaker, webhookUrlProblem } from '@relance/workflows';
import type { Client } from '@temporalio/client';
import { API_CONFIG, type ApiConfig } from '../config';
import { invalid, Problem } from '../common/problem';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import type { CreateEndpointBodyDto, DeliveryQueryDto } from './schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = (what: string) => new Problem(404, 'Not found', `no such ${what} for this API key`);

/** Endpoints (secret sealed at rest, shown once), the delivery log and redelivery (SPEC 3.2b). */
@Injectable()
export class OutboundWebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly deliveries: WebhookDeliveries,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** 422 naming `url` when the worker's address guard would refuse it. */
  async create(tenant: TenantEntity, body: CreateEndpointBodyDto) {
    const problem = webhookUrlProblem(body.url, this.config.pdfFetch.allowHosts);
    if (problem) throw invalid([{ path: 'url', message: problem }]);
    // Standard Webhooks secrets: `whsec_` and 24 random bytes in base64.
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const endpoint = await this.endpoints.create(
      {
        tenantId: tenant.id,
        url: body.url,
        events: body.events === 'all' ? null : [...new Set(body.events)],
        description: body.description ?? null,
      },
      (id) => this.box.seal(secret, endpointSecretContext(tenant.id, id)),
    );
    return { ...endpointView(endpoint), secret };
  }

  async list(tenant: TenantEntity) {
    return { items: (await this.endpoints.list(tenant.id)).map(endpointView) };
  }

  async get(tenant: TenantEntity, id: string) {
    const endpoint = UUID.test(id) ? await this.endpoints.get(tenant.id, id) : null;
    if (!endpoint) throw notFound('webhook endpoint');
    return endpointView(endpoint);
  }

  async delete(tenant: TenantEntity, id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.endpoints.delete(tenant.id, id))) throw notFound('webhook endpoint');
  }

  async log(tenant: TenantEntity, query: DeliveryQueryDto) {
    const rows = await this.deliveries.log(tenant.id, {
      endpointId: query.endpointId,
      status: query.status,
      limit: query.limit + 1,
      after: query.cursor,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(deliveryView),
      nextCursor: rows.length > query.limit ? page.at(-1)!.seq : null,
    };
  }

  /**
   * Queues the event again (same `webhook-id`) behind the endpoint's pending deliveries. The row
   * is the queue: when Temporal cannot be told now, the endpoint's workflow finds it at its next look.
   */
  async redeliver(tenant: TenantEntity, id: string) {
    const delivery = UUID.test(id) ? await this.deliveries.redeliver(tenant.id, id) : null;
    if (!delivery) throw notFound('webhook delivery (or its endpoint was deleted)');
    await endpointWaker(
      this.temporal,
      this.config.temporal.taskQueue,
    )([delivery.endpointId]).catch(() => undefined);
    return deliveryView(delivery);
  }
}

function endpointView(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    events: e.events ?? ('all' as const),
    description: e.description,
    createdAt: e.createdAt.toISOString(),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    type: d.type,
    externalId: d.externalId,
    sequence: d.caseSequence,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastAttemptAt: iso(d.lastAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    failedAt: iso(d.failedAt),
    createdAt: d.createdAt.toISOString(),
  };
}
