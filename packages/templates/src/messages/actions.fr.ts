import type { ActionMessages } from './actions.types';

export const actionsFr: ActionMessages = {
  alert: {
    title: 'Agir depuis cet email',
    intro: 'Chaque bouton ouvre une page où vous confirmez : rien ne change avant.',
  },
  labels: {
    resume: 'Reprendre les relances',
    promise: 'Enregistrer une promesse de paiement',
    dispute: 'Ouvrir un litige',
    cancel: 'Annuler le dossier',
    client_email: 'Indiquer une nouvelle adresse email du client',
  },
  page: {
    title: 'C’est fait',
    summaryTitle: 'Le dossier',
    invoice: 'Facture',
    client: 'Client',
    balance: 'Solde',
    status: 'Statut',
    nextAction: 'Prochaine action',
    openCases: 'Factures ouvertes',
    scope: { invoice: (n) => `la facture ${n}`, client: (c) => `toutes les factures ouvertes de ${c}` },
    none: 'aucune',
    statuses: {
      pending: 'pas encore échue',
      overdue: 'échue, relances en cours',
      paused: 'en pause',
      promised: 'paiement promis',
      disputed: 'en litige',
      payment_plan: 'échéancier',
      handed_off: 'transmise à votre avocat',
      paid: 'payée',
      cancelled: 'annulée',
      unrecovered: 'close sans recouvrement',
    },
    explain: {
      resume: (s) =>
        `Les relances de ${s} reprennent là où elles s’étaient arrêtées, avec l’espacement habituel.`,
      promise: (s) =>
        `Rien n’est envoyé pour ${s} avant la date promise ; faute de paiement à cette date, un rappel « promesse non tenue » part.`,
      dispute: (s) => `Les relances de ${s} s’arrêtent : litige ouvert jusqu’à reprise ou annulation.`,
      cancel: (s) =>
        `Les relances de ${s} s’arrêtent définitivement : le dossier est clos comme annulé (avoir, facture annulée).`,
      client_email: (s) =>
        `Les emails de ${s} partent désormais à la nouvelle adresse ; une adresse en échec n’est plus utilisée.`,
    },
    fields: {
      date: { label: 'Date de paiement promise', hint: 'Format : AAAA-MM-JJ' },
      note: { label: 'Note' },
      reason: { label: 'Motif' },
      email: { label: 'Nouvelle adresse email du client' },
    },
    optional: '(facultatif)',
    confirm: {
      resume: 'Confirmer : reprendre les relances',
      promise: 'Confirmer la promesse',
      dispute: 'Confirmer le litige',
      cancel: 'Confirmer : annuler le dossier',
      client_email: 'Confirmer la nouvelle adresse',
    },
    fixErrors: 'Merci de corriger :',
    done: {
      title: 'C’est fait',
      body: {
        resume: (s) => `Les relances de ${s} ont repris.`,
        promise: (s) => `La promesse de paiement de ${s} est enregistrée.`,
        dispute: (s) => `Le litige est enregistré pour ${s}.`,
        cancel: (s) => `Le dossier de ${s} est annulé.`,
        client_email: (s) => `La nouvelle adresse est enregistrée pour ${s}.`,
      },
    },
    used: {
      title: 'Ce lien a déjà servi',
      body: (at) => `Cette action a été appliquée le ${at} ; un lien ne sert qu’une fois. Rien n’a changé.`,
    },
    expired: {
      title: 'Ce lien a expiré',
      body: (on) =>
        `Ce lien était valable jusqu’au ${on}. Rien n’a changé ; utilisez le lien d’une alerte plus récente, ou l’API.`,
    },
    forged: {
      title: 'Ce lien n’est pas valide',
      body: 'Le lien a été modifié ou est incomplet. Rien n’a changé ; ouvrez-le à nouveau depuis l’email d’alerte.',
    },
    notFound: {
      title: 'Aucun dossier pour ce lien',
      body: 'Ce lien ne mène à aucun dossier. Rien n’a changé ; vérifiez qu’il a été copié en entier.',
    },
    refused: { title: 'Cette action ne peut pas être appliquée', body: (d) => `Rien n’a changé : ${d}` },
    unavailable: {
      title: 'Les liens d’action sont indisponibles',
      body: 'Ce serveur n’accepte pas de liens d’action pour le moment. Rien n’a changé ; réessayez plus tard.',
    },
    footer:
      'Relance : cette page a été ouverte depuis un lien d’une de vos alertes. Elle n’utilise aucun cookie.',
  },
};
