import { render, toPlainText } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import { CourtesyEmail } from './emails/courtesy.email';
import { CreditorAlertEmail } from './emails/creditor-alert.email';
import { FirmEmail } from './emails/firm.email';
import { FormalNoticeEmail } from './emails/formal-notice.email';
import { FriendlyEmail } from './emails/friendly.email';
import { GroupedFormalNoticeEmail } from './emails/grouped-formal-notice.email';
import { GroupedReminderEmail } from './emails/grouped-reminder.email';
import { InstalmentDueEmail } from './emails/instalment-due.email';
import { LegalHandoffEmail } from './emails/legal-handoff.email';
import { PaymentConfirmationEmail } from './emails/payment-confirmation.email';
import { PromiseMissedEmail } from './emails/promise-missed.email';
import { UrgentEmail } from './emails/urgent.email';
import { plainSpaces } from './format';
import type { EmailMessage, MessageOf, RenderedEmail, TemplateName } from './types';

interface EmailComponent<P> {
  (props: P): ReactElement;
  subject(props: P): string;
}

const emails: { [T in TemplateName]: EmailComponent<MessageOf<T>> } = {
  courtesy: CourtesyEmail,
  friendly: FriendlyEmail,
  firm: FirmEmail,
  urgent: UrgentEmail,
  promise_missed: PromiseMissedEmail,
  instalment_due: InstalmentDueEmail,
  formal_notice: FormalNoticeEmail,
  payment_confirmation: PaymentConfirmationEmail,
  creditor_alert: CreditorAlertEmail,
  legal_handoff: LegalHandoffEmail,
  grouped_reminder: GroupedReminderEmail,
  grouped_formal_notice: GroupedFormalNoticeEmail,
};

// Plain text keeps fact tables as aligned "label  value" lines and headings as written; react-email
// puts its own selectors (skip the preview line and images, no duplicate link URLs) before these.
const htmlToTextOptions = {
  selectors: [
    {
      selector: 'table.facts',
      format: 'dataTable',
      options: { uppercaseHeaderCells: false, colSpacing: 3, maxColumnWidth: 80 },
    },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
  ],
};

/** Renders any template: subject, HTML and plain text, in the message's locale. */
export async function renderEmail(message: EmailMessage): Promise<RenderedEmail> {
  const Email = emails[message.template] as EmailComponent<EmailMessage> | undefined;
  if (!Email) throw new Error(`unknown email template "${String(message.template)}"`);
  return renderGuarded(createElement(Email, message), Email.subject(message));
}

/**
 * The one way an email is rendered: HTML and plain text from the same element. Fails rather than
 * let an empty subject or body reach a client.
 */
export async function renderGuarded(element: ReactElement, subject: string): Promise<RenderedEmail> {
  const html = await render(element);
  // The text part converts the HTML part (as `render(element, { plainText: true })` does after a
  // second React render of the same element: half the work for the same text).
  const text = plainSpaces(toPlainText(html, htmlToTextOptions)).trim();
  const visible = html
    .replace(/<!DOCTYPE[^>]*>/i, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .trim();
  if (!subject.trim()) throw new Error('rendered email has an empty subject');
  if (!visible) throw new Error('rendered email has an empty HTML body');
  if (!text) throw new Error('rendered email has an empty plain-text body');
  return { subject: subject.trim(), html, text };
}
