import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A tenant's receiver of outbound events (SPEC 3.2b); `events` null: every event type. */
export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  events: string[] | null;
  description: string | null;
  createdAt: Date;
}

/** With its signing secret as stored (sealed with RELANCE_SECRET_KEY, see `endpointSecretContext`). */
export interface StoredWebhookEndpoint extends WebhookEndpoint {
  secret: string;
  deletedAt: Date | null;
}

/** What the sealed secret is bound to: copied to another endpoint's row, it does not open. */
export const endpointSecretContext = (tenantId: string, endpointId: string) =>
  `relance/webhook-endpoint/${tenantId}/${endpointId}`;

const COLUMNS = `id, tenant_id AS "tenantId", url, events, description, created_at AS "createdAt"`;

/** `webhook_endpoints`: registered, listed and deleted by the API, read by the delivery worker. */
export class WebhookEndpoints {
  constructor(private readonly db: DataSource) {}

  /** Stores an endpoint; `seal` seals its secret for the id it gets. */
  async create(
    endpoint: Pick<WebhookEndpoint, 'tenantId' | 'url' | 'events' | 'description'>,
    seal: (id: string) => string,
  ): Promise<WebhookEndpoint> {
    const id = randomUUID();
    const [row] = (await this.db.query(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, events, description, secret)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [id, endpoint.tenantId, endpoint.url, endpoint.events, endpoint.description, seal(id)],
    )) as WebhookEndpoint[];
    return row!;
  }

  list(tenantId: string): Promise<WebhookEndpoint[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND deleted_at IS NULL
        ORDER BY created_at, id`,
      [tenantId],
    ) as Promise<WebhookEndpoint[]>;
  }

  async get(tenantId: string, id: string): Promise<WebhookEndpoint | null> {
    const [row] = (await this.db.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [tenantId, id],
    )) as WebhookEndpoint[];
    return row ?? null;
  }

  /** Deleted endpoints stay for the delivery log; nothing more is posted to them. True when found. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE webhook_endpoints SET deleted_at = now()
        WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [tenantId, id],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  /** The endpoint with its sealed secret, deleted or not (the delivery worker). */
  async stored(id: string): Promise<StoredWebhookEndpoint | null> {
    const [row] = (await this.db.query(
      `SELECT ${COLUMNS}, secret, deleted_at AS "deletedAt" FROM webhook_endpoints WHERE id = $1`,
      [id],
    )) as StoredWebhookEndpoint[];
    return row ?? null;
  }

  /** Every endpoint's sealed secret (`secrets rotate`). */
  sealedSecrets(): Promise<{ id: string; tenantId: string; secret: string }[]> {
    return this.db.query(
      `SELECT id, tenant_id AS "tenantId", secret FROM webhook_endpoints ORDER BY id`,
    ) as Promise<{ id: string; tenantId: string; secret: string }[]>;
  }

  /** Replaces the sealed secret unless another run changed it meanwhile; true when replaced. */
  async replaceSecret(id: string, previous: string, next: string): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE webhook_endpoints SET secret = $3 WHERE id = $1 AND secret = $2 RETURNING id`,
      [id, previous, next],
    )) as [unknown[], number];
    return rows[1] > 0;
  }
}
