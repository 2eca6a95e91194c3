import { endpointSecretContext, SecretBox, WebhookDeliveries, WebhookEndpoints } from '@relance/persistence';
import type { WebhookActivities } from '@relance/workflows';
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { postSigned } from './post';

export interface WebhookDeps {
  db: DataSource;
  /** Opens the endpoints' secrets (RELANCE_SECRET_KEY); without it no event can be signed. */
  box?: SecretBox;
  /** RELANCE_PDF_FETCH_ALLOW_HOSTS: the same development allow-list as the invoice PDFs. */
  allowHosts: readonly string[];
  logger: Pick<Logger, 'warn'>;
  /** DNS resolution; tests substitute one. */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
}

/** The delivery workflow's activities: the next pending delivery, one signed attempt, giving up. */
export function createWebhookActivities({
  db,
  box,
  allowHosts,
  logger,
  resolve,
}: WebhookDeps): WebhookActivities {
  const deliveries = new WebhookDeliveries(db);
  const endpoints = new WebhookEndpoints(db);
  return {
    nextWebhookDelivery: ({ endpointId }) => deliveries.next(endpointId),

    async postWebhook({ deliveryId }) {
      const delivery = await deliveries.toPost(deliveryId);
      if (!delivery || delivery.status !== 'pending') return; // delivered meanwhile, or given up
      const endpoint = await endpoints.stored(delivery.endpointId);
      if (!endpoint || endpoint.deletedAt) return; // nothing more goes to a deleted endpoint
      if (!box) {
        throw ApplicationFailure.retryable('RELANCE_SECRET_KEY is not set on the worker', 'WebhookFailed');
      }
      const secret = box.open(endpoint.secret, endpointSecretContext(endpoint.tenantId, endpoint.id));
      let outcome;
      try {
        outcome = await postSigned(
          endpoint.url,
          { id: delivery.eventId, body: JSON.stringify(delivery.payload), secret },
          { allowHosts, resolve, log: logger },
        );
      } catch (err) {
        await deliveries.recordAttempt(deliveryId, {
          statusCode: null,
          error: (err as Error).message,
          delivered: false,
        });
        throw err;
      }
      const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
      await deliveries.recordAttempt(deliveryId, { ...outcome, delivered });
      if (!delivered) {
        throw ApplicationFailure.retryable(
          `webhook delivery failed: ${outcome.error ?? `the endpoint answered ${outcome.statusCode}`}`,
          'WebhookFailed',
        );
      }
    },

    failWebhookDelivery: ({ deliveryId, error }) => deliveries.markFailed(deliveryId, error),
  };
}
