import { Heading, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import type { GroupContext } from '../context';
import {
  isPositive,
  joinList,
  sumAmounts,
  totalsByCurrency,
  transferReference,
  type CurrencyTotal,
} from '../format';
import type { Creditor, GroupedInvoiceLine, GroupedNoticeLine, InvoiceFacts } from '../types';
import { cell, h2, LinkLines, PaymentDetails, small, type Row } from './blocks';
import { colors, nowrap } from './styles';

// Blocks of the emails about several invoices of one client: the invoice list, the invoice PDFs,
// one payment block, the other overdue invoices, the formal notice's sums per invoice.

interface Column {
  title: string;
  align?: 'right';
}

interface TableRow {
  cells: string[];
  strong?: boolean;
}

/** A boxed section with a heading, as the single-invoice facts are shown. */
function Panel({ title, children }: { title: string; children: ReactNode }) {
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
      {children}
    </Section>
  );
}

/** Columns with a header row; the plain-text part keeps them as aligned columns. */
function ListTable({ columns, rows }: { columns: Column[]; rows: TableRow[] }) {
  const style = (c: Column | undefined) => ({
    ...cell,
    fontSize: '13px',
    paddingRight: '8px',
    textAlign: c?.align ?? ('left' as const),
    ...(c?.align ? nowrap : {}),
  });
  return (
    <table className="facts" width="100%" cellPadding={0} cellSpacing={0}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} style={{ ...style(c), color: colors.muted, fontWeight: 400 }}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.cells.map((value, j) => (
              <td
                key={j}
                style={{ ...style(columns[j]), color: colors.ink, fontWeight: r.strong ? 700 : 400 }}
              >
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const balances = (lines: readonly InvoiceFacts[]): CurrencyTotal[] =>
  totalsByCurrency(lines, (l) => l.balance);

/** Each invoice (number, dates, balance, days late), then the total per currency. */
export function InvoiceList(props: {
  ctx: GroupContext;
  lines: readonly GroupedInvoiceLine[];
  title: string;
  totalLabel?: string;
}) {
  const { m, f } = props.ctx;
  const l = m.grouped.list;
  const rows: TableRow[] = props.lines.map((line) => ({
    cells: [
      line.number,
      f.date(line.issueDate),
      f.date(line.dueDate),
      f.money(line.balance, line.currency),
      l.daysLate(line.daysLate),
    ],
  }));
  for (const t of balances(props.lines))
    rows.push({
      cells: [props.totalLabel ?? l.total, '', '', f.money(t.amount, t.currency), ''],
      strong: true,
    });
  const partlyPaid = props.lines.some((line) => isPositive(line.paid, line.currency));
  const credited = props.lines.some((line) => line.credited && isPositive(line.credited, line.currency));
  const note = credited ? m.grouped.creditedNote : partlyPaid ? m.grouped.partlyPaidNote : undefined;
  return (
    <Panel title={props.title}>
      <ListTable
        columns={[
          { title: l.number },
          { title: l.issueDate },
          { title: l.dueDate },
          { title: l.balance, align: 'right' },
          { title: l.late, align: 'right' },
        ]}
        rows={rows}
      />
      {note ? <Text style={{ ...small, margin: '8px 0 0' }}>{note}</Text> : null}
    </Panel>
  );
}

/** Which invoice PDFs are attached, which can be downloaded, which are sent on request. */
export function PdfNote({ ctx, lines }: { ctx: GroupContext; lines: readonly GroupedInvoiceLine[] }) {
  const { m } = ctx;
  const numbers = (ls: GroupedInvoiceLine[]) =>
    joinList(
      ls.map((l) => l.number),
      m.grouped.and,
    );
  const attached = lines.filter((l) => l.pdfAttached === true);
  const linked = lines.filter((l) => l.pdfAttached === false && l.pdfUrl);
  const onRequest = lines.filter((l) => l.pdfAttached === false && !l.pdfUrl);
  if (!attached.length && !linked.length && !onRequest.length) return null;
  return (
    <Section style={{ margin: '0 0 16px' }}>
      {attached.length ? (
        <Text style={small}>{m.grouped.pdfs.attached(numbers(attached), attached.length)}</Text>
      ) : null}
      {linked.length ? (
        <Text style={small}>
          {m.grouped.pdfs.linked}
          <LinkLines m={m} links={linked.map((l) => [l.number, l.pdfUrl ?? ''])} />
        </Text>
      ) : null}
      {onRequest.length ? (
        <Text style={small}>{m.grouped.pdfs.onRequest(numbers(onRequest), onRequest.length)}</Text>
      ) : null}
    </Section>
  );
}

/**
 * One payment block for all the invoices: the amount per currency, the bank details, the invoice
 * numbers as reference, one link for the account (or the one they share), else one per invoice.
 */
export function GroupPaymentBlock(props: {
  ctx: GroupContext;
  creditor: Creditor;
  lines: readonly InvoiceFacts[];
  amounts: readonly CurrencyTotal[];
  paymentUrl?: string;
  paymentReference?: string;
}) {
  const { m, f } = props.ctx;
  const urls = [...new Set(props.lines.map((l) => l.paymentUrl))];
  const shared = urls.length === 1 ? urls[0] : undefined;
  const reference =
    props.paymentReference ??
    transferReference(props.lines.map((l) => l.number)) ??
    m.grouped.pay.referenceMany;
  return (
    <PaymentDetails
      m={m}
      creditor={props.creditor}
      amounts={props.amounts.map((t): Row => [m.pay.amount, f.money(t.amount, t.currency), true])}
      reference={reference}
      paymentUrl={props.paymentUrl ?? shared}
      links={props.lines.flatMap((l) => (l.paymentUrl ? [[l.number, l.paymentUrl] as [string, string]] : []))}
    />
  );
}

/** The client's other overdue invoices, apart from those the message chases, and the account total. */
export function AlsoOutstandingBlock(props: {
  ctx: GroupContext;
  chased: readonly InvoiceFacts[];
  others: readonly GroupedInvoiceLine[];
}) {
  const { m, f } = props.ctx;
  const a = m.grouped.alsoOutstanding;
  const rows: TableRow[] = props.others.map((line) => ({
    cells: [
      line.number,
      f.date(line.issueDate),
      f.date(line.dueDate),
      f.money(line.balance, line.currency),
      m.grouped.list.daysLate(line.daysLate),
    ],
  }));
  for (const t of balances(props.others))
    rows.push({ cells: [a.total, '', '', f.money(t.amount, t.currency), ''], strong: true });
  for (const t of balances([...props.chased, ...props.others]))
    rows.push({ cells: [a.accountTotal, '', '', f.money(t.amount, t.currency), ''], strong: true });
  const l = m.grouped.list;
  return (
    <Panel title={a.title}>
      <Text style={{ ...small, margin: '0 0 8px' }}>{a.intro}</Text>
      <ListTable
        columns={[
          { title: l.number },
          { title: l.issueDate },
          { title: l.dueDate },
          { title: l.balance, align: 'right' },
          { title: l.late, align: 'right' },
        ]}
        rows={rows}
      />
    </Panel>
  );
}

/** What a notice claims for one invoice: its balance plus its own penalties. */
export const claimOf = (line: GroupedNoticeLine): string =>
  sumAmounts(line.currency, line.balance, line.penalties.total);

/** The formal notice's sums: per invoice principal, interest, indemnity and total; the grand total. */
export function NoticeTable({ ctx, lines }: { ctx: GroupContext; lines: readonly GroupedNoticeLine[] }) {
  const { m, f } = ctx;
  const n = m.grouped.notice;
  const fees = lines.some((l) => isPositive(l.penalties.fixedFee, l.currency));
  const row = (cells: string[], fee: string): string[] =>
    fees ? [...cells.slice(0, 3), fee, cells[3]!] : cells;
  const rows: TableRow[] = lines.map((l) => ({
    cells: row(
      [
        l.number,
        f.money(l.balance, l.currency),
        f.money(l.penalties.interest, l.currency),
        f.money(claimOf(l), l.currency),
      ],
      isPositive(l.penalties.fixedFee, l.currency) ? f.money(l.penalties.fixedFee, l.currency) : '—',
    ),
  }));
  const provisional = lines.some(
    (l) => l.penalties.provisional || l.penalties.periods.some((p) => p.provisional),
  );
  for (const currency of new Set(lines.map((l) => l.currency))) {
    const of = lines.filter((l) => l.currency === currency);
    const sum = (pick: (l: GroupedNoticeLine) => string) =>
      f.money(sumAmounts(currency, ...of.map(pick)), currency);
    rows.push({
      cells: row(
        [
          provisional ? n.totalDueProvisional : n.totalDue,
          sum((l) => l.balance),
          sum((l) => l.penalties.interest),
          sum(claimOf),
        ],
        sum((l) => l.penalties.fixedFee),
      ),
      strong: true,
    });
  }
  const asOf = lines[0]?.penalties.asOf;
  const columns: Column[] = [
    { title: n.number },
    { title: n.principal, align: 'right' },
    { title: n.interest, align: 'right' },
    ...(fees ? [{ title: n.fixedFee, align: 'right' as const }] : []),
    { title: n.total, align: 'right' },
  ];
  return (
    <Panel title={n.title(asOf ? f.date(asOf) : '')}>
      <ListTable columns={columns} rows={rows} />
      <Text style={{ ...small, margin: '8px 0 0' }}>{n.detailInLetter}</Text>
    </Panel>
  );
}
