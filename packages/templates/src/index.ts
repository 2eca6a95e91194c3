export * from './types';
export { renderEmail, renderGuarded } from './render';
export { renderFormalNoticePdf, renderGroupedFormalNoticePdf } from './documents/formal-notice';
export { renderDossierPdf, renderGroupedDossierPdf } from './documents/dossier';
export { buildDossierJson, buildGroupedDossierJson } from './documents/dossier-json';
export { renderStatementPdf } from './documents/statement';
export {
  dossierFileNames,
  formalNoticeFileName,
  invoicePdfFileName,
  statementFileName,
} from './documents/file-names';
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
export { GroupedReminderEmail } from './emails/grouped-reminder.email';
export { GroupedFormalNoticeEmail } from './emails/grouped-formal-notice.email';
export { formatter, totalsByCurrency, type CurrencyTotal, type Formatter } from './format';
export {
  sampleCreditor,
  sampleClient,
  sampleInvoice,
  sampleMessage,
  sampleFormalNotice,
  sampleDossier,
} from './fixtures';
export {
  sampleGroupedLines,
  sampleNoticeLines,
  sampleAlsoOutstanding,
  sampleGroupedReminder,
  sampleGroupedFormalNoticeMessage,
  sampleGroupedFormalNotice,
  sampleGroupedDossier,
  sampleStatement,
} from './fixtures-grouped';
export {
  renderActionPage,
  type ActionField,
  type ActionPageProps,
  type ActionPageState,
  type ActionSummary,
} from './pages/action-page';
export { actionMessages, type ActionFieldName } from './messages/actions';
