// RFC 5322 §3.2.3 atext, plus the space between words: such a display name needs no quotes.
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+( [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * The From header of an email: `Name <address>`, the display name quoted and escaped as
 * RFC 5322 requires when it holds anything beyond plain words (`,` `<` `"` `@` `.` `(`, accents…),
 * so "Dupont, Studio" stays one mailbox and a name can never smuggle in another address or a
 * header. Control characters (refused at the API, but settings may predate that) become spaces.
 */
export function formatFromHeader(name: string, email: string): string {
  const display = name.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (!display) return email;
  if (PLAIN_PHRASE.test(display)) return `${display} <${email}>`;
  return `"${display.replace(/(["\\])/g, '\\$1')}" <${email}>`;
}
