import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './tools';

/** What `./relance start` and `pnpm relance <cmd>` share: the data folder, ports and dev secrets. */

export const POSTGRES_PORT = 54329;

export function dataDirFromEnv(): string {
  return resolve(process.env.RELANCE_DATA_DIR || join(repoRoot, '.data'));
}

export function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a TCP port (1-65535), got "${text}"`);
  return port;
}

interface Secrets {
  apiKey: string;
  webhookSecret: string;
  /** RELANCE_SECRET_KEY: encrypts the webhook secrets in the embedded database; lost key, lost secrets. */
  secretKey: string;
}

/** Dev secrets are generated once and kept beside the data, so a restart keeps the same key. */
export function devSecrets(dataDir: string): Secrets & { generated: boolean } {
  const file = join(dataDir, 'bootstrap.json');
  const stored: Partial<Secrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>)
    : {};
  const secrets = {
    apiKey:
      process.env.RELANCE_BOOTSTRAP_API_KEY ??
      stored.apiKey ??
      `rk_dev00000_${randomBytes(24).toString('base64url')}`,
    webhookSecret:
      process.env.RELANCE_BOOTSTRAP_WEBHOOK_SECRET ??
      stored.webhookSecret ??
      `whsec_${randomBytes(24).toString('base64url')}`,
    secretKey: process.env.RELANCE_SECRET_KEY ?? stored.secretKey ?? randomBytes(32).toString('hex'),
  };
  const generated =
    !process.env.RELANCE_BOOTSTRAP_API_KEY ||
    !process.env.RELANCE_BOOTSTRAP_WEBHOOK_SECRET ||
    !process.env.RELANCE_SECRET_KEY;
  if (generated) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { ...secrets, generated };
}
