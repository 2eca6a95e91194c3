// CPU accounting: who used the two cores during a phase (what bounds a throughput).
import { readdirSync, readFileSync } from 'node:fs';
import { round } from './stats';
import type { BenchStack } from './stack';

function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* exited meanwhile */
    }
  }
  return table;
}

/** Busy CPU seconds of the whole machine (every core, every tenant) so far. */
function machineCpu(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return (user + nice + system + irq + softirq + steal) / 100;
}

export type CpuSeconds = Record<string, number>;

/**
 * CPU seconds used so far by each named process and its descendants, this process alone (its
 * children are the stack), and the machine as a whole (`others`: every other tenant of the host).
 */
export function cpuByTree(roots: Record<string, number | undefined>): CpuSeconds {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const sum = (pid: number | undefined): number =>
    pid === undefined
      ? 0
      : (table.get(pid)?.ticks ?? 0) + (children.get(pid) ?? []).reduce((a, c) => a + sum(c), 0);
  const ours: CpuSeconds = Object.fromEntries(
    Object.entries(roots).map(([name, pid]) => [name, sum(pid) / 100]),
  );
  ours.bench = (table.get(process.pid)?.ticks ?? 0) / 100;
  ours.others = machineCpu() - Object.values(ours).reduce((a, b) => a + b, 0);
  return ours;
}

/** The stack's processes, by name. */
export function stackRoots(b: BenchStack): Record<string, number | undefined> {
  const { stack } = b;
  return {
    worker: stack.worker.child.pid,
    api: stack.api.child.pid,
    temporal: stack.temporal.process.child.pid,
    postgres: stack.postgres.process.child.pid,
  };
}

export interface CpuUse {
  seconds: number;
  cpuSeconds: CpuSeconds;
  coresBusyPercent: number;
}

export function cpuDelta(before: CpuSeconds, after: CpuSeconds, seconds: number): CpuUse {
  const used: CpuSeconds = Object.fromEntries(
    Object.keys(after).map((k) => [k, round(after[k]! - (before[k] ?? 0), 1)]),
  );
  const total = Object.values(used).reduce((a, b) => a + b, 0);
  return {
    seconds: round(seconds),
    cpuSeconds: used,
    // Of the two cores: 100 % = both cores busy for the whole phase (`others` included).
    coresBusyPercent: round((100 * total) / (2 * seconds)),
  };
}
