import { noticeLetterEn } from './notice-letter';
import { groupedEn } from './grouped.en';
import { handoffApprovalEn } from './approval.en';
import type { Messages } from './types';

/** A closed case's status, as the creditor alert names it. */
const CLOSED: Record<string, string | undefined> = {
  paid: 'invoice paid',
  cancelled: 'invoice cancelled',
  unrecovered: 'closed without recovery',
};

// Tone (docs/architecture.md "Emails and documents"): courteous and positive, good faith first ("does not seem to have reached us"),
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
  // A credit note is never called a payment: "you have already paid" only for money received.
  partlyPaid: (v) =>
    !v.credited
      ? `Of the ${v.total} total, you have already paid ${v.paid}, thank you: the balance outstanding is ${v.balance}.`
      : v.paidSome
        ? `Of the ${v.total} total, you have already paid ${v.paid}, thank you, and a credit note of ${v.credited} was deducted: the balance outstanding is ${v.balance}.`
        : `Of the ${v.total} total, a credit note of ${v.credited} was deducted: the balance outstanding is ${v.balance}.`,
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
      noticeLetterEn(x),
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
      ...(x.summary
        ? [x.summary]
        : x.formalNotice
          ? [
              `Our formal notice of ${x.formalNotice.sentOn}, which set a payment deadline of ${x.formalNotice.deadline}, went unanswered.`,
            ]
          : []),
      'The complete file is attached (PDF and JSON): parties, invoice, penalty calculation, timeline of reminders with delivery statuses, the debtor’s replies and a copy of every message sent.',
      'We would be grateful if you could let us know how you intend to proceed.',
    ],
  },

  alert: {
    reply: {
      subject: (v, x) =>
        x.unverified
          ? `Reply from an unverified sender: invoice ${v.number} (${v.client})`
          : x.count > 1
            ? `${x.count} replies from ${v.client}: invoice ${v.number}`
            : `Reply from ${v.client}: invoice ${v.number}`,
      heading: (v, x) =>
        x.unverified
          ? 'Reply from an unverified sender'
          : x.count > 1
            ? `${v.client} replied ${x.count} times`
            : `${v.client} replied`,
      body: (v, x) =>
        x.unverified
          ? [
              x.count > 1
                ? `${x.count} replies about invoice ${v.number} since our last alert; the latest, received on ${x.receivedAt}, is from an unverified sender: ${x.from}.`
                : `A reply about invoice ${v.number} was received on ${x.receivedAt} from an unverified sender: ${x.from}.`,
              `This address is neither ${v.client}’s email address nor one of its copies on file: the message may not come from the client.`,
              x.paused
                ? 'Reminders are paused, as your settings ask for replies from unverified senders. Depending on the reply, resume them, record a promise to pay or a payment plan, or close the case.'
                : 'Reminders continue: this reply paused nothing. If it does come from the client, pause the case or update the client’s email address.',
            ]
          : [
              x.count > 1
                ? `${x.count} replies from ${v.client} since our last alert about invoice ${v.number}; the latest, from ${x.from}, received on ${x.receivedAt}:`
                : `${v.client} (${x.from}) replied on ${x.receivedAt} about invoice ${v.number}.`,
              'Reminders are paused. Depending on the reply, resume them, record a promise to pay or a payment plan, or close the case.',
            ],
    },
    reply_waiting: {
      subject: (v) => `Still waiting for you: ${v.client}’s reply about invoice ${v.number}`,
      heading: (v) => `${v.client}’s reply is still waiting`,
      body: (v, x) => [
        `${v.client} (${x.from}) replied on ${x.receivedAt} about invoice ${v.number}, and reminders have been paused since.`,
        x.resumesAt
          ? `Unless you act, reminders resume by themselves on ${x.resumesAt}, keeping the policy spacing.`
          : 'Reminders stay paused until you act.',
        'Depending on the reply, resume them, record a promise to pay or a payment plan, open a dispute, or close the case.',
      ],
    },
    bounce: {
      subject: (v, x) =>
        x.complaint
          ? `Email marked as spam: invoice ${v.number} (${v.client})`
          : `Email not delivered: invoice ${v.number} (${v.client})`,
      heading: (_v, x) => (x.complaint ? 'An email was marked as spam' : 'An email could not be delivered'),
      body: (v, x) => [
        x.complaint
          ? `${x.recipient} marked the "${x.step}" email about invoice ${v.number} as spam (a complaint).`
          : `The "${x.step}" email to ${x.recipient} for invoice ${v.number} could not be delivered${x.reason ? ` (reason: ${x.reason})` : ''}.`,
        'No further email will go to this address for this case: the next steps become tasks for you (a call, a registered letter) until a new client email address is given.',
        'Please reach the client another way (phone, post) and, if they have another address, update their email.',
      ],
    },
    call_task: {
      subject: (v) => `To do: call ${v.client} about invoice ${v.number}`,
      heading: (v) => `Call ${v.client}`,
      body: (v, x) => [
        x.bounced
          ? `The "${x.step}" step of invoice ${v.number} would have emailed ${v.client}, but their email address can no longer be reached (bounced or marked as spam): call ${v.client}${x.phone ? ` on ${x.phone}` : ''} instead.`
          : `Invoice ${v.number} has reached the "${x.step}" step: a call to ${v.client}${x.phone ? ` on ${x.phone}` : ''} is recommended.`,
        ...(x.phone
          ? []
          : ['No phone number is on file for this client: look it up in your correspondence.']),
        x.bounced
          ? 'Ask them for a working email address while you are at it: once it is updated, emails resume.'
          : 'A direct conversation often unblocks things before the formal notice.',
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
    overpaid: {
      subject: (v, x) => `Overpayment of ${x.surplus}: invoice ${v.number} (${v.client})`,
      heading: () => 'Payment above the balance',
      body: (v, x) => [
        `${v.client} paid ${x.surplus} more than the balance of invoice ${v.number} (payment ${x.paymentId}). The invoice is settled and reminders have stopped.`,
        'Refund the surplus to the client or, with their agreement, apply it to a future invoice. If it matches the fixed recovery compensation or the late-payment interest paid of their own accord, it is yours to keep.',
      ],
    },
    payment_after_close: {
      subject: (v) => `Payment received on a closed case: invoice ${v.number} (${v.client})`,
      heading: () => 'Payment received after the case was closed',
      body: (v, x) => [
        `A payment of ${x.amount} (payment ${x.paymentId}) arrived for invoice ${v.number}, whose case is already closed (${x.status}).`,
        'It has been recorded, without reopening the case or contacting the client. Please check it: if it is a duplicate, refund it or apply it to a future invoice.',
      ],
    },
    action_required: {
      subject: (v) => `Action required: invoice ${v.number} (${v.client})`,
      heading: () => 'A step could not be completed',
      body: (v, x) => [
        `The "${x.step}" step of invoice ${v.number} could not be completed and will not be retried on its own. Reason: ${x.reason}`,
        x.linked
          ? 'The case is on hold. Fix the cause (the client’s email address, the sender address, the legal contact…), then resume the case with the button below. If the client’s email address is the problem, giving a new one also resumes the case.'
          : `The case is on hold. Fix the cause (the client’s email address, the sender address, the legal contact…), then resume the case: POST /v1/invoices/${x.externalId}/resume. If the client’s email address is the problem, giving a new one also resumes the case: PATCH /v1/invoices/${x.externalId}/client.`,
      ],
    },
    letter_task: {
      subject: (v) => `To do: send the formal notice by registered mail: invoice ${v.number} (${v.client})`,
      heading: () => 'Formal notice to send by post',
      body: (v, x) => [
        `The email address of ${v.client} can no longer be reached (bounced or marked as spam): the formal notice for invoice ${v.number} ("${x.step}" step) was not emailed to them.`,
        `The letter dated ${x.sentOn} is attached, ready to print: send it today by registered mail with proof of delivery. It claims ${x.totalDue} by ${x.deadline}.`,
        'Keep the proof of posting and of delivery: they will be needed if the case goes to court.',
      ],
    },
    handoff_approval: handoffApprovalEn,
    provisional_rate: {
      subject: (v) => `Reference rate to add: provisional penalties on invoice ${v.number}`,
      heading: () => 'Penalties computed at a provisional rate',
      body: (v, x) => [
        `The late-payment penalties on invoice ${v.number} (${v.client}) were computed at a provisional rate: the rate tables lack the ${x.figures.join('; the ')}.`,
        'Meanwhile the last published rate known is applied: documents say "provisional rate — last published rate known" and show the total as "subject to adjustment".',
        'Ask your Relance operator to add the published rate (the "rates add" command or POST /v1/admin/rates): later computations will use it.',
      ],
    },
    closedStatus: (status) => CLOSED[status] ?? status,
    quoteTitle: 'Message received',
    unverifiedSender: 'unverified sender',
    quoteTitleLatest: 'Latest message received',
    footer: 'Sent automatically by Relance, which follows up your unpaid invoices.',
    signature: 'Relance',
  },

  lateFees: (x) => {
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
    credited: 'Credit note deducted',
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
    provisionalRate: 'provisional rate — last published rate known',
    totalDueProvisional: 'Total due, subject to adjustment',
  },
  rateFigure: (table, date, h) => {
    const half = h ? `the ${h.half === 1 ? 'first' : 'second'} half of ${h.year}` : '';
    switch (table) {
      case 'ecb':
        return `ECB main refinancing rate on ${date}`;
      case 'boe':
        return `Bank of England base rate on ${date}`;
      case 'fr-legal-other':
        return `French legal interest rate (all other cases) for ${half}`;
      case 'fr-legal-individuals':
        return `French legal interest rate (private individuals) for ${half}`;
    }
  },
  contact: (name, email, phone) =>
    `Your contact: ${name}${email ? `, ${email}` : ''}${phone ? `, ${phone}` : ''}.`,
  grouped: groupedEn,
  legalIds: (registration, vat) =>
    [registration && `Reg. no. ${registration}`, vat && `VAT ${vat}`].filter(Boolean).join(' · '),
  footer: (v) => `This message is sent to you by ${v.creditor} about invoice ${v.number}.`,
};
