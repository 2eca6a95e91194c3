import { noticeLetterFr } from './notice-letter';
import { groupedFr } from './grouped.fr';
import { handoffApprovalFr } from './approval.fr';
import type { Messages } from './types';

/** A closed case's status, as the creditor alert names it. */
const CLOSED: Record<string, string | undefined> = {
  paid: 'facture réglée',
  cancelled: 'facture annulée',
  unrecovered: 'clos sans recouvrement',
};

// Tone (docs/architecture.md "Emails and documents"): courteous and positive, good faith first ("ne semble pas nous être parvenu"),
// firmer at each step, never aggressive.
export const fr: Messages = {
  subject: {
    courtesy: (v) => `Facture ${v.number} : échéance le ${v.dueDate}`,
    friendly: (v) => `Rappel : facture ${v.number} arrivée à échéance`,
    firm: (v) => `Deuxième relance : facture ${v.number} en retard de paiement`,
    urgent: (v) => `Dernière relance avant mise en demeure : facture ${v.number}`,
    promise_missed: (v) => `Facture ${v.number} : suite à votre engagement de paiement`,
    instalment_due: (v, x) => `Facture ${v.number} : échéance ${x.index}/${x.count} de votre échéancier`,
    formal_notice: (v) => `Mise en demeure de payer : facture ${v.number}`,
    payment_confirmation: (v) => `Paiement reçu : facture ${v.number}, merci !`,
    legal_handoff: (v) => `Transmission d’un dossier de recouvrement : facture ${v.number} (${v.client})`,
  },
  greeting: (name) => `Bonjour ${name},`,
  greetingTeam: 'Bonjour,',
  signOff: 'Bien cordialement,',
  // An avoir is never called a payment: "vous avez déjà réglé" only for money received.
  partlyPaid: (v) =>
    !v.credited
      ? `Sur un total de ${v.total}, vous avez déjà réglé ${v.paid}, merci : le solde restant dû est de ${v.balance}.`
      : v.paidSome
        ? `Sur un total de ${v.total}, vous avez déjà réglé ${v.paid}, merci, et un avoir de ${v.credited} a été déduit : le solde restant dû est de ${v.balance}.`
        : `Sur un total de ${v.total}, un avoir de ${v.credited} a été déduit : le solde restant dû est de ${v.balance}.`,
  questions: () => 'Pour toute question ou difficulté, il vous suffit de répondre à ce message.',

  courtesy: {
    preview: (v) => `La facture ${v.number} arrive à échéance le ${v.dueDate}.`,
    heading: (v) => `Échéance de la facture ${v.number} le ${v.dueDate}`,
    body: (v) => [
      `Nous espérons que vous allez bien. Nous nous permettons de vous rappeler que la facture ${v.number} du ${v.issueDate}, d’un montant de ${v.balance}, arrive à échéance le ${v.dueDate}.`,
      'Si le règlement est déjà programmé, merci beaucoup : vous pouvez ignorer ce message.',
    ],
  },
  friendly: {
    preview: (v) => `Le règlement de la facture ${v.number} ne semble pas nous être parvenu.`,
    heading: (v) => `Rappel : facture ${v.number}`,
    body: (v) => [
      `Sauf erreur de notre part, le règlement de la facture ${v.number} du ${v.issueDate}, arrivée à échéance le ${v.dueDate}, ne semble pas nous être parvenu.`,
      `Il s’agit sans doute d’un simple oubli : pourriez-vous procéder au règlement de ${v.balance} dès que possible ? Si le paiement a été effectué entre-temps, nous vous en remercions et vous prions de ne pas tenir compte de ce message.`,
    ],
  },
  firm: {
    preview: (v) => `La facture ${v.number} reste impayée : ${v.balance} restent dus.`,
    heading: (v) => `Deuxième relance : facture ${v.number}`,
    body: (v, x) => [
      `Malgré notre précédent rappel, le règlement de la facture ${v.number}, échue depuis le ${v.dueDate}, ne nous est toujours pas parvenu. Le montant restant dû s’élève à ${v.balance}.`,
      x.lateFees,
      'Nous vous remercions de bien vouloir régulariser la situation dans les meilleurs délais. Si une difficulté explique ce retard, parlons-en : nous sommes ouverts à une solution amiable, comme un échéancier.',
    ],
  },
  urgent: {
    preview: (v) => `Dernière relance amiable pour la facture ${v.number} avant mise en demeure.`,
    heading: () => 'Dernière relance avant mise en demeure',
    body: (v, x) => [
      `Nos précédents rappels concernant la facture ${v.number}, échue le ${v.dueDate}, sont restés sans suite, et la somme de ${v.balance} reste due à ce jour.`,
      `Sans règlement de votre part, nous vous adresserons ${x.formalNoticeOn ? `le ${x.formalNoticeOn}` : 'prochainement'} une mise en demeure de payer par lettre recommandée avec accusé de réception, préalable à une procédure de recouvrement judiciaire.`,
      'Nous préférons naturellement trouver une solution amiable : un règlement, ou un simple appel avant cette date, suffit. Si le paiement est en cours, merci de nous en informer.',
    ],
  },
  promise_missed: {
    preview: (v, x) =>
      `Le règlement annoncé pour le ${x.promisedDate} (facture ${v.number}) ne semble pas nous être parvenu.`,
    heading: (_v, x) => `Votre engagement de paiement du ${x.promisedDate}`,
    body: (v, x) => [
      `Vous nous aviez indiqué que la facture ${v.number} serait réglée au plus tard le ${x.promisedDate}, et nous vous en remercions. Le règlement ne semble toutefois pas nous être parvenu à ce jour.`,
      `Pourriez-vous nous confirmer la date à laquelle le paiement de ${v.balance} sera effectué ? Si le virement est déjà parti, merci de ne pas tenir compte de ce message.`,
    ],
  },
  instalment_due: {
    preview: (v, x) => `Échéance ${x.index}/${x.count} de ${x.amount} le ${x.dueDate} (facture ${v.number}).`,
    heading: (_v, x) => `Échéance ${x.index}/${x.count} de votre échéancier`,
    body: (v, x) => [
      `Comme convenu dans l’échéancier de règlement de la facture ${v.number}, l’échéance n° ${x.index} sur ${x.count}, d’un montant de ${x.amount}, est à régler le ${x.dueDate}.`,
      `Après ce versement, le solde de la facture sera réduit d’autant (solde actuel : ${v.balance}). Merci pour le respect de cet échéancier.`,
    ],
  },
  formal_notice: {
    preview: (v, x) =>
      `Mise en demeure : ${x.totalDue} à régler au plus tard le ${x.deadline} (facture ${v.number}).`,
    heading: () => 'Mise en demeure de payer',
    body: (v, x) => [
      `Malgré nos relances, la facture ${v.number} du ${v.issueDate}, échue le ${v.dueDate}, demeure impayée.`,
      `Par la présente, nous vous mettons en demeure de nous régler la somme de ${x.totalDue} au plus tard le ${x.deadline}, selon le détail ci-dessous.`,
      'À défaut de paiement dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement, notamment une requête en injonction de payer, dont les frais pourront être mis à votre charge.',
      noticeLetterFr(x),
    ],
  },
  payment_confirmation: {
    preview: (v, x) => `Nous avons bien reçu votre règlement de ${x.amountPaid} pour la facture ${v.number}.`,
    heading: () => 'Merci pour votre règlement',
    body: (v, x) => [
      `Nous vous confirmons la bonne réception de votre règlement de ${x.amountPaid}, le ${x.paidAt}, pour la facture ${v.number}.`,
      x.settled
        ? 'La facture est désormais entièrement réglée. Merci pour votre confiance, au plaisir de travailler de nouveau ensemble !'
        : `Il reste un solde de ${v.balance} à régler ; vous trouverez ci-dessous les informations de paiement.`,
    ],
  },
  legal_handoff: {
    preview: (v) =>
      `Dossier de recouvrement de la facture ${v.number} (${v.client}) : ${v.balance} en principal.`,
    heading: (v) => `Dossier de recouvrement : facture ${v.number}`,
    body: (v, x) => [
      `Nous vous transmettons le dossier de recouvrement de la facture ${v.number} adressée le ${v.issueDate} à ${v.client}, restée impayée malgré nos relances amiables et notre mise en demeure.`,
      `Principal restant dû : ${v.balance}.`,
      ...(x.summary
        ? [x.summary]
        : x.formalNotice
          ? [
              `Notre mise en demeure du ${x.formalNotice.sentOn}, qui fixait un délai de paiement au ${x.formalNotice.deadline}, est restée sans effet.`,
            ]
          : []),
      'Vous trouverez en pièces jointes le dossier complet (PDF et JSON) : parties, facture, calcul des pénalités, chronologie des relances avec statuts de remise, réponses du débiteur et copie de chaque message envoyé.',
      'Nous vous remercions de bien vouloir nous indiquer la suite que vous entendez donner à ce dossier.',
    ],
  },

  alert: {
    reply: {
      subject: (v, x) =>
        x.unverified
          ? `Réponse d’un expéditeur non vérifié : facture ${v.number} (${v.client})`
          : x.count > 1
            ? `${x.count} réponses de ${v.client} : facture ${v.number}`
            : `${v.client} a répondu : facture ${v.number}`,
      heading: (v, x) =>
        x.unverified
          ? 'Réponse d’un expéditeur non vérifié'
          : x.count > 1
            ? `${v.client} a répondu ${x.count} fois`
            : `${v.client} a répondu`,
      body: (v, x) =>
        x.unverified
          ? [
              x.count > 1
                ? `${x.count} réponses au sujet de la facture ${v.number} depuis notre dernière alerte ; la plus récente, reçue le ${x.receivedAt}, vient d’un expéditeur non vérifié : ${x.from}.`
                : `Une réponse au sujet de la facture ${v.number} a été reçue le ${x.receivedAt} d’un expéditeur non vérifié : ${x.from}.`,
              `Cette adresse n’est ni l’adresse email de ${v.client} ni l’une de ses copies enregistrées : le message ne vient peut-être pas du client.`,
              x.paused
                ? 'Les relances sont suspendues, comme vos réglages le demandent pour les expéditeurs non vérifiés. Selon la réponse, reprenez-les, enregistrez une promesse de paiement ou un échéancier, ou clôturez le dossier.'
                : 'Les relances continuent : cette réponse n’a rien suspendu. Si elle vient bien du client, suspendez le dossier ou mettez à jour son adresse email.',
            ]
          : [
              x.count > 1
                ? `${x.count} réponses de ${v.client} depuis notre dernière alerte au sujet de la facture ${v.number} ; la plus récente, de ${x.from}, reçue le ${x.receivedAt} :`
                : `${v.client} (${x.from}) a répondu le ${x.receivedAt} au sujet de la facture ${v.number}.`,
              'Les relances sont suspendues. Selon la réponse, reprenez-les, enregistrez une promesse de paiement ou un échéancier, ou clôturez le dossier.',
            ],
    },
    reply_waiting: {
      subject: (v) => `En attente de votre décision : réponse de ${v.client}, facture ${v.number}`,
      heading: (v) => `La réponse de ${v.client} attend toujours`,
      body: (v, x) => [
        `${v.client} (${x.from}) a répondu le ${x.receivedAt} au sujet de la facture ${v.number} ; les relances sont suspendues depuis.`,
        x.resumesAt
          ? `Sans action de votre part, elles reprendront d’elles-mêmes le ${x.resumesAt}, en respectant l’espacement de la politique.`
          : 'Elles restent suspendues jusqu’à votre décision.',
        'Selon la réponse, reprenez les relances, enregistrez une promesse de paiement ou un échéancier, ouvrez un litige, ou clôturez le dossier.',
      ],
    },
    bounce: {
      subject: (v, x) =>
        x.complaint
          ? `Email signalé comme spam : facture ${v.number} (${v.client})`
          : `Email non remis : facture ${v.number} (${v.client})`,
      heading: (_v, x) =>
        x.complaint ? 'Un email a été signalé comme spam' : 'Un email n’a pas pu être remis',
      body: (v, x) => [
        x.complaint
          ? `${x.recipient} a signalé comme indésirable (spam) l’email de l’étape « ${x.step} » concernant la facture ${v.number}.`
          : `L’email de l’étape « ${x.step} » adressé à ${x.recipient} pour la facture ${v.number} n’a pas pu être remis${x.reason ? ` (motif : ${x.reason})` : ''}.`,
        'Aucun autre email ne sera envoyé à cette adresse pour ce dossier : les étapes suivantes deviennent des tâches pour vous (appel, lettre recommandée) jusqu’à ce qu’une nouvelle adresse email du client soit indiquée.',
        'Merci de contacter le client par un autre moyen (téléphone, courrier) et, s’il en a une autre, de mettre à jour son adresse email.',
      ],
    },
    call_task: {
      subject: (v) => `À faire : appeler ${v.client} au sujet de la facture ${v.number}`,
      heading: (v) => `Appeler ${v.client}`,
      body: (v, x) => [
        x.bounced
          ? `L’étape « ${x.step} » de la facture ${v.number} aurait envoyé un email à ${v.client}, mais son adresse email n’est plus joignable (email non remis ou signalé comme spam) : appelez plutôt ${v.client}${x.phone ? ` au ${x.phone}` : ''}.`
          : `La relance de la facture ${v.number} arrive à l’étape « ${x.step} » : un appel à ${v.client}${x.phone ? ` au ${x.phone}` : ''} est recommandé.`,
        ...(x.phone
          ? []
          : ['Aucun numéro de téléphone n’est enregistré pour ce client : retrouvez-le dans vos échanges.']),
        x.bounced
          ? 'Demandez-lui au passage une adresse email valide : une fois mise à jour, les envois par email reprennent.'
          : 'Un échange direct débloque souvent la situation avant la mise en demeure.',
      ],
    },
    formal_notice_sent: {
      subject: (v) => `Mise en demeure envoyée : facture ${v.number} (${v.client})`,
      heading: () => 'Mise en demeure envoyée',
      body: (v, x) => [
        `La mise en demeure concernant la facture ${v.number} a été envoyée par email à ${v.client}. Délai accordé : jusqu’au ${x.deadline}.`,
        'Pensez à l’envoyer aussi par lettre recommandée avec accusé de réception : le PDF joint est prêt à imprimer.',
      ],
    },
    handed_off: {
      subject: (v, x) => `Dossier transmis à ${x.lawyer} : facture ${v.number}`,
      heading: () => 'Dossier transmis',
      body: (v, x) => [
        `Le dossier de la facture ${v.number} (${v.client}) a été transmis à ${x.lawyer}, avec l’historique complet des relances. Vous êtes en copie de l’envoi.`,
      ],
    },
    paid: {
      subject: (v) => `Facture ${v.number} réglée par ${v.client}`,
      heading: () => 'Facture réglée',
      body: (v, x) => [
        `${v.client} a réglé ${x.amountPaid} au titre de la facture ${v.number}. Le dossier est clos et les relances sont arrêtées.`,
      ],
    },
    unrecovered: {
      subject: (v) => `Dossier clos sans recouvrement : facture ${v.number}`,
      heading: () => 'Dossier clos sans recouvrement',
      body: (v, x) => [
        `Le dossier de la facture ${v.number} (${v.client}) est clos sans recouvrement : ${x.reason}`,
      ],
    },
    overpaid: {
      subject: (v, x) => `Trop-perçu de ${x.surplus} : facture ${v.number} (${v.client})`,
      heading: () => 'Paiement supérieur au solde',
      body: (v, x) => [
        `${v.client} a versé ${x.surplus} de plus que le solde restant dû de la facture ${v.number} (paiement ${x.paymentId}). La facture est réglée et les relances sont arrêtées.`,
        'Remboursez ce trop-perçu au client ou, en accord avec lui, imputez-le sur une prochaine facture. S’il correspond à l’indemnité forfaitaire ou aux pénalités de retard réglées d’elles-mêmes, il vous revient.',
      ],
    },
    payment_after_close: {
      subject: (v) => `Paiement reçu sur un dossier clos : facture ${v.number} (${v.client})`,
      heading: () => 'Paiement reçu après la clôture du dossier',
      body: (v, x) => [
        `Un paiement de ${x.amount} (paiement ${x.paymentId}) est arrivé pour la facture ${v.number}, dont le dossier est déjà clos (${x.status}).`,
        'Il a été enregistré, sans rouvrir le dossier ni relancer le client. Vérifiez-le : s’il fait double emploi, remboursez-le ou imputez-le sur une prochaine facture.',
      ],
    },
    action_required: {
      subject: (v) => `Action requise : facture ${v.number} (${v.client})`,
      heading: () => 'Une étape n’a pas pu aboutir',
      body: (v, x) => [
        `L’étape « ${x.step} » de la facture ${v.number} n’a pas pu aboutir et ne sera pas retentée d’elle-même. Motif : ${x.reason}`,
        x.linked
          ? 'Le dossier est en attente. Corrigez la cause (adresse email du client, adresse d’expédition, contact juridique…), puis reprenez le dossier avec le bouton ci-dessous. Si l’adresse email du client est en cause, en indiquer une nouvelle reprend aussi le dossier.'
          : `Le dossier est en attente. Corrigez la cause (adresse email du client, adresse d’expédition, contact juridique…), puis reprenez le dossier : POST /v1/invoices/${x.externalId}/resume. Si l’adresse email du client est en cause, en indiquer une nouvelle reprend aussi le dossier : PATCH /v1/invoices/${x.externalId}/client.`,
      ],
    },
    letter_task: {
      subject: (v) =>
        `À faire : envoyer la mise en demeure par lettre recommandée : facture ${v.number} (${v.client})`,
      heading: () => 'Mise en demeure à envoyer par courrier',
      body: (v, x) => [
        `L’adresse email de ${v.client} n’est plus joignable (email non remis ou signalé comme spam) : la mise en demeure de la facture ${v.number} (étape « ${x.step} ») ne lui a pas été envoyée par email.`,
        `La lettre datée du ${x.sentOn} est jointe, prête à imprimer : envoyez-la dès aujourd’hui par lettre recommandée avec accusé de réception. Elle réclame ${x.totalDue} au plus tard le ${x.deadline}.`,
        'Conservez la preuve de dépôt et l’avis de réception : ils seront utiles en cas de procédure.',
      ],
    },
    handoff_approval: handoffApprovalFr,
    provisional_rate: {
      subject: (v) => `Taux de référence à ajouter : pénalités provisoires sur la facture ${v.number}`,
      heading: () => 'Pénalités calculées avec un taux provisoire',
      body: (v, x) => [
        `Les pénalités de retard de la facture ${v.number} (${v.client}) ont été calculées avec un taux provisoire : il manque aux tables de taux le ${x.figures.join(' ; le ')}.`,
        'En attendant, le dernier taux publié connu est appliqué : les documents portent la mention « taux provisoire — dernier taux publié connu » et un total « à parfaire ».',
        'Demandez à l’exploitant de Relance d’ajouter le taux publié (commande « rates add » ou route POST /v1/admin/rates) : les calculs suivants l’utiliseront.',
      ],
    },
    closedStatus: (status) => CLOSED[status] ?? status,
    quoteTitle: 'Message reçu',
    unverifiedSender: 'expéditeur non vérifié',
    quoteTitleLatest: 'Dernier message reçu',
    footer: 'Message envoyé automatiquement par Relance, qui suit vos factures impayées.',
    signature: 'Relance',
  },

  lateFees: (x) => {
    const fee = x.fixedFee ?? '40 €';
    if (x.jurisdiction === 'GB')
      return `Conformément au Late Payment of Commercial Debts (Interest) Act 1998, des intérêts de retard (taux de base de la Banque d’Angleterre majoré de 8 points) et une indemnité forfaitaire de recouvrement${x.fixedFee ? ` de ${x.fixedFee}` : ''} sont dus à compter du ${x.from}.`;
    if (x.clientType === 'consumer')
      return `À défaut de règlement, des intérêts au taux légal pourront vous être réclamés à compter du ${x.from}.`;
    if (x.jurisdiction === 'EU')
      return `Conformément à la directive 2011/7/UE, tout retard de paiement entraîne des intérêts de retard (taux de la BCE majoré de 8 points) et une indemnité forfaitaire pour frais de recouvrement de ${fee}, à compter du ${x.from}.`;
    return `Nous vous rappelons que, conformément à l’article L441-10 du Code de commerce, tout retard de paiement entraîne de plein droit des pénalités de retard ainsi qu’une indemnité forfaitaire pour frais de recouvrement de ${fee}. Ces pénalités s’appliquent à compter du ${x.from}.`;
  },

  facts: {
    title: 'Votre facture',
    titleNeutral: 'Facture',
    number: 'Facture n°',
    issueDate: 'Date d’émission',
    dueDate: 'Date d’échéance',
    total: 'Montant total TTC',
    paid: 'Déjà réglé',
    credited: 'Avoir déduit',
    balance: 'Reste à payer',
  },
  party: {
    debtor: 'Débiteur',
    client: 'Client',
    name: 'Nom',
    address: 'Adresse',
    email: 'Email',
    phone: 'Téléphone',
    registration: 'SIREN/SIRET',
  },
  pay: {
    title: 'Comment régler',
    transfer: 'Par virement bancaire :',
    amount: 'Montant',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Référence à indiquer',
    button: 'Payer en ligne',
    link: 'Ou en ligne, en quelques clics :',
  },
  penalties: {
    title: (asOf) => `Détail des sommes dues au ${asOf}`,
    principal: 'Principal (solde de la facture)',
    interest: (from, to, days, rate) => `Intérêts du ${from} au ${to} (${days} jours à ${rate})`,
    fixedFee: 'Indemnité forfaitaire pour frais de recouvrement',
    totalDue: 'Total dû',
    provisionalRate: 'taux provisoire — dernier taux publié connu',
    totalDueProvisional: 'Total dû, à parfaire',
  },
  rateFigure: (table, date, h) => {
    const half = h ? `${h.half === 1 ? 'premier' : 'second'} semestre ${h.year}` : '';
    switch (table) {
      case 'ecb':
        return `taux de refinancement principal de la BCE au ${date}`;
      case 'boe':
        return `taux de base de la Banque d’Angleterre au ${date}`;
      case 'fr-legal-other':
        return `taux de l’intérêt légal (autres cas) du ${half}`;
      case 'fr-legal-individuals':
        return `taux de l’intérêt légal (particuliers) du ${half}`;
    }
  },
  contact: (name, email, phone) =>
    `Votre contact : ${name}${email ? `, ${email}` : ''}${phone ? `, ${phone}` : ''}.`,
  grouped: groupedFr,
  legalIds: (registration, vat) =>
    [registration && `SIREN/SIRET ${registration}`, vat && `TVA ${vat}`].filter(Boolean).join(' · '),
  footer: (v) => `Ce message vous est adressé par ${v.creditor} au sujet de la facture ${v.number}.`,
};
