import type { Locale } from '../types';
import { en } from './en';
import { fr } from './fr';
import type { Messages } from './types';

export type { Copy, Messages, Vars } from './types';
export type { GroupCopy, GroupVars } from './grouped.types';

const byLocale: Record<Locale, Messages> = { fr, en };

export function messagesFor(locale: Locale): Messages {
  const m = byLocale[locale];
  if (!m) throw new Error(`unsupported locale "${String(locale)}"`);
  return m;
}
