import type { Locale } from '../types';
import { dossierEn, letterEn } from './documents.en';
import { dossierFr, letterFr } from './documents.fr';
import type { DossierMessages, LetterMessages } from './documents.types';

export type { DossierMessages, Law, LetterMessages } from './documents.types';

export const letterMessages = (locale: Locale): LetterMessages => (locale === 'fr' ? letterFr : letterEn);
export const dossierMessages = (locale: Locale): DossierMessages => (locale === 'fr' ? dossierFr : dossierEn);
