import type { ActionMessages } from './actions.types';

export const actionsEn: ActionMessages = {
  alert: {
    title: 'Act from this email',
    intro: 'Each button opens a page where you confirm; nothing changes until you do.',
  },
  labels: {
    resume: 'Resume reminders',
    promise: 'Record a promise to pay',
    dispute: 'Open a dispute',
    cancel: 'Cancel the case',
    client_email: 'Give a new client email address',
    approve_handoff: 'Approve the hand-off to your lawyer',
    decline_handoff: 'Decline the hand-off',
    call_outcome: 'Record the call’s outcome',
    letter: 'Record the registered letter',
  },
  page: {
    title: 'Done',
    summaryTitle: 'The case',
    invoice: 'Invoice',
    client: 'Client',
    balance: 'Balance',
    status: 'Status',
    nextAction: 'Next action',
    openCases: 'Open invoices',
    scope: { invoice: (n) => `invoice ${n}`, client: (c) => `every open invoice of ${c}` },
    none: 'none',
    statuses: {
      pending: 'not yet due',
      overdue: 'overdue, reminders running',
      paused: 'paused',
      promised: 'payment promised',
      disputed: 'disputed',
      payment_plan: 'payment plan',
      handed_off: 'handed to your lawyer',
      paid: 'paid',
      cancelled: 'cancelled',
      unrecovered: 'closed without recovery',
    },
    explain: {
      resume: (s) => `Reminders for ${s} start again from where they stopped, with the usual spacing.`,
      promise: (s) =>
        `Nothing is sent for ${s} until the promised date; if it is not paid by then, a “promise missed” reminder goes out.`,
      dispute: (s) => `Reminders for ${s} stop: it is marked disputed until you resume or cancel the case.`,
      cancel: (s) =>
        `Reminders for ${s} end for good: the case closes as cancelled (credit note, voided invoice). This cannot be undone.`,
      client_email: (s) =>
        `Emails for ${s} go to the new address from now on; an address that bounced is no longer used.`,
      approve_handoff: (s) =>
        `The dossier of ${s} goes to your legal contact now, as the policy plans (below its threshold the case closes unrecovered instead).`,
      decline_handoff: (s) =>
        `No hand-off to your lawyer for ${s}. Either you chase the client yourself (the case is paused, and can be resumed), or the case closes as unrecovered with your reason.`,
      call_outcome: (s) =>
        `The call about ${s} goes on its timeline. A promise pauses reminders until its date; a dispute stops them.`,
      letter: (s) =>
        `The registered letter for ${s} goes on its timeline and in the dossier; add the receipt date when the acknowledgement comes back.`,
    },
    fields: {
      date: { label: 'Promised payment date', hint: 'Format: YYYY-MM-DD' },
      note: { label: 'Note' },
      reason: { label: 'Reason' },
      email: { label: 'New email address of the client' },
      outcome: { label: 'Outcome of the call' },
      promiseDate: {
        label: 'Promised payment date',
        hint: 'Only when the client promised to pay. Format: YYYY-MM-DD',
      },
      keepChasing: { label: 'What happens to the case' },
      postedOn: { label: 'Posting date', hint: 'Format: YYYY-MM-DD' },
      trackingNumber: { label: 'Tracking number' },
      receivedOn: {
        label: 'Date of receipt',
        hint: 'From the acknowledgement of receipt. Format: YYYY-MM-DD',
      },
    },
    choices: {
      outcome: {
        reached: 'Reached the client',
        no_answer: 'No answer',
        promised: 'The client promised to pay',
        disputed: 'The client disputes the invoice',
      },
      keepChasing: {
        true: 'I keep chasing by hand (the case is paused)',
        false: 'Close the case as unrecovered',
      },
    },
    optional: '(optional)',
    confirm: {
      resume: 'Confirm: resume reminders',
      promise: 'Confirm the promise',
      dispute: 'Confirm the dispute',
      cancel: 'Confirm: cancel the case',
      client_email: 'Confirm the new address',
      approve_handoff: 'Confirm: hand the case to the lawyer',
      decline_handoff: 'Confirm: decline the hand-off',
      call_outcome: 'Record the call',
      letter: 'Record the letter',
    },
    fixErrors: 'Please correct the following:',
    done: {
      title: 'Done',
      body: {
        resume: (s) => `Reminders for ${s} are running again.`,
        promise: (s) => `The promise to pay for ${s} is recorded.`,
        dispute: (s) => `A dispute is recorded for ${s}.`,
        cancel: (s) => `The case of ${s} is cancelled.`,
        client_email: (s) => `The new address is recorded for ${s}.`,
        approve_handoff: (s) => `The hand-off of ${s} is approved.`,
        decline_handoff: (s) => `The hand-off of ${s} is declined.`,
        call_outcome: (s) => `The call about ${s} is recorded.`,
        letter: (s) => `The registered letter for ${s} is recorded.`,
      },
    },
    used: {
      title: 'This link was already used',
      body: (at) => `This action was applied on ${at}; a link can only be used once. Nothing was changed.`,
    },
    expired: {
      title: 'This link has expired',
      body: (on) =>
        `This link was valid until ${on}. Nothing was changed; use the link of a more recent alert, or the API.`,
    },
    forged: {
      title: 'This link is not valid',
      body: 'The link was changed or is incomplete. Nothing was changed; open it again from the alert email.',
    },
    notFound: {
      title: 'Nothing found for this link',
      body: 'This link does not lead to a case. Nothing was changed; check that it was copied in full.',
    },
    refused: { title: 'This action cannot be applied', body: (d) => `Nothing was changed: ${d}` },
    unavailable: {
      title: 'Action links are unavailable',
      body: 'This server does not accept action links at the moment. Nothing was changed; try again later.',
    },
    footer: 'Relance: this page was opened from a link in one of your alerts. It uses no cookies.',
  },
};
