import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { Fragment, type CSSProperties } from 'react';
import type { EmailContext } from '../context';
import type { Messages } from '../messages';
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
          ...(v.paidSome ? ([[m.facts.paid, v.paid]] satisfies Row[]) : []),
          ...(v.credited ? ([[m.facts.credited, v.credited]] satisfies Row[]) : []),
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
  return (
    <PaymentDetails
      m={m}
      creditor={props.creditor}
      amounts={[[m.pay.amount, props.amount, true]]}
      reference={props.invoice.number}
      paymentUrl={props.invoice.paymentUrl}
    />
  );
}

/**
 * How to pay, for one invoice or several: the amounts, the creditor's bank details and the transfer
 * reference, then one payment link (with a button) or one link per invoice.
 */
export function PaymentDetails(props: {
  m: Messages;
  creditor: Creditor;
  amounts: Row[];
  reference: string;
  paymentUrl?: string;
  /** One link per invoice, when there is no link for all of them. */
  links?: [number: string, url: string][];
}) {
  const { m, creditor, paymentUrl } = props;
  const rows: Row[] = [...props.amounts];
  if (creditor.iban) rows.push([m.pay.iban, creditor.iban]);
  if (creditor.bic) rows.push([m.pay.bic, creditor.bic]);
  rows.push([m.pay.reference, props.reference]);
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
      {paymentUrl ? (
        <Section style={{ marginTop: '12px' }}>
          <Text style={small}>
            {m.pay.link} <Link href={paymentUrl}>{paymentUrl}</Link>
          </Text>
          <Button
            href={paymentUrl}
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
      {!paymentUrl && props.links?.length ? (
        <Section style={{ marginTop: '12px' }}>
          <Text style={small}>
            {m.grouped.pay.links}
            <LinkLines m={m} links={props.links} />
          </Text>
        </Section>
      ) : null}
    </Section>
  );
}

/** One "F-2026-0042 : https://…" line per invoice, each after a line break. */
export function LinkLines({
  m,
  links,
}: {
  m: Messages;
  links: readonly (readonly [number: string, url: string])[];
}) {
  return links.map(([number, url]) => (
    <Fragment key={number}>
      <br />
      {m.grouped.labelled(number)}
      <Link href={url}>{url}</Link>
    </Fragment>
  ));
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
  return frameOf(ctx.m, message.creditor, ctx.v.creditor, ctx.m.footer(ctx.v));
}

/** The frame of a client email: brand, signature, and a footer line saying what it is about. */
export function frameOf(m: Messages, creditor: Creditor, label: string, about: string) {
  return {
    brand: label,
    signature: {
      signOff: m.signOff,
      name: creditor.fromName,
      organisation: label,
      lines: [[creditor.email, creditor.phone].filter(Boolean).join(' · '), creditor.address ?? ''],
    },
    footer: [
      about,
      [label, creditor.address].filter(Boolean).join(' · '),
      m.legalIds(creditor.registrationNumber, creditor.vatNumber),
    ],
  };
}

export const h2 = {
  fontSize: '15px',
  lineHeight: '22px',
  color: colors.accent,
  margin: '0 0 8px',
  fontWeight: 700,
};
export const cell = { fontSize: '14px', lineHeight: '20px', padding: '4px 0', verticalAlign: 'top' as const };
export const small = { fontSize: '14px', lineHeight: '20px', color: colors.ink, margin: '0 0 6px' };
