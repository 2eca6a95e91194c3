// The date helpers stay internal: `addDays`/`daysBetween` already exist at the package root (time.ts).
export * from './penalties';
export * from './rates';
export * from './types';
