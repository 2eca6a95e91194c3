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
    approve_handoff: 'Approuver la transmission à votre avocat',
    decline_handoff: 'Refuser la transmission',
    call_outcome: 'Enregistrer le résultat de l’appel',
    letter: 'Enregistrer la lettre recommandée',
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
      approve_handoff: (s) =>
        `Le dossier de ${s} part maintenant chez votre contact juridique, comme le prévoit la politique (sous son seuil, le dossier est clos comme non recouvré).`,
      decline_handoff: (s) =>
        `Pas de transmission à votre avocat pour ${s}. Soit vous relancez vous-même le client (le dossier est suspendu et peut reprendre), soit le dossier est clos comme non recouvré avec votre motif.`,
      call_outcome: (s) =>
        `L’appel concernant ${s} s’ajoute à son historique. Une promesse suspend les relances jusqu’à sa date ; un litige les arrête.`,
      letter: (s) =>
        `La lettre recommandée de ${s} s’ajoute à son historique et au dossier ; ajoutez la date de réception au retour de l’accusé.`,
    },
    fields: {
      date: { label: 'Date de paiement promise', hint: 'Format : AAAA-MM-JJ' },
      note: { label: 'Note' },
      reason: { label: 'Motif' },
      email: { label: 'Nouvelle adresse email du client' },
      outcome: { label: 'Résultat de l’appel' },
      promiseDate: {
        label: 'Date de paiement promise',
        hint: 'Seulement si le client a promis de payer. Format : AAAA-MM-JJ',
      },
      keepChasing: { label: 'Suite du dossier' },
      postedOn: { label: 'Date d’envoi', hint: 'Format : AAAA-MM-JJ' },
      trackingNumber: { label: 'Numéro de suivi' },
      receivedOn: { label: 'Date de réception', hint: 'Selon l’accusé de réception. Format : AAAA-MM-JJ' },
    },
    choices: {
      outcome: {
        reached: 'Client joint',
        no_answer: 'Pas de réponse',
        promised: 'Le client a promis de payer',
        disputed: 'Le client conteste la facture',
      },
      keepChasing: {
        true: 'Je continue à relancer moi-même (le dossier est suspendu)',
        false: 'Clore le dossier comme non recouvré',
      },
    },
    optional: '(facultatif)',
    confirm: {
      resume: 'Confirmer : reprendre les relances',
      promise: 'Confirmer la promesse',
      dispute: 'Confirmer le litige',
      cancel: 'Confirmer : annuler le dossier',
      client_email: 'Confirmer la nouvelle adresse',
      approve_handoff: 'Confirmer : transmettre à l’avocat',
      decline_handoff: 'Confirmer : refuser la transmission',
      call_outcome: 'Enregistrer l’appel',
      letter: 'Enregistrer la lettre',
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
        approve_handoff: (s) => `La transmission de ${s} est approuvée.`,
        decline_handoff: (s) => `La transmission de ${s} est refusée.`,
        call_outcome: (s) => `L’appel concernant ${s} est enregistré.`,
        letter: (s) => `La lettre recommandée de ${s} est enregistrée.`,
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
