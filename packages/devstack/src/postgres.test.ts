import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fixAccess,
  postgresAccessProblems,
  postgresUser,
  PostgresUser,
  startEmbeddedPostgres,
} from './postgres';

/**
 * Real folders, probed as the user Postgres runs as: as root (this project's dev machines and CI)
 * the `postgres` user, otherwise ourselves. Mode 600 on a folder keeps either of them out.
 */
const asRoot = process.getuid?.() === 0;
const folders: string[] = [];

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relance-access-'));
  chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

function user(): PostgresUser {
  const found = postgresUser();
  if (found === 'missing')
    throw new Error('as root, these tests need the `postgres` user (useradd postgres)');
  return found;
}

afterEach(() => {
  for (const dir of folders.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('postgresAccessProblems', () => {
  it('finds nothing wrong with a fresh folder', () => {
    const owned = tempFolder();
    expect(postgresAccessProblems(join(owned, 'postgres'), user())).toEqual([]);
  });

  it('names the folder on the way that Postgres cannot enter, with the command that fixes it', () => {
    const owned = tempFolder();
    const blocked = join(owned, 'data');
    mkdirSync(join(blocked, 'postgres'), { recursive: true });
    chmodSync(blocked, 0o600);
    try {
      const problems = postgresAccessProblems(join(blocked, 'postgres'), user());
      expect(problems).toEqual([
        {
          path: blocked,
          kind: 'enter',
          problem: `cannot be entered by the ${user().name} user (uid ${user().uid})`,
          fix: `${asRoot ? 'chmod o+x' : 'chmod u+x'} ${blocked}`,
        },
      ]);
      // As root, a folder inside our own data folder is fixed; one above it never is.
      const fixed = fixAccess(problems, blocked);
      expect(fixed).toEqual(asRoot ? problems : []);
      expect(fixAccess(problems, join(blocked, 'postgres'))).toEqual([]);
      if (asRoot) expect(postgresAccessProblems(join(blocked, 'postgres'), user())).toEqual([]);
    } finally {
      chmodSync(blocked, 0o755);
    }
  });

  it('finds a cluster folder Postgres does not own or leaves open, and as root hands it over', () => {
    const dir = join(tempFolder(), 'postgres');
    const data = join(dir, 'data');
    mkdirSync(join(data, 'base'), { recursive: true });
    writeFileSync(join(data, 'PG_VERSION'), '17\n');
    chmodSync(data, 0o755);
    const [problem] = postgresAccessProblems(dir, user());
    if (asRoot) {
      // Made by root: the postgres user owns none of it.
      expect(problem).toMatchObject({
        path: data,
        kind: 'cluster',
        problem: `is owned by uid 0, not by the postgres user (uid ${user().uid})`,
        fix: `chown -R postgres:${user().gid} ${data} && chmod 700 ${data}`,
      });
      expect(fixAccess([problem!], dir)).toEqual([problem]);
      for (const path of [data, join(data, 'base'), join(data, 'PG_VERSION')])
        expect(lstatSync(path).uid).toBe(user().uid);
      expect(lstatSync(data).mode & 0o777).toBe(0o700);
    } else {
      expect(problem).toMatchObject({ path: data, kind: 'cluster', fix: `chmod 700 ${data}` });
      expect(problem?.problem).toContain('has mode 755');
      chmodSync(data, 0o700);
    }
    expect(postgresAccessProblems(dir, user())).toEqual([]);
  });
});

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
