import { noticeLetterFr } from './notice-letter';
import type { GroupedMessages } from './grouped.types';

const factures = (n: number) => (n > 1 ? `${n} factures` : `${n} facture`);

// Same tone as fr.ts, for one message about several invoices: courteous first, firmer at each step,
// never aggressive; nothing is said that holds for only some of the invoices.
export const groupedFr: GroupedMessages = {
  subject: {
    courtesy: (g) => `${factures(g.count)} à échéance prochaine — ${g.total}`,
    friendly: (g) => `Rappel : ${factures(g.count)} impayées — ${g.total}`,
    firm: (g) => `Retard de paiement : ${factures(g.count)} impayées — ${g.total}`,
    urgent: (g) => `Dernière relance avant mise en demeure : ${factures(g.count)} impayées — ${g.total}`,
    formal_notice: (g) => `Mise en demeure de payer : ${factures(g.count)} impayées — ${g.total}`,
  },
  courtesy: {
    preview: (g) => `${factures(g.count)} arrivent prochainement à échéance (${g.total}).`,
    heading: (g) => `${factures(g.count)} arrivent à échéance`,
    body: (g) => [
      `Nous espérons que vous allez bien. Nous nous permettons de vous rappeler que les ${factures(g.count)} ci-dessous, d’un montant total de ${g.total}, arrivent prochainement à échéance.`,
      'Si le règlement est déjà programmé, merci beaucoup : vous pouvez ignorer ce message.',
    ],
  },
  friendly: {
    preview: (g) => `Le règlement de ${factures(g.count)} ne semble pas nous être parvenu (${g.total}).`,
    heading: (g) => `Rappel : ${factures(g.count)}`,
    body: (g) => [
      `Sauf erreur de notre part, le règlement des ${factures(g.count)} ci-dessous, arrivées à échéance, ne semble pas nous être parvenu.`,
      `Il s’agit sans doute d’un simple oubli : pourriez-vous procéder au règlement de ${g.total} dès que possible ? Si le paiement a été effectué entre-temps, nous vous en remercions et vous prions de ne pas tenir compte de ce message.`,
    ],
  },
  firm: {
    preview: (g) => `${factures(g.count)} restent impayées : ${g.total} restent dus.`,
    heading: (g) => `Retard de paiement : ${factures(g.count)}`,
    body: (g, x) => [
      `Le règlement des ${factures(g.count)} ci-dessous, arrivées à échéance, ne nous est toujours pas parvenu. Le montant restant dû s’élève à ${g.total}.`,
      x.lateFees,
      'Nous vous remercions de bien vouloir régulariser la situation dans les meilleurs délais. Si une difficulté explique ce retard, parlons-en : nous sommes ouverts à une solution amiable, comme un échéancier.',
    ],
  },
  urgent: {
    preview: (g) => `Dernière relance amiable pour ${factures(g.count)} avant mise en demeure.`,
    heading: () => 'Dernière relance avant mise en demeure',
    body: (g, x) => [
      `Nos rappels concernant les ${factures(g.count)} ci-dessous sont restés sans suite, et la somme de ${g.total} reste due à ce jour.`,
      `Sans règlement de votre part, nous vous adresserons ${x.formalNoticeOn ? `le ${x.formalNoticeOn}` : 'prochainement'} une mise en demeure de payer par lettre recommandée avec accusé de réception, préalable à une procédure de recouvrement judiciaire.`,
      'Nous préférons naturellement trouver une solution amiable : un règlement, ou un simple appel avant cette date, suffit. Si le paiement est en cours, merci de nous en informer.',
    ],
  },
  formal_notice: {
    preview: (g, x) =>
      `Mise en demeure : ${x.totalDue} à régler au plus tard le ${x.deadline} (${factures(g.count)}).`,
    heading: () => 'Mise en demeure de payer',
    body: (g, x) => [
      `Malgré nos relances, les ${factures(g.count)} ci-dessous demeurent impayées.`,
      `Par la présente, nous vous mettons en demeure de nous régler la somme de ${x.totalDue} au plus tard le ${x.deadline}, selon le détail ci-dessous : pour chaque facture, le principal, les intérêts de retard et l’indemnité forfaitaire qui lui sont propres.`,
      'À défaut de paiement dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement, notamment une requête en injonction de payer, dont les frais pourront être mis à votre charge.',
      noticeLetterFr(x),
    ],
  },
  eachDayAfterDue: 'lendemain de la date d’échéance de chaque facture',
  perInvoice: (fee) => `${fee} par facture`,
  defaultFixedFee: '40 €',
  creditedNote:
    'Les montants indiqués sont les soldes restant dus, déduction faite des avoirs émis et des règlements déjà reçus.',
  partlyPaidNote:
    'Les montants indiqués sont les soldes restant dus, déduction faite des règlements déjà reçus, merci.',
  list: {
    title: 'Vos factures',
    titleNeutral: 'Factures',
    number: 'Facture n°',
    issueDate: 'Émise le',
    dueDate: 'Échéance',
    balance: 'Reste à payer',
    late: 'Retard',
    daysLate: (d) => (d <= 0 ? 'à échoir' : d === 1 ? '1 jour' : `${d} jours`),
    total: 'Total restant dû',
  },
  alsoOutstanding: {
    title: 'Autres factures en retard',
    intro:
      'Pour information, ces autres factures restent impayées à ce jour ; elles ne sont pas l’objet de ce message.',
    total: 'Total de ces factures',
    accountTotal: 'Total restant dû sur votre compte',
  },
  pdfs: {
    attached: (numbers, n) =>
      n > 1 ? `Factures jointes en PDF : ${numbers}.` : `Facture jointe en PDF : ${numbers}.`,
    linked: 'Factures à télécharger :',
    onRequest: (numbers, n) =>
      n > 1
        ? `Les factures ${numbers} ne sont pas jointes à ce message : répondez-nous pour les recevoir.`
        : `La facture ${numbers} n’est pas jointe à ce message : répondez-nous pour la recevoir.`,
  },
  labelled: (number) => `${number} : `,
  pay: {
    referenceMany: 'les numéros des factures réglées',
    links: 'Ou en ligne, facture par facture :',
  },
  notice: {
    title: (asOf) => `Détail des sommes dues au ${asOf}`,
    number: 'Facture n°',
    principal: 'Principal',
    interest: 'Intérêts',
    fixedFee: 'Indemnité',
    total: 'Total',
    totalDue: 'Total dû',
    totalDueProvisional: 'Total dû, à parfaire',
    detailInLetter:
      'Le détail des intérêts de chaque facture, période par période avec son taux, figure dans la lettre de mise en demeure jointe.',
  },
  and: ' et ',
  footer: (g) => `Ce message vous est adressé par ${g.creditor} au sujet de ${factures(g.count)}.`,
  alert: {
    reply: {
      subject: (g, x) =>
        x.unverified
          ? `Réponse d’un expéditeur non vérifié : ${factures(g.count)} (${g.client})`
          : x.count > 1
            ? `${x.count} réponses de ${g.client} : ${factures(g.count)}`
            : `${g.client} a répondu : ${factures(g.count)}`,
      heading: (g, x) =>
        x.unverified
          ? 'Réponse d’un expéditeur non vérifié'
          : x.count > 1
            ? `${g.client} a répondu ${x.count} fois`
            : `${g.client} a répondu`,
      body: (g, x) =>
        x.unverified
          ? [
              x.count > 1
                ? `${x.count} réponses au sujet des ${factures(g.count)} listées ci-dessous depuis notre dernière alerte ; la plus récente, reçue le ${x.receivedAt}, vient d’un expéditeur non vérifié : ${x.from}.`
                : `Une réponse au sujet des ${factures(g.count)} listées ci-dessous a été reçue le ${x.receivedAt} d’un expéditeur non vérifié : ${x.from}.`,
              `Cette adresse n’est ni l’adresse email de ${g.client} ni l’une de ses copies enregistrées : le message ne vient peut-être pas du client.`,
              x.paused
                ? 'Les relances de ces factures sont suspendues, comme vos réglages le demandent pour les expéditeurs non vérifiés. Selon la réponse, reprenez-les, enregistrez une promesse de paiement ou un échéancier, ou clôturez les dossiers.'
                : 'Les relances continuent : cette réponse n’a rien suspendu. Si elle vient bien du client, suspendez ses dossiers ou mettez à jour son adresse email.',
            ]
          : [
              x.count > 1
                ? `${x.count} réponses de ${g.client} depuis notre dernière alerte au sujet des ${factures(g.count)} listées ci-dessous ; la plus récente, de ${x.from}, reçue le ${x.receivedAt} :`
                : `${g.client} (${x.from}) a répondu le ${x.receivedAt} au message concernant les ${factures(g.count)} listées ci-dessous.`,
              'Les relances de ces factures sont suspendues. Selon la réponse, reprenez-les, enregistrez une promesse de paiement ou un échéancier, ou clôturez les dossiers.',
            ],
    },
    bounce: {
      subject: (g, x) =>
        x.complaint
          ? `Email signalé comme spam : ${factures(g.count)} (${g.client})`
          : `Email non remis : ${factures(g.count)} (${g.client})`,
      heading: (_g, x) =>
        x.complaint ? 'Un email a été signalé comme spam' : 'Un email n’a pas pu être remis',
      body: (g, x) => [
        x.complaint
          ? `${x.recipient} a signalé comme indésirable (spam) l’email de l’étape « ${x.step} » concernant les ${factures(g.count)} listées ci-dessous.`
          : `L’email de l’étape « ${x.step} » adressé à ${x.recipient} pour les ${factures(g.count)} listées ci-dessous n’a pas pu être remis${x.reason ? ` (motif : ${x.reason})` : ''}.`,
        `Aucun autre email ne sera envoyé à cette adresse pour les dossiers de ${g.client} : les étapes suivantes deviennent des tâches pour vous (appel, lettre recommandée) jusqu’à ce qu’une nouvelle adresse email du client soit indiquée.`,
        'Merci de contacter le client par un autre moyen (téléphone, courrier) et, s’il en a une autre, de mettre à jour son adresse email.',
      ],
    },
    call_task: {
      subject: (g) => `À faire : appeler ${g.client} au sujet de ${factures(g.count)} (${g.total})`,
      heading: (g) => `Appeler ${g.client}`,
      body: (g, x) => [
        x.bounced
          ? `L’étape « ${x.step} » des ${factures(g.count)} listées ci-dessous aurait envoyé un email à ${g.client}, mais son adresse email n’est plus joignable (email non remis ou signalé comme spam) : appelez plutôt ${g.client}${x.phone ? ` au ${x.phone}` : ''}.`
          : `Les relances de ${factures(g.count)} de ${g.client} arrivent à l’étape « ${x.step} » : un appel à ${g.client}${x.phone ? ` au ${x.phone}` : ''} est recommandé, pour toutes ces factures à la fois.`,
        ...(x.phone
          ? []
          : ['Aucun numéro de téléphone n’est enregistré pour ce client : retrouvez-le dans vos échanges.']),
        x.bounced
          ? 'Demandez-lui au passage une adresse email valide : une fois mise à jour, les envois par email reprennent.'
          : 'Un échange direct débloque souvent la situation avant la mise en demeure.',
      ],
    },
    formal_notice_sent: {
      subject: (g) => `Mise en demeure envoyée : ${factures(g.count)} (${g.client})`,
      heading: () => 'Mise en demeure envoyée',
      body: (g, x) => [
        `La mise en demeure concernant les ${factures(g.count)} listées ci-dessous a été envoyée par email à ${g.client}, en une seule lettre. Délai accordé : jusqu’au ${x.deadline}.`,
        'Pensez à l’envoyer aussi par lettre recommandée avec accusé de réception : le PDF joint est prêt à imprimer.',
      ],
    },
    handed_off: {
      subject: (g, x) => `Dossier transmis à ${x.lawyer} : ${factures(g.count)} (${g.client})`,
      heading: () => 'Dossier transmis',
      body: (g, x) => [
        `Le dossier des ${factures(g.count)} de ${g.client} listées ci-dessous a été transmis à ${x.lawyer}, en un seul dossier, avec l’historique complet des relances. Vous êtes en copie de l’envoi.`,
      ],
    },
    unrecovered: {
      subject: (g) => `Dossiers clos sans recouvrement : ${factures(g.count)} (${g.client})`,
      heading: () => 'Dossiers clos sans recouvrement',
      body: (g, x) => [
        `Les dossiers des ${factures(g.count)} de ${g.client} listées ci-dessous sont clos sans recouvrement : ${x.reason}`,
      ],
    },
    action_required: {
      subject: (g) => `Action requise : ${factures(g.count)} (${g.client})`,
      heading: () => 'Une étape n’a pas pu aboutir',
      body: (g, x) => [
        `L’étape « ${x.step} » des ${factures(g.count)} de ${g.client} listées ci-dessous n’a pas pu aboutir et ne sera pas retentée d’elle-même. Motif : ${x.reason}`,
        x.linked
          ? 'Ces dossiers sont en attente. Corrigez la cause (adresse email du client, adresse d’expédition, contact juridique…), puis reprenez-les tous ensemble avec le bouton ci-dessous. Si l’adresse email du client est en cause, indiquez-en une nouvelle pour tous ses dossiers.'
          : x.clientId
            ? `Ces dossiers sont en attente. Corrigez la cause (adresse email du client, adresse d’expédition, contact juridique…), puis reprenez-les tous ensemble : POST /v1/clients/${x.clientId}/resume. Si l’adresse email du client est en cause, indiquez-en une nouvelle pour tous ses dossiers : PATCH /v1/clients/${x.clientId}.`
            : 'Ces dossiers sont en attente. Corrigez la cause (adresse email du client, adresse d’expédition, contact juridique…), puis reprenez chacun d’eux : POST /v1/invoices/{externalId}/resume.',
      ],
    },
    letter_task: {
      subject: (g) =>
        `À faire : envoyer la mise en demeure par lettre recommandée : ${factures(g.count)} (${g.client})`,
      heading: () => 'Mise en demeure à envoyer par courrier',
      body: (g, x) => [
        `L’adresse email de ${g.client} n’est plus joignable (email non remis ou signalé comme spam) : la mise en demeure des ${factures(g.count)} listées ci-dessous (étape « ${x.step} ») ne lui a pas été envoyée par email.`,
        `La lettre datée du ${x.sentOn} est jointe, prête à imprimer : envoyez-la dès aujourd’hui par lettre recommandée avec accusé de réception. Elle réclame ${x.totalDue} au plus tard le ${x.deadline}.`,
        'Conservez la preuve de dépôt et l’avis de réception : ils seront utiles en cas de procédure.',
      ],
    },
  },
};
