import { ApiKeyEntity } from './api-key.entity';
import { EmailEntity } from './email.entity';
import { InvoiceEntity } from './invoice.entity';
import { PaymentEntity } from './payment.entity';
import { TenantEntity } from './tenant.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { WebhookEventEntity } from './webhook-event.entity';

export {
  ApiKeyEntity,
  EmailEntity,
  InvoiceEntity,
  PaymentEntity,
  TenantEntity,
  TimelineEventEntity,
  WebhookEventEntity,
};
export { minorUnits, row } from './columns';
export const ENTITIES = [
  TenantEntity,
  ApiKeyEntity,
  InvoiceEntity,
  TimelineEventEntity,
  EmailEntity,
  PaymentEntity,
  WebhookEventEntity,
];
