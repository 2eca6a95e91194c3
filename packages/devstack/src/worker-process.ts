import { join } from 'node:path';
import { repoRoot } from './tools';

/**
 * The old-space limit, in MB, of each of the worker's V8 heaps (its main thread and each workflow
 * thread), as `apps/worker/Dockerfile` sets it. Without it V8 sizes heaps from the host's memory
 * and collects the workflow thread's garbage late: on a 24 GiB host the worker grew to 905 MB with
 * 5,000 parked cases; capped, it stays near 600 MB up to 10,000 (`pnpm bench memory`). The live
 * set is far below it: 250 cached cases take about 100 MB.
 */
export const WORKER_HEAP_MB = 256;

/** The built worker's entry point. */
export const WORKER_MAIN = join(repoRoot, 'apps/worker/dist/main.js');

/**
 * The worker's environment: the heap cap first in NODE_OPTIONS, so that a limit the caller set
 * in its own NODE_OPTIONS comes later and wins.
 */
export function workerEnv<E extends Record<string, string | undefined>>(
  env: E,
): E & { NODE_OPTIONS: string } {
  const own = env.NODE_OPTIONS?.trim();
  return { ...env, NODE_OPTIONS: [`--max-old-space-size=${WORKER_HEAP_MB}`, own].filter(Boolean).join(' ') };
}
