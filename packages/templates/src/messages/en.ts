import type { Messages } from './types';

// Tone (SPEC §5): courteous and positive, good faith first ("does not seem to have reached us"),
// firmer at each step, never aggressive.
export const en: Messages = {
  subject: {
    courtesy: (v) => `Invoice ${v.number}: due on ${v.dueDate}`,
    friendly: (v) => `Reminder: invoice ${v.number} is now due`,
    firm: (v) => `Second reminder: invoice ${v.number} is overdue`,
    urgent: (v) => `Final reminder before formal notice: invoice ${v.number}`,
    promise_missed: (v) => `Invoice ${v.number}: following up on your payment date`,
    instalment_due: (v, x) => `Invoice ${v.number}: instalment ${x.index} of ${x.count} due`,
    formal_notice: (v) => `Formal notice to pay: invoice ${v.number}`,
    payment_confirmation: (v) => `Payment received: invoice ${v.number}, thank you!`,
    legal_handoff: (v) => `Debt recovery file: invoice ${v.number} (${v.client})`,
  },
  greeting: (name) => `Dear ${name},`,
  greetingTeam: 'Hello,',
  signOff: 'Kind regards,',
  partlyPaid: (v) =>
    `Of the ${v.total} total, you have already paid ${v.paid}, thank you: the balance outstanding is ${v.balance}.`,
  questions: () => 'If you have any question or difficulty, simply reply to this email.',

  courtesy: {
    preview: (v) => `Invoice ${v.number} falls due on ${v.dueDate}.`,
    heading: (v) => `Invoice ${v.number} is due on ${v.dueDate}`,
    body: (v) => [
      `We hope all is well. This is a quick reminder that invoice ${v.number} of ${v.issueDate}, for ${v.balance}, falls due on ${v.dueDate}.`,
      'If payment is already scheduled, thank you very much: please disregard this message.',
    ],
  },
  friendly: {
    preview: (v) => `Payment of invoice ${v.number} does not seem to have reached us.`,
    heading: (v) => `Reminder: invoice ${v.number}`,
    body: (v) => [
      `Unless we are mistaken, payment of invoice ${v.number} of ${v.issueDate}, which fell due on ${v.dueDate}, does not seem to have reached us.`,
      `It is most likely an oversight: could you arrange payment of ${v.balance} at your earliest convenience? If payment has been made in the meantime, thank you, and please disregard this message.`,
    ],
  },
  firm: {
    preview: (v) => `Invoice ${v.number} remains unpaid: ${v.balance} outstanding.`,
    heading: (v) => `Second reminder: invoice ${v.number}`,
    body: (v, x) => [
      `Despite our previous reminder, payment of invoice ${v.number}, due since ${v.dueDate}, has still not reached us. The amount outstanding is ${v.balance}.`,
      x.lateFees,
      'We would be grateful if you could settle this promptly. If something is holding up payment, let us talk about it: we are open to an amicable arrangement, such as a payment plan.',
    ],
  },
  urgent: {
    preview: (v) => `Final amicable reminder for invoice ${v.number} before a formal notice.`,
    heading: () => 'Final reminder before formal notice',
    body: (v, x) => [
      `Our previous reminders about invoice ${v.number}, due on ${v.dueDate}, have gone unanswered, and ${v.balance} remains outstanding today.`,
      `Unless we receive payment, we will send you ${x.formalNoticeOn ? `on ${x.formalNoticeOn}` : 'shortly'} a formal notice to pay (letter before action) by registered mail, before starting legal recovery proceedings.`,
      'We would much rather settle this amicably: a payment, or simply a call before that date, is enough. If payment is on its way, please let us know.',
    ],
  },
  promise_missed: {
    preview: (v, x) =>
      `The payment announced for ${x.promisedDate} (invoice ${v.number}) does not seem to have reached us.`,
    heading: (_v, x) => `Your payment commitment of ${x.promisedDate}`,
    body: (v, x) => [
      `You kindly told us that invoice ${v.number} would be paid by ${x.promisedDate}, thank you. However, the payment does not seem to have reached us yet.`,
      `Could you confirm when the payment of ${v.balance} will be made? If the transfer has already gone out, please disregard this message.`,
    ],
  },
  instalment_due: {
    preview: (v, x) =>
      `Instalment ${x.index}/${x.count} of ${x.amount} due on ${x.dueDate} (invoice ${v.number}).`,
    heading: (_v, x) => `Instalment ${x.index} of ${x.count} of your payment plan`,
    body: (v, x) => [
      `As agreed in the payment plan for invoice ${v.number}, instalment ${x.index} of ${x.count}, for ${x.amount}, is due on ${x.dueDate}.`,
      `This payment will reduce the invoice balance accordingly (current balance: ${v.balance}). Thank you for keeping to the plan.`,
    ],
  },
  formal_notice: {
    preview: (v, x) => `Formal notice: ${x.totalDue} to be paid by ${x.deadline} (invoice ${v.number}).`,
    heading: () => 'Formal notice to pay',
    body: (v, x) => [
      `Despite our reminders, invoice ${v.number} of ${v.issueDate}, due on ${v.dueDate}, remains unpaid.`,
      `We hereby give you formal notice to pay the sum of ${x.totalDue} no later than ${x.deadline}, as detailed below.`,
      x.jurisdiction === 'GB'
        ? 'If payment is not received by that date, we will start legal proceedings (a County Court claim) without further notice, and the costs may be charged to you.'
        : 'If payment is not received by that date, we will start legal proceedings without further notice, in particular an application for an order for payment (injonction de payer), and the costs may be charged to you.',
      `The formal notice letter of ${x.sentOn} is attached; it is also being sent to you by registered mail. If you have paid this amount in the meantime, please disregard this letter.`,
    ],
  },
  payment_confirmation: {
    preview: (v, x) => `We have received your payment of ${x.amountPaid} for invoice ${v.number}.`,
    heading: () => 'Thank you for your payment',
    body: (v, x) => [
      `We confirm receipt of your payment of ${x.amountPaid} on ${x.paidAt} for invoice ${v.number}.`,
      x.settled
        ? 'The invoice is now paid in full. Thank you for your business, we look forward to working with you again!'
        : `A balance of ${v.balance} remains to be paid; the payment details are below.`,
    ],
  },
  legal_handoff: {
    preview: (v) => `Debt recovery file for invoice ${v.number} (${v.client}): ${v.balance} principal.`,
    heading: (v) => `Debt recovery file: invoice ${v.number}`,
    body: (v, x) => [
      `Please find the debt recovery file for invoice ${v.number}, issued on ${v.issueDate} to ${v.client}, which remains unpaid despite our reminders and our formal notice.`,
      `Principal outstanding: ${v.balance}.`,
      x.summary,
      'The complete file is attached (PDF and JSON): parties, invoice, penalty calculation, timeline of reminders with delivery statuses, the debtor’s replies and a copy of every message sent.',
      'We would be grateful if you could let us know how you intend to proceed.',
    ],
  },

  alert: {
    reply: {
      subject: (v) => `Reply from ${v.client}: invoice ${v.number}`,
      heading: (v) => `${v.client} replied`,
      body: (v, x) => [
        `${v.client} (${x.from}) replied on ${x.receivedAt} about invoice ${v.number}.`,
        'Reminders are paused. Depending on the reply, resume them, record a promise to pay or a payment plan, or close the case.',
      ],
    },
    bounce: {
      subject: (v) => `Email not delivered: invoice ${v.number} (${v.client})`,
      heading: () => 'An email could not be delivered',
      body: (v, x) => [
        `The "${x.step}" email to ${x.recipient} for invoice ${v.number} could not be delivered${x.reason ? ` (reason: ${x.reason})` : ''}.`,
        'Please check the client’s address and reach them another way (phone, post).',
      ],
    },
    call_task: {
      subject: (v) => `To do: call ${v.client} about invoice ${v.number}`,
      heading: (v) => `Call ${v.client}`,
      body: (v, x) => [
        `Invoice ${v.number} has reached the "${x.step}" step: a call to ${v.client}${x.phone ? ` on ${x.phone}` : ''} is recommended.`,
        'A direct conversation often unblocks things before the formal notice.',
      ],
    },
    formal_notice_sent: {
      subject: (v) => `Formal notice sent: invoice ${v.number} (${v.client})`,
      heading: () => 'Formal notice sent',
      body: (v, x) => [
        `The formal notice for invoice ${v.number} was emailed to ${v.client}. Deadline given: ${x.deadline}.`,
        'Remember to send it by registered mail as well: the attached PDF is ready to print.',
      ],
    },
    handed_off: {
      subject: (v, x) => `Case handed to ${x.lawyer}: invoice ${v.number}`,
      heading: () => 'Case handed off',
      body: (v, x) => [
        `The file for invoice ${v.number} (${v.client}) was sent to ${x.lawyer}, with the full history of reminders. You are copied on that email.`,
      ],
    },
    paid: {
      subject: (v) => `Invoice ${v.number} paid by ${v.client}`,
      heading: () => 'Invoice paid',
      body: (v, x) => [
        `${v.client} paid ${x.amountPaid} for invoice ${v.number}. The case is closed and reminders have stopped.`,
      ],
    },
    unrecovered: {
      subject: (v) => `Case closed unrecovered: invoice ${v.number}`,
      heading: () => 'Case closed without recovery',
      body: (v, x) => [
        `The case for invoice ${v.number} (${v.client}) is closed without recovery: ${x.reason}`,
      ],
    },
    quoteTitle: 'Message received',
    footer: 'Sent automatically by Relance, which follows up your unpaid invoices.',
    signature: 'Relance',
  },

  lateFees: (_v, x) => {
    const fee = x.fixedFee ?? '€40';
    if (x.jurisdiction === 'GB')
      return `Under the Late Payment of Commercial Debts (Interest) Act 1998, statutory interest (Bank of England base rate plus 8%) and a fixed sum for recovery costs${x.fixedFee ? ` of ${x.fixedFee}` : ''} are due from ${x.from}.`;
    if (x.clientType === 'consumer')
      return `If payment is not made, interest at the statutory rate may be claimed from ${x.from}.`;
    if (x.jurisdiction === 'EU')
      return `Under Directive 2011/7/EU, late payment incurs statutory interest (ECB reference rate plus 8 points) and a fixed compensation of ${fee} for recovery costs, from ${x.from}.`;
    return `Please note that under Article L441-10 of the French Commercial Code, late payment automatically incurs late-payment interest and a fixed indemnity of ${fee} for recovery costs. These apply from ${x.from}.`;
  },

  facts: {
    title: 'Your invoice',
    titleNeutral: 'Invoice',
    number: 'Invoice no.',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    total: 'Invoice total',
    paid: 'Already paid',
    balance: 'Balance due',
  },
  party: {
    debtor: 'Debtor',
    client: 'Client',
    name: 'Name',
    address: 'Address',
    email: 'Email',
    phone: 'Phone',
    registration: 'Registration no.',
  },
  pay: {
    title: 'How to pay',
    transfer: 'By bank transfer:',
    amount: 'Amount',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Payment reference',
    button: 'Pay online',
    link: 'Or online, in a few clicks:',
  },
  penalties: {
    title: (asOf) => `Amounts due as of ${asOf}`,
    principal: 'Principal (invoice balance)',
    interest: (from, to, days, rate) => `Interest from ${from} to ${to} (${days} days at ${rate})`,
    fixedFee: 'Fixed compensation for recovery costs',
    totalDue: 'Total due',
  },
  contact: (name, email, phone) =>
    `Your contact: ${name}${email ? `, ${email}` : ''}${phone ? `, ${phone}` : ''}.`,
  legalIds: (registration, vat) =>
    [registration && `Reg. no. ${registration}`, vat && `VAT ${vat}`].filter(Boolean).join(' · '),
  footer: (v) => `This message is sent to you by ${v.creditor} about invoice ${v.number}.`,
};
