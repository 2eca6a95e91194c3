import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

const MIGRATION_LOCK = 74_177_001;

export interface DataSourceConfig {
  url: string;
  /** Pool size per process. */
  poolSize?: number;
  logging?: boolean;
}

export function dataSourceOptions(config: DataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Schema changes only through migrations, never `synchronize`.
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: config.logging ?? false,
    extra: { max: config.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  };
}

export function createDataSource(config: DataSourceConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Applies pending migrations in one transaction each; safe to run from several processes in turn. */
export async function migrate(url: string): Promise<string[]> {
  const ds = createDataSource({ url, poolSize: 2 });
  await ds.initialize();
  // Several API replicas may start together: one migrates while the others wait.
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}
