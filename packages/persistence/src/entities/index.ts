import { ApiKeyEntity } from './api-key.entity';
import { EmailEntity } from './email.entity';
export type { StoredEmail } from './email.entity';
import { InvoiceDocumentEntity } from './invoice-document.entity';
import { InvoiceEntity } from './invoice.entity';
export type { CaseRecord } from './invoice.entity';
import { PaymentEntity } from './payment.entity';
import { RateFigureEntity } from './rate-figure.entity';
import { TenantEntity } from './tenant.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { WebhookEventEntity } from './webhook-event.entity';

export {
  ApiKeyEntity,
  EmailEntity,
  InvoiceDocumentEntity,
  InvoiceEntity,
  PaymentEntity,
  RateFigureEntity,
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
  InvoiceDocumentEntity,
  PaymentEntity,
  WebhookEventEntity,
  RateFigureEntity,
];
