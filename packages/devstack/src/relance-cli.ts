import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFromEnv, devSecrets, portFromEnv, POSTGRES_PORT } from './dev-env';
import { portOpen } from './ports';
import { EmbeddedPostgresHandle, embeddedPostgresUrl, startEmbeddedPostgres } from './postgres';
import { formatFailure, lineProgress } from './progress';
import { repoRoot } from './tools';

/**
 * `pnpm relance <command>`: the API CLI (`apps/api/dist/cli.js`: tenants, keys, webhook secrets,
 * sender domains, rates) against the database `./relance start` uses — DATABASE_URL, else the
 * embedded Postgres on RELANCE_POSTGRES_PORT with its data under RELANCE_DATA_DIR, and the dev
 * RELANCE_SECRET_KEY kept there. When that Postgres is not running (the stack is stopped), it is
 * started for the command and stopped after it.
 */
async function main(args: string[]): Promise<number> {
  const cli = join(repoRoot, 'apps/api/dist/cli.js');
  if (!existsSync(cli)) {
    process.stderr.write(`${cli} is missing: run \`pnpm build\` first.\n`);
    return 1;
  }
  const help = args.length === 0 || args[0] === '--help' || args[0] === 'help';
  const env: NodeJS.ProcessEnv = { ...process.env };
  let postgres: EmbeddedPostgresHandle | undefined;
  // Ctrl-C reaches the command too (same process group): we wait for it, then stop Postgres.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => undefined);
  try {
    if (!help) {
      const dataDir = dataDirFromEnv();
      mkdirSync(join(dataDir, 'logs'), { recursive: true });
      // The key the API encrypts webhook secrets with, unless given: the launcher's.
      env.RELANCE_SECRET_KEY ??= devSecrets(dataDir).secretKey;
      if (!env.DATABASE_URL) {
        const port = portFromEnv('RELANCE_POSTGRES_PORT', POSTGRES_PORT);
        if (!(await portOpen(port))) {
          postgres = await startEmbeddedPostgres({
            dir: join(dataDir, 'postgres'),
            ownedDir: dataDir,
            port,
            quiet: true,
            logFile: join(dataDir, 'logs', 'postgres.log'),
            progress: lineProgress(process.stderr, { prefix: '[relance] ' }),
          });
        }
        env.DATABASE_URL = embeddedPostgresUrl(port);
      }
    }
    return await new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
      child.once('error', fail);
      child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await postgres?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${formatFailure(err, 'relance: the command could not run.')}\n`);
    process.exit(1);
  },
);
