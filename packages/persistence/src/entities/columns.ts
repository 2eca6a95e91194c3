import { ValueTransformer } from 'typeorm';

/** Postgres returns BIGINT as a string; amounts are integer minor units well inside 2^53. */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
