import type { Locale } from '../types';
import { actionsEn } from './actions.en';
import { actionsFr } from './actions.fr';
import type { ActionMessages } from './actions.types';

export type { ActionChoiceName, ActionFieldName, ActionMessages } from './actions.types';

export const actionMessages = (locale: Locale): ActionMessages => (locale === 'fr' ? actionsFr : actionsEn);
