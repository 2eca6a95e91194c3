export * from './types';
export { renderEmail, renderGuarded } from './render';
export { renderFormalNoticePdf } from './documents/formal-notice';
export { renderDossierPdf } from './documents/dossier';
export { buildDossierJson } from './documents/dossier-json';
export { CourtesyEmail } from './emails/courtesy.email';
export { FriendlyEmail } from './emails/friendly.email';
export { FirmEmail } from './emails/firm.email';
export { UrgentEmail } from './emails/urgent.email';
export { PromiseMissedEmail } from './emails/promise-missed.email';
export { InstalmentDueEmail } from './emails/instalment-due.email';
export { FormalNoticeEmail } from './emails/formal-notice.email';
export { PaymentConfirmationEmail } from './emails/payment-confirmation.email';
export { CreditorAlertEmail } from './emails/creditor-alert.email';
export { LegalHandoffEmail } from './emails/legal-handoff.email';
export { formatter, type Formatter } from './format';
export {
  sampleCreditor,
  sampleClient,
  sampleInvoice,
  sampleMessage,
  sampleFormalNotice,
  sampleDossier,
} from './fixtures';
