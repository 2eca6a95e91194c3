import { Client, Connection } from '@temporalio/client';
import { freePort, repoRoot, tryListen } from '@relance/devstack';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, dateFromToday, invoiceBody } from '../e2e/helpers';

/**
 * `./relance start` as a supervisor runs it (a CI job, a systemd unit, a test harness): launched in
 * a fresh process group, stopped by a signal to the group, to the top pid, or by killing it; then
 * every process it started must be gone and every port free within a bounded time. One data dir
 * and one set of ports serve every case, so later starts are warm and each start also proves the
 * previous stop released the ports; a case registered before a stop is found running after the
 * next start.
 */

const STOP_BOUND_MS = 60_000; // the slowest designed stop (an idle stack) is far below this
const START_TIMEOUT_MS = 240_000; // the first start builds, runs initdb and creates Temporal's SQLite

interface Proc {
  pid: number;
  start: string;
  name: string;
}

function procStat(pid: number): { state: string; ppid: number; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: f[0] ?? '', ppid: Number(f[1]), start: f[19] ?? '' };
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** `root` and all its descendants, from /proc (postgres backends, the orphan guard included). */
function processTree(root: number): Proc[] {
  const stats = new Map<number, { ppid: number; start: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, { ppid }] of stats)
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  return [...tree]
    .filter((pid) => stats.has(pid))
    .map((pid) => ({ pid, start: stats.get(pid)!.start, name: cmdline(pid) }));
}

/** Still there: same pid and start time, and not a zombie (a zombie holds nothing). */
function survivors(tree: Proc[]): Proc[] {
  return tree.filter(({ pid, start }) => {
    const stat = procStat(pid);
    return stat !== undefined && stat.start === start && stat.state !== 'Z' && stat.state !== 'X';
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('./relance start stops completely on a signal (issue 13)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let ports: Record<'api' | 'temporal' | 'ui' | 'postgres' | 'metrics', number>;
  const timings: string[] = [];
  /** What each case launched, so a failed case does not leave its stack to the next one. */
  let launched: { child: ChildProcess; tree: Proc[] }[] = [];

  beforeAll(async () => {
    // Postgres runs as the `postgres` user when we are root: it must be able to reach this folder.
    dataDir = mkdtempSync(join(tmpdir(), 'relance-signals-'));
    chmodSync(dataDir, 0o755);
    // The workflow code bundled once, as the production image ships it: each worker start then
    // takes a second instead of a webpack run (the stop paths under test do not depend on it).
    const bundle = join(dataDir, 'workflow-bundle.js');
    await promisify(execFile)(process.execPath, [join(repoRoot, 'apps/worker/dist/bundle.js'), bundle]);
    ports = {
      api: await freePort(),
      temporal: await freePort(),
      ui: await freePort(),
      postgres: await freePort(),
      metrics: await freePort(),
    };
    const inherited = Object.entries(process.env).filter(
      ([k, v]) =>
        v !== undefined &&
        !/^(VITEST|npm_|NODE_ENV$|TEST$|DATABASE_URL$|TEMPORAL_ADDRESS$|TEMPORAL_UI_URL$|TEMPORAL_NAMESPACE$|RESEND_|METRICS_|HOST$|PORT$|RELANCE_|WORKER_)/.test(
          k,
        ),
    ) as [string, string][];
    env = {
      ...Object.fromEntries(inherited),
      RELANCE_DATA_DIR: dataDir,
      PORT: String(ports.api),
      RELANCE_TEMPORAL_PORT: String(ports.temporal),
      RELANCE_TEMPORAL_UI_PORT: String(ports.ui),
      RELANCE_POSTGRES_PORT: String(ports.postgres),
      METRICS_PORT: String(ports.metrics),
      RELANCE_WORKFLOW_BUNDLE: bundle,
      // info: the worker says when it polls, so each stop below hits a fully started stack.
      LOG_LEVEL: 'info',
    };
  });

  afterEach(async () => {
    // Whatever a failed case left behind: a polite stop first (keeps the data dir usable), then SIGKILL.
    for (const { child, tree } of launched) {
      const all = [...tree, ...(child.pid !== undefined ? processTree(child.pid) : [])];
      if (survivors(all).length === 0) continue;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // the group is gone; its members are not
      }
      for (let i = 0; i < 300 && survivors(all).length; i++) await sleep(100);
      for (const { pid } of survivors(all)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    launched = [];
  });

  afterAll(() => {
    if (timings.length) process.stdout.write(`[start-signals] stop times:\n  ${timings.join('\n  ')}\n`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Launches `command` in a fresh process group; resolves once the API is ready and the worker polls. */
  async function launch(command: 'relance' | 'pnpm') {
    const child =
      command === 'relance'
        ? spawn('./relance', ['start'], {
            cwd: repoRoot,
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          })
        : // `pnpm start` as someone with pnpm on PATH runs it: provision.sh puts the project's pnpm there.
          spawn('bash', ['-c', 'source scripts/provision.sh && exec pnpm start'], {
            cwd: repoRoot,
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
    const entry = { child, tree: [] as Proc[] };
    launched.push(entry);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `${command} start exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`,
        );
      if (Date.now() > deadline) throw new Error(`${command} start was not ready in time:\n${output}`);
      const ready = await fetch(`http://127.0.0.1:${ports.api}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready && output.includes('Relance is running.') && output.includes('worker started')) break;
      await sleep(500);
    }
    const tree = processTree(child.pid!);
    entry.tree = tree;
    const names = tree.map((p) => p.name).join('\n');
    // What must be stopped is really there (and the launcher is start.js itself, or under pnpm).
    expect(names).toContain('packages/devstack/dist/start.js');
    expect(names).toContain('apps/api/dist/main.js');
    expect(names).toContain('apps/worker/dist/main.js');
    expect(names).toMatch(/temporal server start-dev/);
    expect(names).toMatch(/postgres -D/);
    // Whatever stopped the previous run, Postgres was shut down cleanly: no recovery at this start.
    const thisStart = readFileSync(join(dataDir, 'logs', 'postgres.log'), 'utf8')
      .split('starting PostgreSQL')
      .pop();
    expect(thisStart).toContain('database system was shut down at');
    expect(thisStart).not.toMatch(/not properly shut down|was interrupted|automatic recovery/);
    return { child, tree, exited, output: () => output };
  }

  /** Sends `signal` to `target`, then waits until every process of `tree` is gone; returns the time. */
  async function stopAndMeasure(label: string, tree: Proc[], target: number, signal: NodeJS.Signals) {
    const begun = Date.now();
    process.kill(target, signal);
    while (survivors(tree).length > 0 && Date.now() - begun < STOP_BOUND_MS) await sleep(100);
    const elapsed = Date.now() - begun;
    const left = survivors(tree);
    expect(
      left.map((p) => `${p.pid} ${p.name.slice(0, 120)}`),
      `still running ${elapsed} ms after ${signal}`,
    ).toEqual([]);
    for (const [what, port] of Object.entries(ports))
      expect(await tryListen(port), `port ${port} (${what}) is still taken`).toBe(true);
    timings.push(`${label}: ${elapsed} ms (${tree.length} processes)`);
    return elapsed;
  }

  /** The launcher process itself (not the `sh -c "… && node …/start.js"` of pnpm). */
  const startJs = (tree: Proc[]) =>
    tree.find((p) => /^\S*node packages\/devstack\/dist\/start\.js/.test(p.name))!.pid;
  const externalId = `INV-SIGNALS-${Date.now()}`;

  it(
    'refuses to start on a taken port, naming the process that holds it',
    async () => {
      const squatter = createServer();
      await new Promise<void>((r) => squatter.listen(ports.temporal, '127.0.0.1', r));
      try {
        const child = spawn('./relance', ['start'], {
          cwd: repoRoot,
          env,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        launched.push({ child, tree: [] });
        let output = '';
        child.stdout.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr.on('data', (c: Buffer) => (output += c.toString()));
        const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
        expect(code, output).toBe(1);
        expect(output).toContain(
          `port ${ports.temporal} (the Temporal frontend) is held by pid ${process.pid} (`,
        );
        expect(output).toContain('RELANCE_TEMPORAL_PORT');
        expect(output).not.toContain('Relance is running.');
        expect(survivors(processTree(child.pid!))).toEqual([]);
      } finally {
        await new Promise<void>((r) => squatter.close(() => r()));
      }
    },
    START_TIMEOUT_MS,
  );

  it(
    'SIGTERM to the process group: everything stops (a case registered before stays in the data)',
    async () => {
      const run = await launch('relance');
      const key = (JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as { apiKey: string })
        .apiKey;
      const call = api(`http://127.0.0.1:${ports.api}`, key);
      const res = await call(
        'POST',
        '/v1/invoices',
        invoiceBody({ externalId, issueDate: dateFromToday(-1), dueDate: dateFromToday(30) }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await stopAndMeasure('group SIGTERM (./relance start)', run.tree, -run.child.pid!, 'SIGTERM');
      expect(await run.exited).toEqual({ code: 0, signal: null });
      // In order: the worker, the API, Temporal, Postgres.
      expect(run.output()).toMatch(
        /Stopping Relance \(SIGTERM\)[^]*\n {2}worker stopped \(\d+ ms\)[^]*\n {2}API stopped \(\d+ ms\)[^]*\n {2}Temporal stopped \(\d+ ms\)[^]*\n {2}Postgres stopped \(\d+ ms\)[^]*\nRelance stopped in \d+ ms/,
      );
    },
    START_TIMEOUT_MS,
  );

  it(
    'SIGINT to the process group (Ctrl-C): everything stops; the next start resumed the sleeping case',
    async () => {
      const run = await launch('relance');
      const key = (JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as { apiKey: string })
        .apiKey;
      const res = await api(`http://127.0.0.1:${ports.api}`, key)('GET', `/v1/invoices/${externalId}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.externalId).toBe(externalId);
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
      try {
        const described = await new Client({ connection }).workflow
          .getHandle(`dunning:default:${externalId}`)
          .describe();
        expect(described.status.name).toBe('RUNNING');
      } finally {
        await connection.close();
      }
      await stopAndMeasure('group SIGINT (./relance start)', run.tree, -run.child.pid!, 'SIGINT');
    },
    START_TIMEOUT_MS,
  );

  it(
    'SIGHUP to the process group (terminal closed): everything stops',
    async () => {
      const run = await launch('relance');
      await stopAndMeasure('group SIGHUP (./relance start)', run.tree, -run.child.pid!, 'SIGHUP');
    },
    START_TIMEOUT_MS,
  );

  it(
    "SIGTERM to ./relance's pid only (which is start.js): everything stops",
    async () => {
      const run = await launch('relance');
      // `./relance start` execs the launcher: the pid we started is start.js itself.
      expect(startJs(run.tree)).toBe(run.child.pid);
      await stopAndMeasure('SIGTERM to ./relance pid (= start.js)', run.tree, run.child.pid!, 'SIGTERM');
    },
    START_TIMEOUT_MS,
  );

  it(
    'SIGKILL of ./relance (the parent dies without stopping anything): the orphan guard stops the rest',
    async () => {
      const run = await launch('relance');
      await stopAndMeasure('SIGKILL to ./relance pid (orphan guard)', run.tree, run.child.pid!, 'SIGKILL');
    },
    START_TIMEOUT_MS,
  );

  it(
    'SIGKILL to the whole process group: the orphan guard stops the rest',
    async () => {
      const run = await launch('relance');
      await stopAndMeasure('group SIGKILL (orphan guard)', run.tree, -run.child.pid!, 'SIGKILL');
    },
    START_TIMEOUT_MS,
  );

  for (const signal of ['SIGTERM', 'SIGHUP'] as const)
    it(
      `pnpm start, ${signal} to pnpm only: start.js sees its launcher go and stops everything`,
      async () => {
        const run = await launch('pnpm');
        await stopAndMeasure(`${signal} to pnpm (pnpm start)`, run.tree, run.child.pid!, signal);
      },
      START_TIMEOUT_MS,
    );

  it(
    'pnpm start, SIGTERM to start.js only: everything stops, pnpm included',
    async () => {
      const run = await launch('pnpm');
      await stopAndMeasure('SIGTERM to start.js (pnpm start)', run.tree, startJs(run.tree), 'SIGTERM');
      expect((await run.exited).code).toBe(0);
    },
    START_TIMEOUT_MS,
  );

  // pnpm forwards SIGINT to the `sh -c` running the script, which waits for its child: only a
  // start script that `exec`s node lets the signal reach start.js (see README, "Stopping").
  const startScript = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts.start;
  it.skipIf(!/\bexec node\b/.test(startScript ?? ''))(
    'pnpm start, SIGINT to pnpm only: everything stops',
    async () => {
      const run = await launch('pnpm');
      await stopAndMeasure('SIGINT to pnpm (pnpm start)', run.tree, run.child.pid!, 'SIGINT');
    },
    START_TIMEOUT_MS,
  );
});
