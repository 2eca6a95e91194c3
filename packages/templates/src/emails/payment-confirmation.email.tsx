import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import { isPositive } from '../format';
import type { PaymentConfirmationMessage } from '../types';

/** Thanks the client; shows how to pay only if a balance remains. */
export function PaymentConfirmationEmail(props: PaymentConfirmationMessage) {
  const ctx = contextOf(props);
  const settled = !isPositive(props.invoice.balance, props.invoice.currency);
  const x = { amountPaid: ctx.f.money(props.amountPaid), paidAt: ctx.f.date(props.paidAt), settled };
  return (
    <ClientEmail
      message={props}
      ctx={ctx}
      showPayment={!settled}
      partPaymentNote={false}
      {...texts(ctx.m.payment_confirmation, ctx.v, x)}
    />
  );
}

PaymentConfirmationEmail.subject = (props: PaymentConfirmationMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.payment_confirmation(v);
};
PaymentConfirmationEmail.PreviewProps = sampleMessage('payment_confirmation');

// The preview server loads each file's default export.
export default PaymentConfirmationEmail;
