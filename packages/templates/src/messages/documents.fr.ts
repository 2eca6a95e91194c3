import type { DossierMessages, LetterMessages, StatementMessages } from './documents.types';

export const letterFr: LetterMessages = {
  title: 'Mise en demeure de payer',
  registeredMail: (law, tracking) =>
    (law.jurisdiction === 'GB'
      ? 'Envoi recommandé (recorded delivery)'
      : 'Lettre recommandée avec accusé de réception') + (tracking ? ` n° ${tracking}` : ''),
  emailCopy: (email) => `Copie adressée par email à ${email}`,
  placeDate: (place, date) => (place ? `${place}, le ${date}` : `Le ${date}`),
  attention: (name) => `À l’attention de ${name}`,
  subject: (number) => `Objet : Mise en demeure de payer — facture n° ${number}`,
  salutation: 'Madame, Monsieur,',
  intro: (x) =>
    `Sauf erreur ou omission de notre part, la facture ci-dessous, échue le ${x.dueDate}, demeure impayée malgré nos relances amiables :`,
  invoiceColumns: ['Facture n°', 'Émise le', 'Échéance', 'Montant TTC', 'Déjà réglé', 'Reste dû'],
  legalBasis: (law, x) => {
    if (law.jurisdiction === 'GB')
      return `Conformément au Late Payment of Commercial Debts (Interest) Act 1998, cette créance porte intérêt au taux de ${x.rates} (taux de base de la Banque d’Angleterre majoré de 8 points) et donne lieu au paiement d’une somme forfaitaire de ${x.fixedFee} pour frais de recouvrement.`;
    if (law.clientType === 'consumer')
      return 'Conformément à l’article 1344-1 du Code civil, la présente mise en demeure fait courir les intérêts moratoires au taux de l’intérêt légal sur les sommes dues.';
    if (law.jurisdiction === 'EU')
      return `Conformément à la directive 2011/7/UE concernant la lutte contre le retard de paiement dans les transactions commerciales, les sommes impayées portent intérêt au taux de ${x.rates} (taux de référence de la BCE majoré de 8 points), et une indemnité forfaitaire de ${x.fixedFee} est due au titre des frais de recouvrement.`;
    return `Conformément à l’article L441-10 du Code de commerce, toute somme non payée à son échéance porte de plein droit intérêt de retard au taux de ${x.rates}, sans qu’un rappel soit nécessaire, et donne lieu au paiement d’une indemnité forfaitaire pour frais de recouvrement de ${x.fixedFee} (article D441-5 du Code de commerce).`;
  },
  ratesJoin: ' puis ',
  breakdownTitle: (asOf) => `Décompte des sommes dues au ${asOf}`,
  periodColumns: ['Période', 'Jours', 'Taux annuel', 'Intérêts'],
  period: (from, to) => `du ${from} au ${to}`,
  noInterestYet: (law) =>
    law.clientType === 'consumer'
      ? 'Intérêts au taux légal : ils courent à compter de la réception de la présente mise en demeure.'
      : 'Intérêts de retard : néant à ce jour.',
  principal: 'Principal (reste dû sur la facture)',
  interest: 'Intérêts de retard',
  fixedFee: (law) =>
    law.jurisdiction === 'GB'
      ? 'Somme forfaitaire de recouvrement (Late Payment Act, s. 5A)'
      : law.jurisdiction === 'EU'
        ? 'Indemnité forfaitaire pour frais de recouvrement (directive 2011/7/UE, art. 6)'
        : 'Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.)',
  totalDue: 'Total dû',
  provisionalRate: 'taux provisoire — dernier taux publié connu',
  provisionalNote:
    'Taux provisoire — dernier taux publié connu : le taux de référence de cette période n’est pas encore disponible ; les intérêts sont calculés au dernier taux publié connu et le total est à parfaire.',
  totalDueProvisional: 'Total dû, à parfaire',
  toAdjust: (total) => `${total}, à parfaire,`,
  demand: (x) =>
    `En conséquence, nous vous mettons en demeure, par la présente, de nous régler la somme de ${x.total} au plus tard le ${x.deadline}.`,
  paymentTitle: 'Modalités de règlement',
  transfer: 'Par virement bancaire',
  iban: 'IBAN',
  bic: 'BIC',
  reference: 'Référence à rappeler',
  online: 'Paiement en ligne :',
  consequences: (law) => [
    law.jurisdiction === 'GB'
      ? 'À défaut de règlement intégral dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement devant la juridiction compétente (County Court).'
      : `À défaut de règlement intégral dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement devant la juridiction compétente, notamment par voie de requête en injonction de payer (articles 1405 et suivants du Code de procédure civile${law.jurisdiction === 'EU' ? ', ou procédure européenne d’injonction de payer, règlement (CE) n° 1896/2006' : ''}).`,
    `Les intérêts continueront de courir jusqu’à complet paiement et les frais de procédure pourront être mis à votre charge${law.jurisdiction === 'FR' && law.clientType === 'business' ? ', sans préjudice d’une indemnisation complémentaire sur justification (article L441-10 du Code de commerce)' : ''}.`,
    'La présente lettre vaut mise en demeure au sens de l’article 1344 du Code civil.',
  ],
  amicable:
    'Nous restons néanmoins disposés à examiner toute proposition de règlement amiable qui nous parviendrait avant cette date.',
  closing: 'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
  footer: (number, page, pages) => `Mise en demeure — facture ${number} — page ${page}/${pages}`,
  many: {
    invoices: (count) => `${count} factures`,
    subject: (count) => `Objet : Mise en demeure de payer — ${count} factures impayées`,
    intro:
      'Sauf erreur ou omission de notre part, les factures ci-dessous, échues, demeurent impayées malgré nos relances amiables :',
    perInvoice: (fees) =>
      fees.length > 1
        ? `${fees.join(' ou ')} par facture, selon son montant`
        : `${fees[0] ?? ''} par facture`,
    invoiceHeading: (number) => `Facture n° ${number}`,
    invoiceTotal: (number, provisional) =>
      `Total dû au titre de la facture ${number}${provisional ? ', à parfaire' : ''}`,
    summaryTitle: 'Récapitulatif',
    totalPrincipal: 'Total du principal',
    totalInterest: 'Total des intérêts de retard',
    totalFixedFees: (law) =>
      law.jurisdiction === 'GB'
        ? 'Sommes forfaitaires de recouvrement, une par facture'
        : 'Indemnités forfaitaires pour frais de recouvrement, une par facture',
    referenceMany: 'Les numéros des factures réglées',
    and: ' et ',
    footer: (count, page, pages) => `Mise en demeure — ${count} factures — page ${page}/${pages}`,
  },
};

export const dossierFr: DossierMessages = {
  title: 'Dossier de recouvrement',
  subtitle: (number, client) => `Facture ${number} — ${client}`,
  generatedAt: (at) => `Dossier établi le ${at}`,
  sections: {
    parties: '1. Parties',
    creditor: 'Créancier',
    debtor: 'Débiteur',
    invoice: '2. Facture',
    amounts: '3. Sommes dues et pénalités',
    formalNotice: '4. Mise en demeure',
    timeline: '5. Chronologie complète',
    replies: '6. Réponses du débiteur',
    messages: '7. Copie des messages envoyés',
  },
  party: {
    name: 'Nom',
    address: 'Adresse',
    registration: 'SIREN/SIRET',
    vat: 'N° TVA',
    email: 'Email',
    phone: 'Téléphone',
    bank: 'Coordonnées bancaires',
  },
  invoice: {
    number: 'Numéro',
    issueDate: 'Date d’émission',
    dueDate: 'Date d’échéance',
    currency: 'Devise',
    total: 'Montant total TTC',
    paid: 'Déjà réglé',
    credited: 'Avoirs émis',
    balance: 'Reste dû (principal)',
    paymentUrl: 'Lien de paiement',
  },
  letter: (postedOn, tracking, receivedOn) =>
    `Lettre recommandée postée le ${postedOn}${tracking ? ` (n° ${tracking})` : ''}${receivedOn ? `, reçue le ${receivedOn}` : ''}`,
  creditNote: (id, issuedOn, amount) => `Avoir ${id} du ${issuedOn} : ${amount}`,
  jurisdiction: (j, clientType) =>
    j === 'GB'
      ? 'Droit applicable : Royaume-Uni — Late Payment of Commercial Debts (Interest) Act 1998'
      : j === 'EU'
        ? 'Droit applicable : Union européenne — directive 2011/7/UE'
        : clientType === 'consumer'
          ? 'Droit applicable : France — Code civil, art. 1344-1 (débiteur consommateur)'
          : 'Droit applicable : France — Code de commerce, art. L441-10 et D441-5 (débiteur professionnel)',
  formalNotice: {
    sentOn: 'Envoyée le',
    deadline: 'Date limite de paiement',
    none: 'Aucune mise en demeure n’a été envoyée.',
  },
  timelineColumns: ['Date', 'Événement', 'Étape', 'Id email', 'Statut'],
  events: {
    registered: 'Facture enregistrée',
    reminder_sent: 'Relance envoyée',
    call_task_created: 'Appel à passer',
    formal_notice_sent: 'Mise en demeure envoyée',
    legal_handoff_sent: 'Dossier transmis',
    email_delivered: 'Email remis',
    email_bounced: 'Email non remis',
    email_opened: 'Email ouvert',
    reply_received: 'Réponse reçue',
    auto_reply_received: 'Réponse automatique reçue (absence)',
    payment_received: 'Paiement reçu',
    paused: 'Relances suspendues',
    resumed: 'Relances reprises',
    promise_recorded: 'Promesse de paiement',
    promise_missed: 'Promesse non tenue',
    plan_agreed: 'Échéancier convenu',
    instalment_missed: 'Échéance manquée',
    disputed: 'Contestation',
    cancelled: 'Annulation',
    paid: 'Facture payée',
    unrecovered: 'Non recouvrée',
    creditor_alerted: 'Créancier alerté',
    letter_task_created: 'Lettre recommandée à envoyer',
    email_failed: 'Email non envoyé',
    action_required: 'Action requise',
    overpaid: 'Trop-perçu',
    handoff_approval_requested: 'Accord de transmission demandé',
    handoff_approved: 'Transmission acceptée par le créancier',
    handoff_declined: 'Transmission refusée par le créancier',
    call_outcome_recorded: 'Appel au client',
    credit_note_recorded: 'Avoir émis',
    due_date_changed: 'Échéance modifiée',
    letter_posted: 'Lettre recommandée postée',
    letter_received: 'Lettre recommandée reçue',
  },
  noReplies: 'Aucune réponse du débiteur.',
  noMessages: 'Aucun message envoyé.',
  reply: (from, at) => `De ${from}, le ${at}`,
  message: { to: 'À :', step: 'Étape :', status: 'Statut :', emailId: 'Id email :', subject: 'Objet :' },
  footer: (number, page, pages) => `Dossier de recouvrement — facture ${number} — page ${page}/${pages}`,
  many: {
    subtitle: (count, client) => `${count} factures — ${client}`,
    invoices: '2. Factures',
    invoiceColumns: ['Facture n°', 'Émise le', 'Échéance', 'Montant TTC', 'Déjà réglé', 'Reste dû'],
    invoiceHeading: (number) => `Facture n° ${number}`,
    summaryTitle: 'Récapitulatif',
    formalNoticeColumns: ['Facture n°', 'Envoyée le', 'Date limite de paiement'],
    timelineColumns: ['Date', 'Facture', 'Événement', 'Étape', 'Id email', 'Statut'],
    footer: (count, page, pages) => `Dossier de recouvrement — ${count} factures — page ${page}/${pages}`,
  },
};

export const statementFr: StatementMessages = {
  title: 'Relevé de compte',
  subtitle: (client, asOf) => `${client} — au ${asOf}`,
  creditor: 'Créancier',
  client: 'Client',
  invoicesTitle: 'Factures ouvertes',
  invoiceColumns: ['Facture n°', 'Émise le', 'Échéance', 'Montant TTC', 'Déjà réglé', 'Reste dû', 'Retard'],
  daysLate: (d) => (d <= 0 ? 'à échoir' : d === 1 ? '1 jour' : `${d} jours`),
  paymentsTitle: 'Règlements et avoirs reçus',
  paymentColumns: ['Date', 'Nature', 'Référence', 'Factures', 'Montant'],
  payment: 'Paiement',
  creditNote: 'Avoir',
  noPayments: 'Aucun règlement reçu sur ces factures.',
  balanceTitle: 'Solde',
  totalInvoiced: 'Total facturé (TTC)',
  totalPaid: 'Déjà réglé (paiements et avoirs)',
  balance: 'Solde restant dû',
  overdue: 'dont échu',
  notYetDue: 'dont à échoir',
  paymentTitle: 'Modalités de règlement',
  online: 'Paiement en ligne :',
  closing: 'Pour toute question sur ce relevé, il vous suffit de répondre au message qui l’accompagne.',
  footer: (asOf, page, pages) => `Relevé de compte au ${asOf} — page ${page}/${pages}`,
};
