import { noticeLetterEn } from './notice-letter';
import type { GroupedMessages } from './grouped.types';

const invoices = (n: number) => (n > 1 ? `${n} invoices` : `${n} invoice`);

// Same tone as en.ts, for one message about several invoices: courteous first, firmer at each step,
// never aggressive; nothing is said that holds for only some of the invoices.
export const groupedEn: GroupedMessages = {
  subject: {
    courtesy: (g) => `${invoices(g.count)} falling due soon — ${g.total}`,
    friendly: (g) => `Reminder: ${g.count} unpaid invoices — ${g.total}`,
    firm: (g) => `Payment overdue: ${g.count} unpaid invoices — ${g.total}`,
    urgent: (g) => `Final reminder before formal notice: ${g.count} unpaid invoices — ${g.total}`,
    formal_notice: (g) => `Formal notice to pay: ${g.count} unpaid invoices — ${g.total}`,
  },
  courtesy: {
    preview: (g) => `${invoices(g.count)} fall due soon (${g.total}).`,
    heading: (g) => `${invoices(g.count)} falling due`,
    body: (g) => [
      `We hope all is well. This is a quick reminder that the ${invoices(g.count)} below, for ${g.total} in total, fall due soon.`,
      'If payment is already scheduled, thank you very much: please disregard this message.',
    ],
  },
  friendly: {
    preview: (g) => `Payment of ${invoices(g.count)} does not seem to have reached us (${g.total}).`,
    heading: (g) => `Reminder: ${invoices(g.count)}`,
    body: (g) => [
      `Unless we are mistaken, payment of the ${invoices(g.count)} below, which have fallen due, does not seem to have reached us.`,
      `It is most likely an oversight: could you arrange payment of ${g.total} at your earliest convenience? If payment has been made in the meantime, thank you, and please disregard this message.`,
    ],
  },
  firm: {
    preview: (g) => `${invoices(g.count)} remain unpaid: ${g.total} outstanding.`,
    heading: (g) => `Payment overdue: ${invoices(g.count)}`,
    body: (g, x) => [
      `Payment of the ${invoices(g.count)} below, which have fallen due, has still not reached us. The amount outstanding is ${g.total}.`,
      x.lateFees,
      'We would be grateful if you could settle this promptly. If something is holding up payment, let us talk about it: we are open to an amicable arrangement, such as a payment plan.',
    ],
  },
  urgent: {
    preview: (g) => `Final amicable reminder for ${invoices(g.count)} before a formal notice.`,
    heading: () => 'Final reminder before formal notice',
    body: (g, x) => [
      `Our reminders about the ${invoices(g.count)} below have gone unanswered, and ${g.total} remains outstanding today.`,
      `Unless we receive payment, we will send you ${x.formalNoticeOn ? `on ${x.formalNoticeOn}` : 'shortly'} a formal notice to pay (letter before action) by registered mail, before starting legal recovery proceedings.`,
      'We would much rather settle this amicably: a payment, or simply a call before that date, is enough. If payment is on its way, please let us know.',
    ],
  },
  formal_notice: {
    preview: (g, x) => `Formal notice: ${x.totalDue} to be paid by ${x.deadline} (${invoices(g.count)}).`,
    heading: () => 'Formal notice to pay',
    body: (g, x) => [
      `Despite our reminders, the ${invoices(g.count)} below remain unpaid.`,
      `We hereby give you formal notice to pay the sum of ${x.totalDue} no later than ${x.deadline}, as detailed below: for each invoice, its principal, its own late-payment interest and its own fixed compensation.`,
      x.jurisdiction === 'GB'
        ? 'If payment is not received by that date, we will start legal proceedings (a County Court claim) without further notice, and the costs may be charged to you.'
        : 'If payment is not received by that date, we will start legal proceedings without further notice, in particular an application for an order for payment (injonction de payer), and the costs may be charged to you.',
      noticeLetterEn(x),
    ],
  },
  eachDayAfterDue: 'the day after each invoice’s due date',
  perInvoice: (fee) => `${fee} per invoice`,
  defaultFixedFee: '€40',
  creditedNote:
    'The amounts shown are the balances outstanding, after the credit notes issued and any payments received.',
  partlyPaidNote:
    'The amounts shown are the balances outstanding, after the payments already received, thank you.',
  list: {
    title: 'Your invoices',
    titleNeutral: 'Invoices',
    number: 'Invoice no.',
    issueDate: 'Issued',
    dueDate: 'Due',
    balance: 'Balance due',
    late: 'Overdue',
    daysLate: (d) => (d <= 0 ? 'not yet due' : d === 1 ? '1 day' : `${d} days`),
    total: 'Total outstanding',
  },
  alsoOutstanding: {
    title: 'Other overdue invoices',
    intro:
      'For your information, these other invoices also remain unpaid today; this message is not about them.',
    total: 'Total of these invoices',
    accountTotal: 'Total outstanding on your account',
  },
  pdfs: {
    attached: (numbers, n) =>
      n > 1 ? `Invoices attached as PDF: ${numbers}.` : `Invoice attached as PDF: ${numbers}.`,
    linked: 'Invoices to download:',
    onRequest: (numbers, n) =>
      n > 1
        ? `Invoices ${numbers} are not attached to this email: reply and we will send them.`
        : `Invoice ${numbers} is not attached to this email: reply and we will send it.`,
  },
  labelled: (number) => `${number}: `,
  pay: {
    referenceMany: 'the numbers of the invoices paid',
    links: 'Or online, invoice by invoice:',
  },
  notice: {
    title: (asOf) => `Amounts due as of ${asOf}`,
    number: 'Invoice no.',
    principal: 'Principal',
    interest: 'Interest',
    fixedFee: 'Compensation',
    total: 'Total',
    totalDue: 'Total due',
    totalDueProvisional: 'Total due, subject to adjustment',
    detailInLetter:
      'The interest on each invoice, period by period with its rate, is detailed in the attached formal notice letter.',
  },
  and: ' and ',
  footer: (g) => `This message is sent to you by ${g.creditor} about ${invoices(g.count)}.`,
  alert: {
    reply: {
      subject: (g, x) =>
        x.unverified
          ? `Reply from an unverified sender: ${invoices(g.count)} (${g.client})`
          : x.count > 1
            ? `${x.count} replies from ${g.client}: ${invoices(g.count)}`
            : `Reply from ${g.client}: ${invoices(g.count)}`,
      heading: (g, x) =>
        x.unverified
          ? 'Reply from an unverified sender'
          : x.count > 1
            ? `${g.client} replied ${x.count} times`
            : `${g.client} replied`,
      body: (g, x) =>
        x.unverified
          ? [
              x.count > 1
                ? `${x.count} replies about the ${invoices(g.count)} listed below since our last alert; the latest, received on ${x.receivedAt}, is from an unverified sender: ${x.from}.`
                : `A reply about the ${invoices(g.count)} listed below was received on ${x.receivedAt} from an unverified sender: ${x.from}.`,
              `This address is neither ${g.client}’s email address nor one of its copies on file: the message may not come from the client.`,
              x.paused
                ? 'Reminders for these invoices are paused, as your settings ask for replies from unverified senders. Depending on the reply, resume them, record a promise to pay or a payment plan, or close the cases.'
                : 'Reminders continue: this reply paused nothing. If it does come from the client, pause their cases or update the client’s email address.',
            ]
          : [
              x.count > 1
                ? `${x.count} replies from ${g.client} since our last alert about the ${invoices(g.count)} listed below; the latest, from ${x.from}, received on ${x.receivedAt}:`
                : `${g.client} (${x.from}) replied on ${x.receivedAt} to the message about the ${invoices(g.count)} listed below.`,
              'Reminders for these invoices are paused. Depending on the reply, resume them, record a promise to pay or a payment plan, or close the cases.',
            ],
    },
    bounce: {
      subject: (g, x) =>
        x.complaint
          ? `Email marked as spam: ${invoices(g.count)} (${g.client})`
          : `Email not delivered: ${invoices(g.count)} (${g.client})`,
      heading: (_g, x) => (x.complaint ? 'An email was marked as spam' : 'An email could not be delivered'),
      body: (g, x) => [
        x.complaint
          ? `${x.recipient} marked the "${x.step}" email about the ${invoices(g.count)} listed below as spam (a complaint).`
          : `The "${x.step}" email to ${x.recipient} for the ${invoices(g.count)} listed below could not be delivered${x.reason ? ` (reason: ${x.reason})` : ''}.`,
        `No further email will go to this address for ${g.client}’s cases: the next steps become tasks for you (a call, a registered letter) until a new client email address is given.`,
        'Please reach the client another way (phone, post) and, if they have another address, update their email.',
      ],
    },
    call_task: {
      subject: (g) => `To do: call ${g.client} about ${invoices(g.count)} (${g.total})`,
      heading: (g) => `Call ${g.client}`,
      body: (g, x) => [
        x.bounced
          ? `The "${x.step}" step of the ${invoices(g.count)} listed below would have emailed ${g.client}, but their email address can no longer be reached (bounced or marked as spam): call ${g.client}${x.phone ? ` on ${x.phone}` : ''} instead.`
          : `Reminders for ${invoices(g.count)} of ${g.client} have reached the "${x.step}" step: a call to ${g.client}${x.phone ? ` on ${x.phone}` : ''} is recommended, covering all these invoices at once.`,
        ...(x.phone
          ? []
          : ['No phone number is on file for this client: look it up in your correspondence.']),
        x.bounced
          ? 'Ask them for a working email address while you are at it: once it is updated, emails resume.'
          : 'A direct conversation often unblocks things before the formal notice.',
      ],
    },
    formal_notice_sent: {
      subject: (g) => `Formal notice sent: ${invoices(g.count)} (${g.client})`,
      heading: () => 'Formal notice sent',
      body: (g, x) => [
        `The formal notice for the ${invoices(g.count)} listed below was emailed to ${g.client}, as a single letter. Deadline given: ${x.deadline}.`,
        'Remember to send it by registered mail as well: the attached PDF is ready to print.',
      ],
    },
    handed_off: {
      subject: (g, x) => `Case handed to ${x.lawyer}: ${invoices(g.count)} (${g.client})`,
      heading: () => 'Case handed off',
      body: (g, x) => [
        `The file for the ${invoices(g.count)} of ${g.client} listed below was sent to ${x.lawyer}, as a single file, with the full history of reminders. You are copied on that email.`,
      ],
    },
    unrecovered: {
      subject: (g) => `Cases closed unrecovered: ${invoices(g.count)} (${g.client})`,
      heading: () => 'Cases closed without recovery',
      body: (g, x) => [
        `The cases for the ${invoices(g.count)} of ${g.client} listed below are closed without recovery: ${x.reason}`,
      ],
    },
    action_required: {
      subject: (g) => `Action required: ${invoices(g.count)} (${g.client})`,
      heading: () => 'A step could not be completed',
      body: (g, x) => [
        `The "${x.step}" step of the ${invoices(g.count)} of ${g.client} listed below could not be completed and will not be retried on its own. Reason: ${x.reason}`,
        x.linked
          ? 'These cases are on hold. Fix the cause (the client’s email address, the sender address, the legal contact…), then resume them all at once with the button below. If the client’s email address is the problem, give a new one for all their cases.'
          : x.clientId
            ? `These cases are on hold. Fix the cause (the client’s email address, the sender address, the legal contact…), then resume them all at once: POST /v1/clients/${x.clientId}/resume. If the client’s email address is the problem, give a new one for all their cases: PATCH /v1/clients/${x.clientId}.`
            : 'These cases are on hold. Fix the cause (the client’s email address, the sender address, the legal contact…), then resume each of them: POST /v1/invoices/{externalId}/resume.',
      ],
    },
    letter_task: {
      subject: (g) => `To do: send the formal notice by registered mail: ${invoices(g.count)} (${g.client})`,
      heading: () => 'Formal notice to send by post',
      body: (g, x) => [
        `The email address of ${g.client} can no longer be reached (bounced or marked as spam): the formal notice for the ${invoices(g.count)} listed below ("${x.step}" step) was not emailed to them.`,
        `The letter dated ${x.sentOn} is attached, ready to print: send it today by registered mail with proof of delivery. It claims ${x.totalDue} by ${x.deadline}.`,
        'Keep the proof of posting and of delivery: they will be needed if the case goes to court.',
      ],
    },
  },
};
