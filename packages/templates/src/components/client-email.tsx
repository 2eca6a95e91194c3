import type { ReactNode } from 'react';
import { groupContextOf, type EmailContext } from '../context';
import type { GroupedInvoiceLine, MessageBase } from '../types';
import { creditorFrame, InvoiceFactsBlock, PaymentBlock } from './blocks';
import { AlsoOutstandingBlock } from './grouped';
import { EmailLayout } from './layout';

export interface ClientEmailProps {
  message: MessageBase;
  ctx: EmailContext;
  preview: string;
  heading: string;
  paragraphs: string[];
  /** Amount to pay now; defaults to the balance. */
  amount?: string;
  /** False once nothing is left to pay. */
  showPayment?: boolean;
  /** False where the copy already accounts for payments (confirmation). */
  partPaymentNote?: boolean;
  /** Blocks shown before the invoice facts (penalty breakdown…). */
  children?: ReactNode;
  /** The client's other overdue invoices, listed after how to pay (client grouping). */
  alsoOutstanding?: readonly GroupedInvoiceLine[];
}

/**
 * The body every client email shares: the copy, then the invoice facts, how to pay and the
 * creditor's signature. After a partial payment the copy states total, paid and balance.
 */
export function ClientEmail(props: ClientEmailProps) {
  const { message, ctx } = props;
  const { m, v } = ctx;
  const [first = '', ...rest] = props.paragraphs;
  const paragraphs =
    v.partlyPaid && props.partPaymentNote !== false ? [first, m.partlyPaid(v), ...rest] : props.paragraphs;
  return (
    <EmailLayout
      lang={message.locale}
      preview={props.preview}
      heading={props.heading}
      greeting={m.greeting(message.client.name)}
      paragraphs={paragraphs}
      closing={[m.questions()]}
      {...creditorFrame(ctx, message)}
    >
      {props.children}
      <InvoiceFactsBlock ctx={ctx} invoice={message.invoice} />
      {props.showPayment === false ? null : (
        <PaymentBlock
          ctx={ctx}
          creditor={message.creditor}
          invoice={message.invoice}
          amount={props.amount ?? v.balance}
        />
      )}
      {props.alsoOutstanding?.length ? (
        <AlsoOutstandingBlock
          ctx={groupContextOf({ ...message, invoices: [message.invoice] })}
          chased={[message.invoice]}
          others={props.alsoOutstanding}
        />
      ) : null}
    </EmailLayout>
  );
}
