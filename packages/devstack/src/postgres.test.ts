import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './postgres';

describe('startEmbeddedPostgres', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('names a data folder of another PostgreSQL major instead of starting on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-pg-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'PG_VERSION'), '9\n');
    await expect(startEmbeddedPostgres({ dir, port: 1, quiet: true })).rejects.toThrow(
      /holds a PostgreSQL 9 cluster and this build runs PostgreSQL \d+/,
    );
  });
});
