import { Initial1763900000000 } from './1763900000000-initial';
import { ApiIndexes1764000000000 } from './1764000000000-api-indexes';
import { ProjectionVersion1764100000000 } from './1764100000000-projection-version';

/** In order. Never edit a released migration: add a new one. */
export const MIGRATIONS = [Initial1763900000000, ApiIndexes1764000000000, ProjectionVersion1764100000000];
