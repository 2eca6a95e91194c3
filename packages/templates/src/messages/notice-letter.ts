import type { RegisteredLetterFacts } from '../types';

/** What the formal notice email says of its letter: attached, and by registered mail only when posted. */
export interface NoticeLetterVars {
  sentOn: string;
  /** Recorded as posted before the notice was rendered (dates formatted). Absent → the email says nothing of it. */
  letter?: RegisteredLetterFacts;
}

const trackingFr = (l: RegisteredLetterFacts) => (l.trackingNumber ? ` (n° ${l.trackingNumber})` : '');
const trackingEn = (l: RegisteredLetterFacts) =>
  l.trackingNumber ? ` (tracking number ${l.trackingNumber})` : '';

// SPEC 3.2b "Say only what is done": no registered letter is announced unless one was posted.
export const noticeLetterFr = ({ sentOn, letter }: NoticeLetterVars): string =>
  (letter
    ? `La lettre de mise en demeure du ${sentOn} est jointe à ce message ; elle vous a également été adressée par lettre recommandée avec accusé de réception, postée le ${letter.postedOn}${trackingFr(letter)}.`
    : `La lettre de mise en demeure du ${sentOn} est jointe à ce message.`) +
  ' Si vous avez réglé cette somme entre-temps, merci de ne pas tenir compte de ce courrier.';

export const noticeLetterEn = ({ sentOn, letter }: NoticeLetterVars): string =>
  (letter
    ? `The formal notice letter of ${sentOn} is attached; it was also sent to you by registered mail, posted on ${letter.postedOn}${trackingEn(letter)}.`
    : `The formal notice letter of ${sentOn} is attached.`) +
  ' If you have paid this amount in the meantime, please disregard this letter.';
