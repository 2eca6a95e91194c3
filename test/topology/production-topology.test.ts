import {
  ensureTemporalCli,
  ensureTemporalServer,
  FakeResend,
  freePort,
  repoRoot,
  startEmbeddedPostgres,
  startProcess,
  startTemporalServer,
  TEMPORAL_SERVER_VERSION,
  temporalServerPorts,
  waitFor,
  type CapturedEmail,
  type EmbeddedPostgresHandle,
  type Managed,
  type TemporalServer,
  WORKER_MAIN,
  workerEnv,
} from '@relance/devstack';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, invoiceBody, paymentSignature, postRaw, sql } from '../e2e/helpers';
import { adminToolsBin, initDatabasesSql, LocalCompose } from './compose-local';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

/**
 * docker-compose.yml's topology without Docker (issue 11): Postgres initialised by
 * deploy/postgres/init-databases.sh's SQL, Temporal's schema by deploy/temporal/setup-schema.sh
 * with temporal-sql-tool, the real Temporal server (built from its Go module, Postgres persistence
 * and visibility) configured by the `temporal` service's environment, the namespace and search
 * attributes by deploy/temporal/setup-namespace.sh, then 2 API and 2 worker replicas with the
 * `api` and `worker` services' environments. Six cases run through payment and escalation while
 * one worker (in the middle of a send) and one API (in the middle of a webhook) are SIGKILLed.
 */

/** Catch-up runs reminder_1 now and reminder_2 two minutes later: exact instants, no send window. */
const POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
    { id: 'reminder_2', after: 'P1DT2M', action: 'reminder', tone: 'firm' },
  ],
};
const CLIENT = 'compta@acme.example';
const MINUTE = 60_000;

describe('production topology: Temporal server on Postgres, 2 APIs, 2 workers, crashes', () => {
  let dir: string;
  let resend: FakeResend;
  let postgres: EmbeddedPostgresHandle;
  let temporal: TemporalServer;
  let connection: Connection;
  let client: Client;
  const apis: { url: string; process: Managed }[] = [];
  const workers: Managed[] = [];
  let compose: LocalCompose;
  const apiKey = `rk_topology_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_topology_${randomBytes(12).toString('hex')}`;
  /** Set until the stack is up and on any failed test: afterAll then prints the logs. */
  let failed = true;
  let releaseHeld: (() => void) | undefined;

  beforeAll(async () => {
    // The first run on a machine builds the server (10–15 min on 2 cores); later runs reuse .tools/.
    const tools = await ensureTemporalServer();
    dir = mkdtempSync(join(tmpdir(), 'relance-topology-'));
    chmodSync(dir, 0o755); // Postgres runs as an unprivileged user when we are root
    resend = await new FakeResend().start();
    // The operator's .env. RELANCE_DB_PASSWORD is the embedded cluster's: its superuser is `relance`.
    const vars: Record<string, string> = {
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      TEMPORAL_DB_PASSWORD: randomBytes(12).toString('hex'),
      RELANCE_DB_PASSWORD: 'relance',
      RELANCE_BOOTSTRAP_API_KEY: apiKey,
      RELANCE_BOOTSTRAP_WEBHOOK_SECRET: webhookSecret,
      RELANCE_SECRET_KEY: randomBytes(32).toString('hex'),
      RESEND_API_KEY: 're_topology',
      RESEND_BASE_URL: resend.url,
      LOG_LEVEL: 'warn',
    };
    compose = new LocalCompose(vars);
    const log = (name: string) => join(dir, `${name}.log`);

    const pgPort = String(await freePort());
    postgres = await startEmbeddedPostgres({
      dir: join(dir, 'postgres'),
      port: Number(pgPort),
      database: 'postgres',
      quiet: true,
      logFile: log('postgres'),
    });
    await initDatabases(postgres.url, initDatabasesSql(vars));
    const bin = adminToolsBin(join(dir, 'bin'), { ...tools, cli: ensureTemporalCli() });
    const job = async (name: string, env: Record<string, string>) => {
      const output = await compose.run(name, env, bin);
      writeFileSync(log(name), output);
      const restarts = output.split('--- restarted ---').length - 1;
      if (restarts) process.stderr.write(`[topology] ${name} succeeded after ${restarts} restart(s)\n`);
    };
    await job('temporal-schema', compose.env('temporal-schema', { SQL_HOST: '127.0.0.1', SQL_PORT: pgPort }));

    temporal = await startTemporalServer({
      env: compose.env(
        'temporal',
        {
          POSTGRES_SEEDS: '127.0.0.1',
          DB_PORT: pgPort,
          BIND_ON_IP: '127.0.0.1',
          PROMETHEUS_ENDPOINT: `127.0.0.1:${await freePort()}`,
        },
        await temporalServerPorts(),
      ),
      logFile: log('temporal'),
      quiet: true,
    });
    const attributes = compose.hostPath('temporal-setup', '/deploy/search-attributes.txt')!;
    await job(
      'temporal-setup',
      compose.env(
        'temporal-setup',
        { TEMPORAL_ADDRESS: temporal.address },
        { SEARCH_ATTRIBUTES_FILE: attributes },
      ),
    );
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });

    const composeUrl = compose.env('api').DATABASE_URL!;
    const databaseUrl = composeUrl.replace('@postgres:5432/', `@127.0.0.1:${pgPort}/`);
    if (databaseUrl === composeUrl)
      throw new Error(`unexpected DATABASE_URL in docker-compose.yml: ${composeUrl}`);
    const here = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address };
    // Both replicas start at once: migrations and the bootstrap tenant race, as with compose.
    await Promise.all(
      [0, 1].map(async (i) => {
        const port = await freePort();
        const env = compose.env(
          'api',
          { ...here, PORT: String(port), HOST: '127.0.0.1' },
          // Without METRICS_TOKEN each container serves metrics on its own 127.0.0.1:9465.
          { METRICS_PORT: String(await freePort()) },
        );
        const proc = startProcess(`api-${i}`, process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
          env,
          logFile: log(`api-${i}`),
        });
        apis[i] = { url: `http://127.0.0.1:${port}`, process: proc };
      }),
    );
    for (const [i, a] of apis.entries())
      await waitFor(
        `api-${i} ready`,
        async () => {
          if (!a.process.isRunning()) throw new Error(`api-${i} exited: ${a.process.recentOutput()}`);
          return (await fetch(`${a.url}/health/ready`).catch(() => undefined))?.ok ?? false;
        },
        120_000,
      );

    // The image's prebuilt bundle (RELANCE_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js).
    const bundle = join(dir, 'workflow-bundle.js');
    execFileSync(process.execPath, [join(repoRoot, 'apps/worker/dist/bundle.js'), bundle], { stdio: 'pipe' });
    const metrics: string[] = [];
    for (const i of [0, 1]) {
      const port = await freePort();
      metrics.push(`http://127.0.0.1:${port}/metrics`);
      const env = compose.env(
        'worker',
        {
          ...here,
          RELANCE_DATA_DIR: join(dir, `worker-${i}`),
          RELANCE_WORKFLOW_BUNDLE: bundle,
          WORKER_METRICS_PORT: String(port),
          // One Resend account in production; a key per replica here tells which one sent what.
          RESEND_API_KEY: `re_topology_worker_${i}`,
        },
        { WORKER_METRICS_HOST: '127.0.0.1' },
      );
      workers.push(
        startProcess(`worker-${i}`, process.execPath, [WORKER_MAIN], {
          env: workerEnv(env), // with the image's heap cap
          logFile: log(`worker-${i}`),
          graceMs: 50_000,
        }),
      );
    }
    await eventually(
      'both workers polling',
      async () => {
        for (const w of workers) if (!w.isRunning()) throw new Error(`${w.name} exited: ${w.recentOutput()}`);
        const polling = await Promise.all(
          metrics.map(async (url) =>
            /^temporal_num_pollers\{/m.test((await (await fetch(url)).text()) ?? ''),
          ),
        );
        return polling.every(Boolean) || undefined;
      },
      120_000,
    );
    failed = false;
  }, 45 * MINUTE);

  afterAll(async () => {
    releaseHeld?.();
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(apis.map((a) => a.process.stop()));
    await connection?.close();
    await temporal?.stop();
    await postgres?.stop();
    await resend?.stop();
    if (!dir) return;
    if (failed)
      for (const name of [
        'temporal-schema',
        'temporal-setup',
        'temporal',
        'api-0',
        'api-1',
        'worker-0',
        'worker-1',
      ]) {
        const file = join(dir, `${name}.log`);
        if (existsSync(file))
          process.stderr.write(`--- ${name}.log ---\n${readFileSync(file, 'utf8').slice(-4000)}\n`);
      }
    rmSync(dir, { recursive: true, force: true });
  }, 3 * MINUTE);

  const call = (i: number) => api(apis[i]!.url, apiKey);
  const caseId = (id: string) => `dunning:default:${id}`;
  const emailsOf = (id: string) =>
    resend.emails.filter((e) => e.body.headers?.['X-Relance-Case'] === caseId(id));
  const stepOf = (e: CapturedEmail) => e.body.tags?.find((t) => t.name === 'step')?.value ?? '';
  const toClient = (e: CapturedEmail) => [e.body.to].flat().includes(CLIENT);
  const reminders = (id: string) => emailsOf(id).filter((e) => toClient(e) && /^reminder_/.test(stepOf(e)));
  /** The case view through whichever API still answers. */
  const view = async (id: string) => {
    for (const a of apis)
      if (a.process.isRunning()) return (await api(a.url, apiKey)('GET', `/v1/invoices/${id}`)).body;
    throw new Error('no API left');
  };
  const until = (id: string, what: string, check: (v: any) => boolean, timeoutMs = 2 * MINUTE) =>
    eventually(
      `${id}: ${what}`,
      async () => {
        const v = await view(id);
        return check(v) ? v : undefined;
      },
      timeoutMs,
    );
  async function register(i: number): Promise<string> {
    const body = invoiceBody({ policy: POLICY });
    const res = await call(i)('POST', '/v1/invoices', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return body.externalId as string;
  }
  const paymentEvent = (eventId: string, invoiceId: string, amount: string) =>
    JSON.stringify({
      id: eventId,
      type: 'payment.succeeded',
      data: { invoiceId, amount, currency: 'EUR', paidAt: new Date().toISOString(), reference: 'VIR' },
    });
  const deliver = (i: number, body: string) =>
    postRaw(`${apis[i]!.url}/v1/webhooks/payments/default`, body, {
      'relance-signature': paymentSignature(webhookSecret, body),
    });
  /** A REST payment; a 503 ("repeat the same request") is repeated, as a client would. */
  const pay = (i: number, id: string, paymentId: string, amount: string) =>
    eventually(`${id}: payment ${paymentId} answered`, async () => {
      const res = await call(i)('POST', `/v1/invoices/${id}/payments`, {
        id: paymentId,
        amount,
        paidAt: new Date().toISOString(),
      });
      return res.status === 503 ? undefined : res;
    });
  /** The case's workflow has completed (a paid case finishes its last alert first). */
  const completed = (id: string) =>
    eventually(
      `${id}: workflow completed`,
      async () =>
        (await client.workflow.getHandle(caseId(id)).describe()).status.name === 'COMPLETED' || undefined,
      3 * MINUTE,
    );
  const sigkill = async (p: Managed) => {
    process.kill(-p.child.pid!, 'SIGKILL'); // its whole process group, as the kernel's OOM killer would
    expect(await p.exited).toBeNull();
  };

  const ids: Record<
    'paidByWebhook' | 'paidByRest' | 'partial' | 'escalated' | 'webhookAtCrash' | 'paidLate',
    string
  > = {} as never;
  let heldEmail: CapturedEmail | undefined;
  let killedWorker = -1;
  let crashAnswer: string;

  it('runs the Temporal server version that docker-compose.yml pins', () => {
    for (const service of ['temporal', 'temporal-schema', 'temporal-setup'])
      expect(compose.imageTag(service), service).toBe(TEMPORAL_SERVER_VERSION);
  });

  it(
    'runs six cases through payment and escalation while a worker and an API are SIGKILLed',
    async () => {
      try {
        // 1. Three cases, alternating APIs; each is paid (in full or in part) right after its first reminder.
        await Promise.all([
          (async () => {
            const id = (ids.paidByWebhook = await register(0));
            await until(id, 'reminder_1', (v) => v.stage === 'reminder_1');
            const res = await deliver(0, paymentEvent(`evt_${id}`, id, '1200.00'));
            expect(res.status, JSON.stringify(res.body)).toBe(202);
          })(),
          (async () => {
            const id = (ids.paidByRest = await register(1));
            await until(id, 'reminder_1', (v) => v.stage === 'reminder_1');
            const res = await pay(1, id, `pay_${id}`, '1200.00');
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            expect(res.body.status).toBe('paid');
          })(),
          (async () => {
            const id = (ids.partial = await register(0));
            await until(id, 'reminder_1', (v) => v.stage === 'reminder_1');
            const res = await deliver(1, paymentEvent(`evt_${id}`, id, '400.00'));
            expect(res.status, JSON.stringify(res.body)).toBe(202);
          })(),
        ]);

        // Quiet first, so the send held below is most likely the next case's first reminder.
        await completed(ids.paidByWebhook);
        await completed(ids.paidByRest);
        await until(ids.partial, 'the partial payment', (v) => v.balance === '800.00');

        // 2. The next send is accepted by "Resend" but its answer held: the worker that made it is
        //    SIGKILLed mid-request, so the survivor must retry it (same idempotency key) after the timeout.
        let accepted!: () => void;
        const wasAccepted = new Promise<void>((r) => (accepted = r));
        resend.holdNext = { accepted, release: new Promise<void>((r) => (releaseHeld = r)) };
        ids.escalated = await register(1);
        await Promise.race([
          wasAccepted,
          new Promise((_, fail) => setTimeout(() => fail(new Error('no send to hold')), 2 * MINUTE)),
        ]);
        heldEmail = resend.emails.at(-1)!;
        killedWorker = Number(/re_topology_worker_(\d)/.exec(heldEmail.authorization ?? '')?.[1]);
        expect([0, 1]).toContain(killedWorker);
        await sigkill(workers[killedWorker]!);
        releaseHeld!();

        // 3. Two more cases; a payment webhook is in flight to api-1 when it is SIGKILLed. The provider
        //    sees a failed delivery and redelivers the same event to the surviving API, twice.
        ids.webhookAtCrash = await register(1);
        ids.paidLate = await register(0);
        const crashed = ids.webhookAtCrash;
        await until(crashed, 'reminder_1', (v) => v.stage === 'reminder_1', 3 * MINUTE);
        const event = paymentEvent(`evt_${crashed}`, crashed, '1200.00');
        const inFlight = deliver(1, event).then(
          (r) => `answered ${r.status}`,
          (err: Error) => `failed: ${err.message}`,
        );
        await new Promise((r) => setTimeout(r, 15));
        await sigkill(apis[1]!.process);
        crashAnswer = await inFlight;
        const redelivered = await deliver(0, event);
        expect([200, 202], JSON.stringify(redelivered.body)).toContain(redelivered.status);
        const again = await deliver(0, event);
        expect(again.status).toBe(200);
        expect(again.body.outcome).toBe('duplicate');

        // 4. The last case is paid after its second reminder, through the surviving API.
        await until(ids.paidLate, 'reminder_2', (v) => v.stage === 'reminder_2', 5 * MINUTE);
        const late = await pay(0, ids.paidLate, `pay_${ids.paidLate}`, '1200.00');
        expect(late.status, JSON.stringify(late.body)).toBe(200);
        expect(late.body.status).toBe('paid');

        // 5. Everything settles: the held case's first reminder is retried after the 60 s send timeout.
        await until(ids.escalated, 'reminder_2', (v) => v.stage === 'reminder_2', 6 * MINUTE);
        await until(ids.partial, 'reminder_2', (v) => v.stage === 'reminder_2', 3 * MINUTE);
        for (const id of [ids.paidByWebhook, ids.paidByRest, ids.webhookAtCrash, ids.paidLate]) {
          await until(id, 'paid', (v) => v.status === 'paid');
          await completed(id);
        }
        process.stderr.write(
          `[topology] held ${stepOf(heldEmail)} of ${heldEmail.body.headers?.['X-Relance-Case']}, killed worker-${killedWorker}; ` +
            `webhook to the killed API: ${crashAnswer}\n`,
        );
      } catch (err) {
        failed = true;
        throw err;
      }
    },
    20 * MINUTE,
  );

  it('lost nothing: every case reached its status, stage and balance, and got every email it should', async () => {
    try {
      // Step tags of the emails: reminders and the payment confirmation to the client, `alert_paid` to the creditor.
      const paid = ['alert_paid', 'paid'];
      const expected: [string, Record<string, unknown>, string[]][] = [
        [
          ids.paidByWebhook,
          { status: 'paid', stage: 'reminder_1', balance: '0.00' },
          ['reminder_1', ...paid],
        ],
        [ids.paidByRest, { status: 'paid', stage: 'reminder_1', balance: '0.00' }, ['reminder_1', ...paid]],
        [
          ids.partial,
          { status: 'overdue', stage: 'reminder_2', balance: '800.00' },
          ['reminder_1', 'reminder_2'],
        ],
        [
          ids.escalated,
          { status: 'overdue', stage: 'reminder_2', balance: '1200.00' },
          ['reminder_1', 'reminder_2'],
        ],
        [
          ids.webhookAtCrash,
          { status: 'paid', stage: 'reminder_1', balance: '0.00' },
          ['reminder_1', ...paid],
        ],
        [
          ids.paidLate,
          { status: 'paid', stage: 'reminder_2', balance: '0.00' },
          ['reminder_1', 'reminder_2', ...paid],
        ],
      ];
      for (const [id, state, steps] of expected) {
        expect(await view(id), id).toMatchObject(state);
        expect(emailsOf(id).map(stepOf).sort(), id).toEqual(steps.sort());
      }
      // The partial payment shows in the second reminder: it went out on the new balance.
      expect(reminders(ids.partial).find((e) => stepOf(e) === 'reminder_2')!.body.text).toContain('800');
      // Paid cases ran to completion in Temporal; the others still wait for a payment.
      for (const [id, { status }] of expected) {
        const description = await client.workflow.getHandle(caseId(id)).describe();
        expect(description.status.name, id).toBe(status === 'paid' ? 'COMPLETED' : 'RUNNING');
      }
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  it('duplicated nothing: each email sent once, each timeline entry once, each payment counted once', async () => {
    try {
      const all = Object.values(ids);
      // Idempotency keys are hashes: an email is told apart by its case, step tag and recipients.
      const sent = all.flatMap((id) =>
        emailsOf(id).map((e) => `${id} ${stepOf(e)} ${[e.body.to].flat().sort().join(',')}`),
      );
      expect(sent).toHaveLength(17);
      expect(sent.filter((s, i) => sent.indexOf(s) !== i)).toEqual([]);

      const db = postgres.url.replace(/\/postgres$/, '/relance');
      const repeated = await sql(
        db,
        `SELECT i.external_id, t.type, t.step, t.data, count(*)::int AS n FROM timeline_events t
           JOIN invoices i ON i.id = t.invoice_id
          GROUP BY i.external_id, t.type, t.step, t.data HAVING count(*) > 1`,
      );
      expect(repeated).toEqual([]);
      const perStep = await sql<{ external_id: string; type: string; step: string; n: number }>(
        db,
        `SELECT i.external_id, t.type, t.step, count(*)::int AS n FROM timeline_events t
           JOIN invoices i ON i.id = t.invoice_id
          WHERE t.type IN ('reminder_sent', 'paid') GROUP BY 1, 2, 3`,
      );
      expect(perStep.filter((r) => r.n !== 1)).toEqual([]);
      expect(perStep.filter((r) => r.type === 'reminder_sent')).toHaveLength(9);
      expect(
        perStep
          .filter((r) => r.type === 'paid')
          .map((r) => r.external_id)
          .sort(),
      ).toEqual([ids.paidByWebhook, ids.paidByRest, ids.webhookAtCrash, ids.paidLate].sort());

      const payments = await sql<{ external_id: string; amount_minor: string }>(
        db,
        `SELECT i.external_id, p.amount_minor FROM payments p JOIN invoices i ON i.id = p.invoice_id`,
      );
      expect(payments.map((p) => `${p.external_id} ${p.amount_minor}`).sort()).toEqual(
        [
          `${ids.paidByWebhook} 120000`,
          `${ids.paidByRest} 120000`,
          `${ids.partial} 40000`,
          `${ids.webhookAtCrash} 120000`,
          `${ids.paidLate} 120000`,
        ].sort(),
      );
      const received = await sql(
        db,
        `SELECT i.external_id FROM timeline_events t JOIN invoices i ON i.id = t.invoice_id
          WHERE t.type = 'payment_received' AND i.external_id = $1`,
        [ids.webhookAtCrash],
      );
      expect(received).toHaveLength(1);
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  it("Temporal's Postgres visibility answers queries on Relance's search attributes", async () => {
    try {
      const count = (query: string) => client.workflow.count(query).then((c) => c.count);
      await eventually('visibility caught up', async () =>
        (await count('RelanceStatus = "paid"')) === 4 ? true : undefined,
      );
      expect(await count('RelanceStatus = "overdue" AND RelanceStage = "reminder_2"')).toBe(2);
      expect(await count('RelanceBalance > 1000 AND RelanceStatus = "overdue"')).toBe(1);
      expect(await count('RelanceTenant = "default"')).toBe(6);
      expect(await count('ExecutionStatus = "Completed"')).toBe(4);
    } catch (err) {
      failed = true;
      throw err;
    }
  });
});

/** Runs deploy/postgres/init-databases.sh's statements as the cluster's superuser. */
async function initDatabases(adminUrl: string, statements: string[]): Promise<void> {
  const pg = new PgClient({ connectionString: adminUrl });
  await pg.connect();
  try {
    for (const statement of statements) {
      try {
        await pg.query(statement);
      } catch (err) {
        // The embedded cluster was initialised with `relance` as its superuser: that role exists.
        const code = (err as { code?: string }).code;
        if (!(code === '42710' && /^CREATE ROLE relance\b/.test(statement))) throw err;
      }
    }
  } finally {
    await pg.end();
  }
}
