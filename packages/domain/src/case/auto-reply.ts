/** What an inbound message says of itself: its headers (any case, as received) and its subject. */
export interface InboundMessageFacts {
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  subject?: string;
}

/** `Precedence` values of mail no person wrote (RFC 3834 §3.1.8 and common practice). */
const AUTOMATIC_PRECEDENCE = new Set(['auto_reply', 'bulk', 'junk', 'list']);

/** Headers whose presence marks an auto-responder's message (any value but an explicit no). */
const AUTORESPONDER_FLAGS = ['x-autoreply', 'x-autorespond'];

/**
 * Out-of-office subjects in French and English, matched at the start of the subject once case and
 * accents are folded: an auto-responder puts its marker first ("Réponse automatique : Relance
 * facture F-1"), while a person's "Re: absence de paiement" starts with "re:".
 */
const AUTOMATIC_SUBJECT =
  /^\[?\s*(out of (the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|auto\s*:|ooo\b|absence\b|absent du bureau|reponse automatique|message d'absence|notification d'absence|je suis absente?\b|je serai absente?\b)/;

/**
 * Why an inbound message is an automatic reply (out of office, auto-responder, list or bulk mail),
 * or undefined when a person may have written it. RFC 3834: `Auto-Submitted` other than `no`;
 * `X-Autoreply`, `X-Autorespond`; `Precedence: auto_reply|bulk|junk|list`; or an out-of-office
 * subject (fr/en). `X-Auto-Response-Suppress` alone says only that the sender wants no
 * auto-replies (Outlook sets it on messages people write too), so it decides nothing.
 */
export function automaticReply(message: InboundMessageFacts): string | undefined {
  const headers = normalised(message.headers ?? {});
  const submitted = headers.get('auto-submitted');
  if (submitted !== undefined && token(submitted) !== '' && token(submitted) !== 'no')
    return `Auto-Submitted: ${submitted}`;
  for (const name of AUTORESPONDER_FLAGS) {
    const value = headers.get(name);
    if (value !== undefined && !['no', 'false', '0'].includes(token(value)))
      return `${name === 'x-autoreply' ? 'X-Autoreply' : 'X-Autorespond'}: ${value}`;
  }
  const precedence = headers.get('precedence');
  if (precedence !== undefined && AUTOMATIC_PRECEDENCE.has(token(precedence)))
    return `Precedence: ${precedence}`;
  const subject = message.subject?.trim();
  if (subject && AUTOMATIC_SUBJECT.test(folded(subject))) return `Subject: ${subject}`;
  return undefined;
}

/** Header names lower-cased; a repeated header keeps its first value. */
function normalised(headers: NonNullable<InboundMessageFacts['headers']>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, raw] of Object.entries(headers)) {
    const value = typeof raw === 'string' ? raw : raw?.[0];
    const key = name.trim().toLowerCase();
    if (value !== undefined && !map.has(key)) map.set(key, value.trim());
  }
  return map;
}

/** The value before any parameter, lower-cased ("auto-replied; owner-email=…" → "auto-replied"). */
function token(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** Lower case, accents dropped, typographic apostrophes straightened. */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase();
}
