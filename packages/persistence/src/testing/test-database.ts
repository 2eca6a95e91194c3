import { freePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@relance/devstack';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../data-source';

/** A throwaway Postgres with every migration applied; for tests, never imported by the apps. */
export interface TestDatabase {
  /** Its connection URL, e.g. to `migrate` again after undoing migrations. */
  url: string;
  /** A data source over the migrated schema. */
  db: DataSource;
  /** Closes the data source, stops Postgres and deletes its files. */
  stop(): Promise<void>;
}

/** Starts an embedded Postgres in a fresh temporary directory and migrates it to the latest schema. */
export async function startTestDatabase(opts: { name: string; poolSize?: number }): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `relance-${opts.name}-test-`));
  chmodSync(dataDir, 0o755); // postgres runs as an unprivileged user when we are root
  let pg: EmbeddedPostgresHandle | undefined;
  let db: DataSource | undefined;
  const stop = async () => {
    await db?.destroy();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    pg = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), port: await freePort(), quiet: true });
    await migrate(pg.url);
    db = await createDataSource({ url: pg.url, poolSize: opts.poolSize ?? 4 }).initialize();
    return { url: pg.url, db, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Undoes migrations, newest first, down to and including the one named `name`. */
export async function undoMigrationsThrough(db: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = (await db.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)) as {
      name: string;
    }[];
    if (!last) throw new Error(`migration ${name} is not applied`);
    await db.undoLastMigration({ transaction: 'each' });
    if (last.name === name) return;
  }
}
