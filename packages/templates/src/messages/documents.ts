import type { Locale } from '../types';
import { dossierEn, letterEn, statementEn } from './documents.en';
import { dossierFr, letterFr, statementFr } from './documents.fr';
import type { DossierMessages, LetterMessages, StatementMessages } from './documents.types';

export type { DossierMessages, Law, LetterMessages, StatementMessages } from './documents.types';

export const letterMessages = (locale: Locale): LetterMessages => (locale === 'fr' ? letterFr : letterEn);
export const dossierMessages = (locale: Locale): DossierMessages => (locale === 'fr' ? dossierFr : dossierEn);
export const statementMessages = (locale: Locale): StatementMessages =>
  locale === 'fr' ? statementFr : statementEn;
