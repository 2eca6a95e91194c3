import { Initial1763900000000 } from './1763900000000-initial';
import { ApiIndexes1764000000000 } from './1764000000000-api-indexes';
import { ProjectionVersion1764100000000 } from './1764100000000-projection-version';
import { RateFigures1764200000000 } from './1764200000000-rate-figures';
import { TenantSecurity1764300000000 } from './1764300000000-tenant-security';
import { InvoiceDocuments1764400000000 } from './1764400000000-invoice-documents';
import { EmailPayload1764500000000 } from './1764500000000-email-payload';
import { CaseExtra1764600000000 } from './1764600000000-case-extra';
import { CaseRecord1764700000000 } from './1764700000000-case-record';
import { InvoicePdfOutOfPayload1764820000000 } from './1764820000000-invoice-pdf-out-of-payload';
import { AttachmentContents1764820000001 } from './1764820000001-attachment-contents';
import { ApiSecurity1764830000000 } from './1764830000000-api-security';
import { ReplyTokens1764840000000 } from './1764840000000-reply-tokens';
import { WebhookClaims1764850000000 } from './1764850000000-webhook-claims';
import { ClientAccounts1764870000000 } from './1764870000000-client-accounts';
import { OutboundWebhooks1764880000000 } from './1764880000000-outbound-webhooks';
import { UsedActionLinks1764886000000 } from './1764886000000-used-action-links';

/** In order. Never edit a released migration: add a new one. */
export const MIGRATIONS = [
  Initial1763900000000,
  ApiIndexes1764000000000,
  ProjectionVersion1764100000000,
  RateFigures1764200000000,
  TenantSecurity1764300000000,
  InvoiceDocuments1764400000000,
  EmailPayload1764500000000,
  CaseExtra1764600000000,
  CaseRecord1764700000000,
  InvoicePdfOutOfPayload1764820000000,
  AttachmentContents1764820000001,
  ApiSecurity1764830000000,
  ReplyTokens1764840000000,
  WebhookClaims1764850000000,
  ClientAccounts1764870000000,
  OutboundWebhooks1764880000000,
  UsedActionLinks1764886000000,
];
