import { ApiKeyEntity } from './api-key.entity';
import { AttachmentContentEntity } from './attachment-content.entity';
import { EmailEntity } from './email.entity';
export type { StoredAttachment, StoredEmail } from './email.entity';
import { InvoiceDocumentEntity } from './invoice-document.entity';
import { InvoiceEntity } from './invoice.entity';
import { PaymentEntity } from './payment.entity';
import { RateFigureEntity } from './rate-figure.entity';
import { TenantEntity } from './tenant.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { WebhookEventEntity } from './webhook-event.entity';

export {
  ApiKeyEntity,
  AttachmentContentEntity,
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
  AttachmentContentEntity,
  PaymentEntity,
  WebhookEventEntity,
  RateFigureEntity,
];
