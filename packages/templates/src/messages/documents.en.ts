import type { DossierMessages, LetterMessages, StatementMessages } from './documents.types';

export const letterEn: LetterMessages = {
  title: 'Formal notice — letter before action',
  registeredMail: (law, tracking) =>
    (law.jurisdiction === 'GB'
      ? 'Sent by recorded delivery (signed for)'
      : 'Sent by registered mail with acknowledgement of receipt (lettre recommandée avec accusé de réception)') +
    (tracking ? `, no. ${tracking}` : ''),
  emailCopy: (email) => `Copy sent by email to ${email}`,
  placeDate: (place, date) => (place ? `${place}, ${date}` : date),
  attention: (name) => `For the attention of ${name}`,
  subject: (number) => `Re: Formal notice to pay — invoice no. ${number}`,
  salutation: 'Dear Sir or Madam,',
  intro: (x) =>
    `Unless we are mistaken, the invoice below, which fell due on ${x.dueDate}, remains unpaid despite our reminders:`,
  invoiceColumns: ['Invoice no.', 'Issued', 'Due', 'Total', 'Paid', 'Outstanding'],
  legalBasis: (law, x) => {
    if (law.jurisdiction === 'GB')
      return law.clientType === 'consumer'
        ? 'We reserve the right to claim interest on the sums due, and our costs, in any court proceedings.'
        : `Under the Late Payment of Commercial Debts (Interest) Act 1998, the debt carries statutory interest at ${x.rates} (Bank of England base rate plus 8%) from the day after the due date, and a fixed sum of ${x.fixedFee} is payable for recovery costs.`;
    if (law.clientType === 'consumer')
      return 'Under Article 1344-1 of the French Civil Code, this formal notice causes interest at the statutory rate (taux de l’intérêt légal) to run on the sums due.';
    if (law.jurisdiction === 'EU')
      return `Under Directive 2011/7/EU on combating late payment in commercial transactions, the unpaid sums bear interest at ${x.rates} (ECB reference rate plus 8 points), and a fixed compensation of ${x.fixedFee} is due for recovery costs.`;
    return `Under Article L441-10 of the French Commercial Code, any sum unpaid at its due date automatically bears late-payment interest at ${x.rates}, without any reminder being required, and gives rise to a fixed indemnity of ${x.fixedFee} for recovery costs (Article D441-5 of the French Commercial Code).`;
  },
  ratesJoin: ' then ',
  breakdownTitle: (asOf) => `Statement of sums due as of ${asOf}`,
  periodColumns: ['Period', 'Days', 'Annual rate', 'Interest'],
  period: (from, to) => `${from} to ${to}`,
  noInterestYet: (law) =>
    law.clientType === 'consumer'
      ? 'Interest at the statutory rate: runs from receipt of this formal notice.'
      : 'Late-payment interest: none to date.',
  principal: 'Principal (invoice balance outstanding)',
  interest: 'Late-payment interest',
  fixedFee: (law) =>
    law.jurisdiction === 'GB'
      ? 'Fixed sum for recovery costs (Late Payment Act, s. 5A)'
      : law.jurisdiction === 'EU'
        ? 'Fixed compensation for recovery costs (Directive 2011/7/EU, art. 6)'
        : 'Fixed indemnity for recovery costs (Art. D441-5 French Commercial Code)',
  totalDue: 'Total due',
  provisionalRate: 'provisional rate — last published rate known',
  provisionalNote:
    'Provisional rate — last published rate known: the reference rate for this period is not available yet; interest is computed at the last published rate known and the total is subject to adjustment.',
  totalDueProvisional: 'Total due, subject to adjustment',
  toAdjust: (total) => `${total}, subject to adjustment,`,
  demand: (x) => `We hereby give you formal notice to pay the sum of ${x.total} no later than ${x.deadline}.`,
  paymentTitle: 'How to pay',
  transfer: 'By bank transfer',
  iban: 'IBAN',
  bic: 'BIC',
  reference: 'Payment reference',
  online: 'Online payment:',
  consequences: (law) => {
    if (law.jurisdiction === 'GB')
      return [
        'If full payment is not received by that date, we will issue legal proceedings in the County Court without further notice.',
        'Interest will continue to accrue until payment in full, and we will seek our costs of the proceedings from you.',
        'This letter is sent to you as a letter before action.',
      ];
    return [
      `If full payment is not received by that date, we will start legal proceedings before the competent court without further notice, in particular by way of an order for payment (injonction de payer, Articles 1405 et seq. of the French Code of Civil Procedure${law.jurisdiction === 'EU' ? ', or the European order for payment procedure, Regulation (EC) No 1896/2006' : ''}).`,
      `Interest will continue to run until payment in full, and the costs of the proceedings may be charged to you${law.jurisdiction === 'FR' && law.clientType === 'business' ? ', without prejudice to additional compensation on proof of higher costs (Article L441-10 of the French Commercial Code)' : ''}.`,
      'This letter constitutes formal notice (mise en demeure) within the meaning of Article 1344 of the French Civil Code.',
    ];
  },
  amicable:
    'We nevertheless remain open to any proposal for an amicable settlement received before that date.',
  closing: 'Yours faithfully,',
  footer: (number, page, pages) => `Formal notice — invoice ${number} — page ${page}/${pages}`,
  many: {
    invoices: (count) => `${count} invoices`,
    subject: (count) => `Re: Formal notice to pay — ${count} unpaid invoices`,
    intro:
      'Unless we are mistaken, the invoices below, which have fallen due, remain unpaid despite our reminders:',
    perInvoice: (fees) =>
      fees.length > 1
        ? `${fees.join(' or ')} per invoice, depending on its amount`
        : `${fees[0] ?? ''} per invoice`,
    invoiceHeading: (number) => `Invoice no. ${number}`,
    invoiceTotal: (number, provisional) =>
      `Total due on invoice ${number}${provisional ? ', subject to adjustment' : ''}`,
    summaryTitle: 'Summary',
    totalPrincipal: 'Total principal',
    totalInterest: 'Total late-payment interest',
    totalFixedFees: (law) =>
      law.jurisdiction === 'GB'
        ? 'Fixed sums for recovery costs, one per invoice'
        : law.jurisdiction === 'EU'
          ? 'Fixed compensation for recovery costs, one per invoice'
          : 'Fixed indemnities for recovery costs, one per invoice',
    referenceMany: 'The numbers of the invoices paid',
    and: ' and ',
    footer: (count, page, pages) => `Formal notice — ${count} invoices — page ${page}/${pages}`,
  },
};

export const dossierEn: DossierMessages = {
  title: 'Debt recovery file',
  subtitle: (number, client) => `Invoice ${number} — ${client}`,
  generatedAt: (at) => `File prepared on ${at}`,
  sections: {
    parties: '1. Parties',
    creditor: 'Creditor',
    debtor: 'Debtor',
    invoice: '2. Invoice',
    amounts: '3. Sums due and penalties',
    formalNotice: '4. Formal notice',
    timeline: '5. Complete timeline',
    replies: '6. Replies from the debtor',
    messages: '7. Copies of the messages sent',
  },
  party: {
    name: 'Name',
    address: 'Address',
    registration: 'Registration no.',
    vat: 'VAT no.',
    email: 'Email',
    phone: 'Phone',
    bank: 'Bank details',
  },
  invoice: {
    number: 'Number',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    currency: 'Currency',
    total: 'Invoice total',
    paid: 'Already paid',
    credited: 'Credit notes issued',
    balance: 'Outstanding (principal)',
    paymentUrl: 'Payment link',
  },
  letter: (postedOn, tracking, receivedOn) =>
    `Registered letter posted on ${postedOn}${tracking ? ` (tracking ${tracking})` : ''}${receivedOn ? `, received on ${receivedOn}` : ''}`,
  creditNote: (id, issuedOn, amount) => `Credit note ${id} of ${issuedOn}: ${amount}`,
  jurisdiction: (j, clientType) =>
    j === 'GB'
      ? 'Governing rules: United Kingdom — Late Payment of Commercial Debts (Interest) Act 1998'
      : j === 'EU'
        ? 'Governing rules: European Union — Directive 2011/7/EU'
        : clientType === 'consumer'
          ? 'Governing rules: France — Civil Code, art. 1344-1 (consumer debtor)'
          : 'Governing rules: France — Commercial Code, art. L441-10 and D441-5 (business debtor)',
  formalNotice: { sentOn: 'Sent on', deadline: 'Payment deadline', none: 'No formal notice was sent.' },
  timelineColumns: ['Date', 'Event', 'Step', 'Email id', 'Status'],
  events: {
    registered: 'Invoice registered',
    reminder_sent: 'Reminder sent',
    call_task_created: 'Call task',
    formal_notice_sent: 'Formal notice sent',
    legal_handoff_sent: 'File handed off',
    email_delivered: 'Email delivered',
    email_bounced: 'Email bounced',
    email_opened: 'Email opened',
    reply_received: 'Reply received',
    auto_reply_received: 'Automatic reply received (out of office)',
    payment_received: 'Payment received',
    paused: 'Reminders paused',
    resumed: 'Reminders resumed',
    promise_recorded: 'Promise to pay',
    promise_missed: 'Promise missed',
    plan_agreed: 'Payment plan agreed',
    instalment_missed: 'Instalment missed',
    disputed: 'Disputed',
    cancelled: 'Cancelled',
    paid: 'Invoice paid',
    unrecovered: 'Unrecovered',
    creditor_alerted: 'Creditor alerted',
    letter_task_created: 'Registered letter to send',
    email_failed: 'Email not sent',
    action_required: 'Action required',
    overpaid: 'Overpayment',
    handoff_approval_requested: 'Hand-off approval asked',
    handoff_approved: 'Hand-off approved by the creditor',
    handoff_declined: 'Hand-off declined by the creditor',
    call_outcome_recorded: 'Call to the client',
    credit_note_recorded: 'Credit note issued',
    due_date_changed: 'Due date changed',
    letter_posted: 'Registered letter posted',
    letter_received: 'Registered letter received',
  },
  noReplies: 'No reply from the debtor.',
  noMessages: 'No message sent.',
  reply: (from, at) => `From ${from}, on ${at}`,
  message: { to: 'To:', step: 'Step:', status: 'Status:', emailId: 'Email id:', subject: 'Subject:' },
  footer: (number, page, pages) => `Debt recovery file — invoice ${number} — page ${page}/${pages}`,
  many: {
    subtitle: (count, client) => `${count} invoices — ${client}`,
    invoices: '2. Invoices',
    invoiceColumns: ['Invoice no.', 'Issued', 'Due', 'Total', 'Paid', 'Outstanding'],
    invoiceHeading: (number) => `Invoice no. ${number}`,
    summaryTitle: 'Summary',
    formalNoticeColumns: ['Invoice no.', 'Sent on', 'Payment deadline'],
    timelineColumns: ['Date', 'Invoice', 'Event', 'Step', 'Email id', 'Status'],
    footer: (count, page, pages) => `Debt recovery file — ${count} invoices — page ${page}/${pages}`,
  },
};

export const statementEn: StatementMessages = {
  title: 'Statement of account',
  subtitle: (client, asOf) => `${client} — as of ${asOf}`,
  creditor: 'Creditor',
  client: 'Client',
  invoicesTitle: 'Open invoices',
  invoiceColumns: ['Invoice no.', 'Issued', 'Due', 'Total', 'Paid', 'Outstanding', 'Overdue'],
  daysLate: (d) => (d <= 0 ? 'not yet due' : d === 1 ? '1 day' : `${d} days`),
  paymentsTitle: 'Payments and credit notes received',
  paymentColumns: ['Date', 'Type', 'Reference', 'Invoices', 'Amount'],
  payment: 'Payment',
  creditNote: 'Credit note',
  noPayments: 'No payment received on these invoices.',
  balanceTitle: 'Balance',
  totalInvoiced: 'Total invoiced',
  totalPaid: 'Already paid (payments and credit notes)',
  balance: 'Balance outstanding',
  overdue: 'of which overdue',
  notYetDue: 'of which not yet due',
  paymentTitle: 'How to pay',
  online: 'Online payment:',
  closing: 'If you have any question about this statement, simply reply to the email it came with.',
  footer: (asOf, page, pages) => `Statement of account as of ${asOf} — page ${page}/${pages}`,
};
