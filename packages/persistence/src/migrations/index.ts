import { Initial1763900000000 } from './1763900000000-initial';
import { ApiIndexes1764000000000 } from './1764000000000-api-indexes';

/** In order. Never edit a released migration: add a new one. */
export const MIGRATIONS = [Initial1763900000000, ApiIndexes1764000000000];
