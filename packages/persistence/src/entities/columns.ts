import { ValueTransformer } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Postgres returns BIGINT as a string; amounts are integer minor units well inside 2^53. */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * A typed row for query-builder inserts: TypeORM's deep-partial type cannot express jsonb
 * columns, so rows are checked as `Partial<Entity>` instead.
 */
export function row<T>(values: Partial<T>): QueryDeepPartialEntity<T> {
  return values as QueryDeepPartialEntity<T>;
}
