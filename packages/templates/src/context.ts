import { formatter, isPositive, type Formatter } from './format';
import { messagesFor, type Copy, type Messages, type Vars } from './messages';
import type { MessageBase, Party } from './types';

/** Everything an email needs to speak to its reader: copy, formatter and the shared values. */
export interface EmailContext {
  m: Messages;
  f: Formatter;
  v: Vars;
}

export const partyLabel = (p: Party): string => p.company ?? p.name;

export function contextOf(message: MessageBase): EmailContext {
  const { invoice } = message;
  const f = formatter(message.locale, invoice.currency, message.timeZone);
  const v: Vars = {
    number: invoice.number,
    issueDate: f.date(invoice.issueDate),
    dueDate: f.date(invoice.dueDate),
    total: f.money(invoice.total),
    paid: f.money(invoice.paid),
    balance: f.money(invoice.balance),
    partlyPaid: isPositive(invoice.paid, invoice.currency),
    client: partyLabel(message.client),
    creditor: partyLabel(message.creditor),
  };
  return { m: messagesFor(message.locale), f, v };
}

/** Preview line, heading and paragraphs of one email's copy. */
export function texts<X>(
  copy: Copy<X>,
  v: Vars,
  x: X,
): { preview: string; heading: string; paragraphs: string[] } {
  return { preview: copy.preview(v, x), heading: copy.heading(v, x), paragraphs: copy.body(v, x) };
}
