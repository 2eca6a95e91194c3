import { performance } from 'node:perf_hooks';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const round = (x: number, digits = 1): number => +x.toFixed(digits);

/** The p-th percentile (nearest rank); NaN of no values. */
export function pct(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface Stats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export const stats = (ms: readonly number[]): Stats => ({
  n: ms.length,
  p50: round(pct(ms, 50), 3),
  p90: round(pct(ms, 90), 3),
  p99: round(pct(ms, 99), 3),
  max: round(Math.max(...ms), 3),
  mean: round(ms.reduce((a, b) => a + b, 0) / ms.length, 3),
});

/** Runs `fn(0 … n-1)`, `concurrency` at a time; the latency of each call, in completion order. */
export async function pool(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return latencies;
}
