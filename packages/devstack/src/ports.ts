import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { createServer, Socket } from 'node:net';

/** Where the kernel starts handing out local ports to outgoing connections (Linux; the usual default elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low) return low;
  } catch {
    // not Linux
  }
  return 32768;
}

const handedOut = new Set<number>();

/**
 * A TCP port that was free a moment ago (tests start servers on these). It is picked at random
 * below the kernel's ephemeral range: a port the kernel hands out (`listen(0)`) is also where any
 * outgoing connection may land, and a stack restarted on the same ports (test/ops) then finds one
 * taken by a client socket. The same process never gets one port twice.
 */
export async function freePort(): Promise<number> {
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralLow() - 1);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port)) continue;
    if ((await tryListen(port)) !== true || (await tryListen(port, '0.0.0.0')) !== true) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free TCP port between ${low} and ${high}`);
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('timeout', () => (socket.destroy(), done(false)));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Whether we could listen on `host:port` right now (the error code when not). */
export function tryListen(port: number, host = '127.0.0.1'): Promise<true | string> {
  return new Promise((done) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => done(true)));
  });
}

export interface PortHolder {
  pid: number;
  /** Its command line, shortened. */
  command: string;
}

function commandOf(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (argv.length === 0) return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const text = [basename(argv[0] ?? ''), ...argv.slice(1)].join(' ');
    return text.length > 100 ? `${text.slice(0, 100)} …` : text;
  } catch {
    return '?';
  }
}

/**
 * The process listening on TCP `port`: on Linux from /proc (the socket inode in /proc/net/tcp{,6},
 * then the process holding that socket), elsewhere from `lsof`. `undefined` when no listening
 * socket is found; `pid: 0` when one exists but its process is not visible (another user's, for a
 * non-root caller).
 */
export function portHolder(port: number): PortHolder | undefined {
  if (!existsSync('/proc/net/tcp')) {
    const out = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { encoding: 'utf8' });
    const pid = Number(/^p(\d+)$/m.exec(out.stdout ?? '')?.[1]);
    const command = /^c(.+)$/m.exec(out.stdout ?? '')?.[1] ?? '?';
    return pid > 0 ? { pid, command } : undefined;
  }
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
      if (parseInt(f[1]?.split(':')[1] ?? '', 16) === port && f[9] !== '0') inodes.add(`socket:[${f[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`)))
          return { pid: Number(entry), command: commandOf(Number(entry)) };
      } catch {
        // closed meanwhile
      }
    }
  }
  return { pid: 0, command: '' };
}

export interface PortNeed {
  port: number;
  /** What needs it, e.g. "the Temporal frontend". */
  what: string;
  /** The address it will listen on (default 127.0.0.1). */
  host?: string;
  /** The env var that moves it, named in the error. */
  envVar?: string;
}

/**
 * Fails with one message naming every needed port that is taken and the process holding it,
 * e.g. "port 7233 (the Temporal frontend) is held by pid 1234 (temporal server start-dev …)".
 */
export async function assertPortsFree(needs: PortNeed[]): Promise<void> {
  const problems: string[] = [];
  for (const need of needs) {
    const result = await tryListen(need.port, need.host ?? '127.0.0.1');
    if (result === true) continue;
    const where = `port ${need.port} (${need.what})`;
    const move = need.envVar ? `; stop it or set ${need.envVar}` : '';
    if (result !== 'EADDRINUSE') {
      problems.push(`${where} cannot be used: ${result}${move}`);
      continue;
    }
    const holder = portHolder(need.port);
    if (holder && holder.pid > 0)
      problems.push(`${where} is held by pid ${holder.pid} (${holder.command})${move}`);
    else if (holder) problems.push(`${where} is held by a process this user cannot see${move}`);
    else problems.push(`${where} is in use${move}`);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}
