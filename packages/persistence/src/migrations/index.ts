import { Initial1763900000000 } from './1763900000000-initial';

/** In order. Never edit a released migration: add a new one. */
export const MIGRATIONS = [Initial1763900000000];
