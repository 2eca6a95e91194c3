import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { Fragment, type CSSProperties } from 'react';
import type { EmailContext } from '../context';
import type { Creditor, InvoiceFacts, MessageBase, PenaltyView } from '../types';
import { isPositive, sumAmounts } from '../format';
import { colors, nowrap } from './styles';

export type Row = [label: string, value: string, strong?: boolean];

/** The label/value rows of a facts table; `valueStyle` adds per-row styling to the value cell. */
function FactRows({ rows, valueStyle }: { rows: Row[]; valueStyle: (label: string) => CSSProperties }) {
  return (
    <table className="facts" width="100%" cellPadding={0} cellSpacing={0} role="presentation">
      <tbody>
        {rows.map(([label, value, strong], i) => (
          <tr key={i}>
            <td style={{ ...cell, color: colors.muted }}>{label}</td>
            <td
              style={{
                ...cell,
                ...nowrap,
                textAlign: 'right',
                fontWeight: strong ? 700 : 400,
                ...valueStyle(label),
              }}
            >
              {value}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A two-column table of facts; rendered as "label  value" lines in the plain-text part. */
export function FactsTable({ title, rows }: { title: string; rows: Row[] }) {
  return (
    <Section
      style={{
        backgroundColor: colors.panel,
        border: `1px solid ${colors.border}`,
        borderRadius: '6px',
        padding: '12px 16px',
        margin: '8px 0 16px',
      }}
    >
      <Heading as="h2" style={h2}>
        {title}
      </Heading>
      <FactRows rows={rows} valueStyle={() => ({ color: colors.ink })} />
    </Section>
  );
}

/** Invoice number, dates, and the amount due: total / already paid / balance once something is paid. */
export function InvoiceFactsBlock({
  ctx,
  invoice,
  neutral,
}: {
  ctx: EmailContext;
  invoice: InvoiceFacts;
  neutral?: boolean;
}) {
  const { m, v } = ctx;
  const rows: Row[] = [
    [m.facts.number, invoice.number],
    [m.facts.issueDate, v.issueDate],
    [m.facts.dueDate, v.dueDate],
    ...(v.partlyPaid
      ? ([
          [m.facts.total, v.total],
          [m.facts.paid, v.paid],
          [m.facts.balance, v.balance, true],
        ] satisfies Row[])
      : ([[m.facts.total, v.total, true]] satisfies Row[])),
  ];
  return <FactsTable title={neutral ? m.facts.titleNeutral : m.facts.title} rows={rows} />;
}

/** How to pay: bank transfer with the invoice number as reference, and the payment link when known. */
export function PaymentBlock(props: {
  ctx: EmailContext;
  creditor: Creditor;
  invoice: InvoiceFacts;
  amount: string;
}) {
  const { m } = props.ctx;
  const { creditor, invoice } = props;
  const rows: Row[] = [[m.pay.amount, props.amount, true]];
  if (creditor.iban) rows.push([m.pay.iban, creditor.iban]);
  if (creditor.bic) rows.push([m.pay.bic, creditor.bic]);
  rows.push([m.pay.reference, invoice.number]);
  return (
    <Section
      style={{
        border: `1px solid ${colors.border}`,
        borderRadius: '6px',
        padding: '12px 16px',
        margin: '8px 0 16px',
      }}
    >
      <Heading as="h2" style={h2}>
        {m.pay.title}
      </Heading>
      {creditor.iban ? <Text style={small}>{m.pay.transfer}</Text> : null}
      <FactRows
        rows={rows}
        valueStyle={(label) => ({ fontFamily: label === m.pay.iban ? 'monospace' : undefined })}
      />
      {invoice.paymentUrl ? (
        <Section style={{ marginTop: '12px' }}>
          <Text style={small}>
            {m.pay.link} <Link href={invoice.paymentUrl}>{invoice.paymentUrl}</Link>
          </Text>
          <Button
            href={invoice.paymentUrl}
            data-skip-in-text="true"
            style={{
              backgroundColor: colors.accent,
              color: '#ffffff',
              borderRadius: '6px',
              padding: '12px 22px',
              fontSize: '15px',
              fontWeight: 600,
            }}
          >
            {m.pay.button}
          </Button>
        </Section>
      ) : null}
    </Section>
  );
}

/** Principal, one interest line per rate period, the fixed indemnity, and the total due. */
export function PenaltyBlock({
  ctx,
  invoice,
  penalties,
}: {
  ctx: EmailContext;
  invoice: InvoiceFacts;
  penalties: PenaltyView;
}) {
  const { m, f, v } = ctx;
  const rows: Row[] = [[m.penalties.principal, v.balance]];
  for (const p of penalties.periods) {
    rows.push([
      m.penalties.interest(f.date(p.from), f.date(p.to), p.days, f.percent(p.ratePercent)),
      f.money(p.interest),
    ]);
    // A row of its own: appended to the label, it would wrap into the amount in the text part.
    if (p.provisional) rows.push([`(${m.penalties.provisionalRate})`, '']);
  }
  if (isPositive(penalties.fixedFee, invoice.currency))
    rows.push([m.penalties.fixedFee, f.money(penalties.fixedFee)]);
  const total = penalties.provisional ? m.penalties.totalDueProvisional : m.penalties.totalDue;
  rows.push([total, f.money(totalDue(invoice, penalties)), true]);
  return <FactsTable title={m.penalties.title(f.date(penalties.asOf))} rows={rows} />;
}

export const totalDue = (invoice: InvoiceFacts, penalties: PenaltyView): string =>
  sumAmounts(invoice.currency, invoice.balance, penalties.total);

export function Quote({ title, meta, text }: { title: string; meta: string; text: string }) {
  return (
    <Section
      style={{
        borderLeft: `4px solid ${colors.accent}`,
        backgroundColor: colors.panel,
        padding: '8px 16px',
        margin: '8px 0 16px',
      }}
    >
      <Text style={{ ...small, fontWeight: 700, margin: '4px 0' }}>
        {title} · {meta}
      </Text>
      {text.split(/\n{2,}/).map((para, i) => (
        <Text key={i} style={{ fontSize: '14px', lineHeight: '22px', color: colors.ink, margin: '4px 0' }}>
          <Lines lines={para.split('\n')} />
        </Text>
      ))}
    </Section>
  );
}

/** Lines separated by <br/>, so plain text keeps them apart too. */
export function Lines({ lines }: { lines: string[] }) {
  return lines.map((line, i) => (
    <Fragment key={i}>
      {i > 0 ? <br /> : null}
      {line}
    </Fragment>
  ));
}

/** Signature and legal footer built from the creditor's identity. */
export function creditorFrame(ctx: EmailContext, message: MessageBase) {
  const { creditor } = message;
  const { m, v } = ctx;
  return {
    brand: v.creditor,
    signature: {
      signOff: m.signOff,
      name: creditor.fromName,
      organisation: v.creditor,
      lines: [[creditor.email, creditor.phone].filter(Boolean).join(' · '), creditor.address ?? ''],
    },
    footer: [
      m.footer(v),
      [v.creditor, creditor.address].filter(Boolean).join(' · '),
      m.legalIds(creditor.registrationNumber, creditor.vatNumber),
    ],
  };
}

const h2 = { fontSize: '15px', lineHeight: '22px', color: colors.accent, margin: '0 0 8px', fontWeight: 700 };
const cell = { fontSize: '14px', lineHeight: '20px', padding: '4px 0', verticalAlign: 'top' as const };
const small = { fontSize: '14px', lineHeight: '20px', color: colors.ink, margin: '0 0 6px' };
