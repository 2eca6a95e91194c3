import type { AlertCopy, HandoffApprovalCopyInput } from './types';

/** L’accord du créancier avant l’avocat (SPEC §3.2b) : le dossier résumé, comment répondre. */
export const handoffApprovalFr: AlertCopy<HandoffApprovalCopyInput> = {
  subject: (v, x) =>
    `${x.reminder ? 'Rappel : ' : ''}Transmettre le dossier à l’avocat ? Facture ${v.number} (${v.client})`,
  heading: (_v, x) =>
    x.reminder ? 'Une transmission attend toujours votre réponse' : 'Transmettre le dossier à l’avocat ?',
  body: (v, x) => [
    `Le dossier de la facture ${v.number} (${v.client}) a atteint l’étape « ${x.step} » : il est prêt pour ${x.lawyer || 'votre contact juridique'}. Rien n’est envoyé sans votre accord.`,
    [
      `Le dossier : ${v.balance} restant dus`,
      x.penalties ? `, ${x.penalties} de pénalités de retard (${x.totalClaimed} réclamés au total)` : '',
      x.formalNotice
        ? ` ; mise en demeure du ${x.formalNotice.sentOn} restée sans réponse à l’échéance du ${x.formalNotice.deadline}`
        : '',
      '.',
    ].join(''),
    `Accepter : POST /v1/invoices/${x.externalId}/handoff {"approve": true}. Refuser : {"approve": false, "reason": "…"}, qui clôt le dossier sans recouvrement, ou avec "keepChasing": true, qui le met en attente pour que vous relanciez vous-même (à reprendre ensuite).`,
    ...(x.reminder ? ['Ce rappel est le seul : le dossier attend votre réponse.'] : []),
  ],
};
