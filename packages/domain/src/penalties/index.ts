// The date helpers stay internal: `addDays`/`daysBetween` already exist at the package root (time.ts).
export * from './penalties';
export * from './operator-figures';
export * from './rates';
export * from './reference-rates';
export * from './types';
export * from './penalties-for';
