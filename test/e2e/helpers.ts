import { addDays, localDate } from '@relance/domain';
import { sampleInvoice } from '@relance/domain/testing';
import {
  FakeResend,
  repoRoot,
  startProcess,
  startStack,
  waitFor,
  type Managed,
  type Stack,
} from '@relance/devstack';
import { Client, Connection } from '@temporalio/client';
import { execFile, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { expect } from 'vitest';

/**
 * A calendar date `days` from today in the sample client's time zone (Europe/Paris), the day the
 * API counts days overdue from: between 23:00 and 00:00 UTC, UTC's today is Paris's yesterday.
 */
export function dateFromToday(days: number): string {
  return addDays(localDate(new Date().toISOString(), 'Europe/Paris'), days);
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * A registration body for an invoice 10 days overdue, with fresh ids so that cases never collide:
 * each of its own client too (tests of client accounts give several invoices one client id).
 */
export function invoiceBody(overrides: Record<string, unknown> = {}) {
  const invoice = sampleInvoice({
    externalId: `INV-${Math.random().toString(36).slice(2, 10)}`,
    number: `F-2026-${Math.floor(Math.random() * 9000 + 1000)}`,
    issueDate: dateFromToday(-40),
    dueDate: dateFromToday(-10),
    net: '1000.00',
    tax: '200.00',
  });
  return {
    ...invoice,
    client: { ...invoice.client, id: `C-${Math.random().toString(36).slice(2, 10)}` },
    ...overrides,
  };
}

/**
 * The default cadence without send window or business days, so steps fire at exact instants; a
 * client's invoices due together are gathered for 2 s (not the default minute) into one message.
 */
export const UNCONSTRAINED_POLICY = {
  gatherFor: 'PT2S',
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
    { id: 'reminder_2', after: 'P30D', action: 'reminder', tone: 'firm' },
  ],
};

export function api(baseUrl: string, apiKey: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes vary per route
      body: text ? (JSON.parse(text) as Record<string, any>) : {},
    };
  };
}

/** The API as one tenant: `call(method, path, body?)`. */
export type Api = ReturnType<typeof api>;

// ——— Suite setup ———

/**
 * The stack with its worker sending through a fake Resend (`RESEND_API_KEY` = `apiKey`), and the
 * API as the default tenant. The caller stops both: `stopAll(stack, resend)`.
 */
export async function startStackWithResend(
  env: Record<string, string> = {},
  apiKey = 're_test_key',
): Promise<{ stack: Stack; resend: FakeResend; call: Api }> {
  const resend = await new FakeResend().start();
  try {
    const stack = await startStack({ env: { RESEND_API_KEY: apiKey, RESEND_BASE_URL: resend.url, ...env } });
    return { stack, resend, call: api(stack.apiUrl, stack.apiKey) };
  } catch (err) {
    await resend.stop();
    throw err;
  }
}

/**
 * A stack whose Resend webhooks are signed with `webhookSecret` and whose default tenant gets its
 * replies at `reply+<token>@<replyToDomain>` (the inbound-reply suites).
 */
export async function startStackWithInbound(
  webhookSecret: string,
  replyToDomain: string,
): Promise<{ stack: Stack; resend: FakeResend; call: Api }> {
  const started = await startStackWithResend({ RESEND_WEBHOOK_SECRET: webhookSecret });
  const patched = await started.call('PATCH', '/v1/tenant', {
    sender: { fromName: 'default', fromEmail: 'factures@default.example', replyToDomain },
  });
  if (patched.status !== 200) {
    await stopAll(started.stack, started.resend);
    throw new Error(`PATCH /v1/tenant: ${patched.status} ${JSON.stringify(patched.body)}`);
  }
  return started;
}

/** Stops, in order, what a suite started; what never started (undefined) is skipped. */
export async function stopAll(...parts: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const part of parts) await part?.stop();
}

/** A Temporal client on the stack's server; close it with `client.connection.close()`. */
export async function temporalClient(stack: Stack): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address: stack.temporal.address }) });
}

/** A workflow bundle file and `stop()`, which deletes it. */
export interface WorkflowBundle {
  path: string;
  stop(): Promise<void>;
}

/** The workflow bundle as the worker image ships it, built in a temporary directory. */
export function buildWorkflowBundle(): WorkflowBundle {
  const dir = mkdtempSync(join(tmpdir(), 'relance-bundle-'));
  const path = join(dir, 'workflow-bundle.js');
  execFileSync(process.execPath, [join(repoRoot, 'apps/worker/dist/bundle.js'), path], { stdio: 'pipe' });
  return { path, stop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Registers an invoice 10 days overdue under UNCONSTRAINED_POLICY (and `overrides`); answers its externalId. */
export async function registerCase(call: Api, overrides: Record<string, unknown> = {}): Promise<string> {
  const body = invoiceBody({ policy: UNCONSTRAINED_POLICY, ...overrides });
  const res = await call('POST', '/v1/invoices', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return body.externalId as string;
}

/** The invoice rows with this externalId (one at most): did registration write it, and start its case? */
export const invoiceRows = (databaseUrl: string, externalId: string) =>
  sql<{ workflow_started_at: Date | null }>(
    databaseUrl,
    `SELECT workflow_started_at FROM invoices WHERE external_id = $1`,
    [externalId],
  );

// ——— API end-to-end helpers (api-*.e2e.test.ts) ———

/** `Relance-Signature` for a payment webhook body (apps/api/README.md "Payment webhook"); `t` defaults to now. */
export function paymentSignature(
  secret: string,
  body: string,
  t = Math.floor(Date.now() / 1000),
  extra: string[] = [],
): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return [`t=${t}`, ...extra.map((s) => `v1=${s}`), `v1=${v1}`].join(',');
}

/** Svix (Standard Webhooks) headers as Resend signs its events, for a `whsec_<base64>` secret. */
export function svixHeaders(
  secret: string,
  id: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': `v1,${signature}` };
}

/** A raw POST with a JSON string body (webhooks sign the exact bytes). */
export async function postRaw(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes vary per route
    body: text ? (JSON.parse(text) as Record<string, any>) : {},
  };
}

/** Runs SQL against the stack's Postgres, to check what was (not) written. */
export async function sql<T = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Row counts of every table a request could write, to assert that a refused request wrote nothing. */
export interface TableCounts {
  invoices: number;
  timeline: number;
  payments: number;
  webhooks: number;
  tenants: number;
}

export async function tableCounts(databaseUrl: string): Promise<TableCounts> {
  const [row] = await sql<TableCounts>(
    databaseUrl,
    `SELECT (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM timeline_events)::int AS timeline,
            (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM webhook_events)::int AS webhooks,
            (SELECT count(*) FROM tenants)::int AS tenants`,
  );
  return row!;
}

/** The API's CLI (`node apps/api/dist/cli.js …`) against the stack's database; `input` goes to its stdin. */
export async function apiCli(
  stack: Stack,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'apps/api/dist/cli.js'), ...args],
      { env: stack.env },
      (err, stdout, stderr) => {
        done({
          code: err ? ((err as { code?: number }).code ?? 1) : 0,
          stdout: stdout.trim(),
          stderr: stderr.trim(),
        });
      },
    );
    child.stdin?.end(input);
  });
}

/** Lets a tenant send from these domains (operators do it with the CLI; PATCH /v1/tenant cannot). */
export async function allowSenderDomains(stack: Stack, slug: string, ...domains: string[]): Promise<void> {
  const res = await apiCli(stack, ['sender-domains', 'set', slug, ...domains]);
  if (res.code !== 0) throw new Error(`sender-domains set ${slug} failed: ${res.stderr}`);
}

/**
 * Replaces the stack's API process with one started with `env` overrides (same port). Returns the
 * new process: the caller stops it (the stack only stops the API it started).
 */
export async function restartApi(
  stack: Stack,
  current: Managed,
  env: Record<string, string> = {},
): Promise<Managed> {
  await current.stop();
  const api = startProcess('api', process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
    env: { ...stack.env, ...env },
    logFile: join(stack.dataDir, 'api.log'),
  });
  await waitFor('the restarted API', async () => {
    if (api.child.exitCode !== null)
      throw new Error(`the API exited (${api.child.exitCode}); see ${stack.dataDir}/api.log`);
    return (await fetch(`${stack.apiUrl}/health/live`).catch(() => undefined))?.ok ?? false;
  });
  return api;
}
