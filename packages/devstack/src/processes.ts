import { ChildProcess, spawn, SpawnOptions, StdioOptions } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** Its stop signal, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves with the exit code when the process ends (null: killed by a signal, or never started). */
  readonly exited: Promise<number | null>;
  /** Neither exited nor failed to spawn. */
  isRunning(): boolean;
  /** The last few kilobytes it printed, for error messages when it dies during start-up. */
  recentOutput(): string;
}

export interface StartOptions extends SpawnOptions {
  /**
   * The child writes its output straight into this file (appending): it never depends on us
   * reading a pipe, so it can still log — and drain and exit — after we died.
   */
  logFile?: string;
  /** With `logFile`: also print what it appends, each line prefixed with its name. */
  echo?: boolean;
  /** Without `logFile`: print nothing (the output is still kept for `recentOutput()`). */
  quiet?: boolean;
  /** The signal that asks it to stop: SIGTERM, or SIGINT for Postgres (its "fast" shutdown). */
  stopSignal?: NodeJS.Signals;
  /** How long `stop()` (and the orphan guard) wait after the stop signal before SIGKILL. */
  graceMs?: number;
  /**
   * When we die without stopping our children, the orphan guard stops the highest stage first:
   * Postgres 0, Temporal 1, the apps 2 (default), the worker of `pnpm start` 3.
   */
  stopStage?: number;
}

/** Output waiting for a slow reader of our own stdout/stderr beyond this is dropped, not buffered. */
const MAX_BACKLOG = 4 << 20;
const TAIL = 8192;

const running = new Set<Managed>();

/** Every process started by `startProcess` in this Node process that has not exited yet. */
export function runningProcesses(): Managed[] {
  return [...running];
}

/**
 * Starts a child process whose output is prefixed with its name, or written to `logFile`.
 *
 * Each child gets its own session (process group): a signal sent to our process group (Ctrl-C,
 * `kill -TERM -<pgid>` from a supervisor) reaches only us, and we stop the children in order.
 * If we die without stopping them (SIGKILL, a crash), the orphan guard — a tiny process watching a
 * pipe from us — sees the pipe close and stops them, so no orphan keeps holding ports.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: StartOptions = {},
): Managed {
  const {
    logFile,
    echo,
    quiet,
    stopSignal = 'SIGTERM',
    graceMs = 10_000,
    stopStage = 2,
    ...spawnOptions
  } = options;
  let stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
  let logFd: number | undefined;
  let logStart = 0;
  if (logFile) {
    logFd = openSync(logFile, 'a');
    logStart = fstatSync(logFd).size;
    stdio = ['ignore', logFd, logFd];
  }
  let child: ChildProcess;
  try {
    child = spawn(command, args, { ...spawnOptions, stdio, detached: true });
  } finally {
    if (logFd !== undefined) closeSync(logFd); // the child has its own copy
  }
  const pid = child.pid;
  if (pid !== undefined) orphanGuard()?.watch(pid, stopSignal, graceMs, stopStage);
  let tail = '';
  const remember = (text: string) => {
    tail = (tail + text).slice(-TAIL);
  };
  const print = (stream: NodeJS.WritableStream & { writableLength?: number }, text: string) => {
    if ((stream.writableLength ?? 0) >= MAX_BACKLOG) return; // our reader stalls: drop, do not freeze
    for (const line of text.split('\n')) if (line) stream.write(`[${name}] ${line}\n`);
  };
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    remember(chunk.toString());
    if (!quiet) print(stream, chunk.toString());
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
  // `logFile`: read what the child appends, for `recentOutput()` and `echo`.
  const reader = logFile ? openSync(logFile, 'r') : undefined;
  let offset = logStart;
  let partial = '';
  let readerOpen = reader !== undefined;
  const pump = () => {
    if (reader === undefined || !readerOpen) return;
    const buffer = Buffer.alloc(65536);
    for (;;) {
      const n = readSync(reader, buffer, 0, buffer.length, offset);
      if (n <= 0) break;
      offset += n;
      const text = buffer.subarray(0, n).toString();
      remember(text);
      if (echo) {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        print(process.stdout, lines.join('\n'));
      }
    }
  };
  const pumping = reader !== undefined ? setInterval(pump, 250) : undefined;
  pumping?.unref();
  let failed = false;
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.on('error', (err) => {
      // Spawning failed (no such file, no permission): there will be no 'exit'.
      if (child.pid !== undefined) return;
      failed = true;
      remember(`${command}: ${err.message}\n`);
      resolveExit(null);
    });
  });
  const isRunning = () => !failed && child.exitCode === null && child.signalCode === null;
  const signal = (sig: NodeJS.Signals) => {
    if (!isRunning()) return;
    try {
      // SIGKILL goes to its whole group, in case it started helpers of its own.
      if (sig === 'SIGKILL' && pid !== undefined) process.kill(-pid, sig);
      else child.kill(sig);
    } catch {
      child.kill(sig);
    }
  };
  const managed: Managed = {
    name,
    child,
    exited,
    isRunning,
    recentOutput: () => {
      pump();
      return tail.trim();
    },
    async stop(grace = graceMs) {
      if (!isRunning()) return;
      signal(stopSignal);
      const timer = setTimeout(() => signal('SIGKILL'), grace);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(managed);
  void exited.then(() => {
    running.delete(managed);
    if (pid !== undefined) orphanGuard()?.forget(pid);
    if (reader !== undefined) {
      clearInterval(pumping);
      pump();
      if (echo && partial) print(process.stdout, partial);
      readerOpen = false;
      closeSync(reader);
    }
  });
  return managed;
}

/**
 * The orphan guard: one small Node process per parent, in a session of its own (so the signals
 * aimed at our process group do not reach it) and ignoring SIGINT/SIGTERM/SIGHUP. It reads
 * `+ <pid> <signal> <graceMs> <stage>` and `- <pid>` lines on stdin; when stdin closes — we
 * exited, however we died — it stops whatever is still registered, highest stage first: the stop
 * signal, then SIGKILL after the grace. Processes are recognised by their start time (Linux), so a
 * reused pid is never signalled. With nothing left to stop it exits at once.
 */
const GUARD_SOURCE = String.raw`
'use strict';
const fs = require('node:fs');
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) process.on(s, () => {});
const hasProc = fs.existsSync('/proc/self/stat');
const stat = (pid) => {
  try {
    const text = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], start: f[19] };
  } catch (e) {
    return undefined;
  }
};
const watched = new Map();
const alive = (pid, w) => {
  if (!hasProc) {
    try { process.kill(pid, 0); return true; } catch (e) { return false; }
  }
  const s = stat(pid);
  return !!s && s.state !== 'Z' && s.state !== 'X' && s.start === w.start;
};
const kill = (pid, sig) => { try { process.kill(pid, sig); } catch (e) {} };
let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk.toString();
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const [op, pidText, signal, grace, stage] = buffer.slice(0, nl).split(' ');
    buffer = buffer.slice(nl + 1);
    const pid = Number(pidText);
    if (!(pid > 1)) continue;
    if (op === '+') {
      const s = hasProc ? stat(pid) : undefined;
      if (hasProc && !s) continue;
      watched.set(pid, { signal, grace: Number(grace) || 10000, stage: Number(stage) || 0, start: s && s.start });
    } else if (op === '-') watched.delete(pid);
  }
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let stopping = false;
async function stopAll() {
  if (stopping) return;
  stopping = true;
  const stages = [...new Set([...watched.values()].map((w) => w.stage))].sort((a, b) => b - a);
  for (const stage of stages) {
    const group = [...watched].filter(([pid, w]) => w.stage === stage && alive(pid, w));
    for (const [pid, w] of group) kill(pid, w.signal);
    const deadline = Date.now() + Math.max(...group.map(([, w]) => w.grace), 0);
    while (Date.now() < deadline && group.some(([pid, w]) => alive(pid, w))) await sleep(100);
    for (const [pid, w] of group) if (alive(pid, w)) { kill(-pid, 'SIGKILL'); kill(pid, 'SIGKILL'); }
    const killDeadline = Date.now() + 5000;
    while (Date.now() < killDeadline && group.some(([pid, w]) => alive(pid, w))) await sleep(100);
  }
  process.exit(0);
}
process.stdin.on('end', stopAll);
process.stdin.on('error', stopAll);
`;

interface Guard {
  watch(pid: number, signal: NodeJS.Signals, graceMs: number, stage: number): void;
  forget(pid: number): void;
}

let guard: Guard | undefined;
let guardBroken = false;

function orphanGuard(): Guard | undefined {
  if (guard || guardBroken) return guard;
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // no loaders or inspectors of ours
  const proc = spawn(process.execPath, ['-e', GUARD_SOURCE], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    env,
  });
  const stdin = proc.stdin;
  if (!stdin) {
    guardBroken = true;
    return undefined;
  }
  // Neither the guard nor its pipe keeps us alive; the pipe closes when we exit, however we exit.
  proc.unref();
  (stdin as unknown as { unref?: () => void }).unref?.();
  stdin.on('error', () => undefined);
  proc.once('error', () => {
    guardBroken = true;
    guard = undefined;
  });
  proc.once('exit', () => {
    guard = undefined;
  });
  const send = (line: string) => {
    if (!stdin.destroyed && stdin.writable) stdin.write(`${line}\n`);
  };
  guard = {
    watch: (pid, signal, graceMs, stage) => send(`+ ${pid} ${signal} ${graceMs} ${stage}`),
    forget: (pid) => send(`- ${pid}`),
  };
  return guard;
}
