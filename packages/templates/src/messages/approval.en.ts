import type { AlertCopy, HandoffApprovalCopyInput } from './types';

/** The creditor's yes before the lawyer (SPEC §3.2b): the dossier summed up, how to answer. */
export const handoffApprovalEn: AlertCopy<HandoffApprovalCopyInput> = {
  subject: (v, x) =>
    `${x.reminder ? 'Reminder: ' : ''}Approve the hand-off to the lawyer? Invoice ${v.number} (${v.client})`,
  heading: (_v, x) =>
    x.reminder ? 'A hand-off still waits for your answer' : 'Hand the case to the lawyer?',
  body: (v, x) => [
    `The case of invoice ${v.number} (${v.client}) has reached its "${x.step}" step: the file is ready for ${x.lawyer || 'your legal contact'}. Nothing is sent until you approve.`,
    [
      `The file: ${v.balance} outstanding`,
      x.penalties ? `, ${x.penalties} of late-payment penalties (${x.totalClaimed} claimed in all)` : '',
      x.formalNotice
        ? `; formal notice of ${x.formalNotice.sentOn} left unanswered at its ${x.formalNotice.deadline} deadline`
        : '',
      '.',
    ].join(''),
    `Approve: POST /v1/invoices/${x.externalId}/handoff {"approve": true}. Decline: {"approve": false, "reason": "…"}, which closes the case without recovery, or with "keepChasing": true, which puts it on hold for you to chase it yourself (resume it later).`,
    ...(x.reminder ? ['This is the only reminder: the case keeps waiting for your answer.'] : []),
  ],
};
