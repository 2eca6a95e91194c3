import { join } from 'node:path';
import { repoRoot } from './tools';

/**
 * The V8 heap limits of each of the worker's isolates (its main thread and each workflow thread),
 * as `apps/worker/Dockerfile` sets them in NODE_OPTIONS. Without them V8 sizes heaps from the
 * host's memory: on a 24 GiB host the young generation may grow to 3 × 64 MB per isolate and the
 * old generation to 4 GB, and the worker reached 905 MB with 5,000 parked cases. Capped, it stays
 * under 400 MB (`pnpm bench memory`); the live set is far below the caps (250 cached cases take
 * about 100 MB).
 */
export const WORKER_HEAP_MB = 256;
/** The young generation's semi-space, in MB: 8 instead of up to 64 (more frequent, cheap scavenges). */
export const WORKER_SEMI_SPACE_MB = 8;
/** The flags the image puts in NODE_OPTIONS. */
export const WORKER_HEAP_FLAGS = [
  `--max-old-space-size=${WORKER_HEAP_MB}`,
  `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`,
];

/** The built worker's entry point. */
export const WORKER_MAIN = join(repoRoot, 'apps/worker/dist/main.js');

/**
 * The worker's environment: the heap caps first in NODE_OPTIONS, so that a limit the caller set
 * in its own NODE_OPTIONS comes later and wins.
 */
export function workerEnv<E extends Record<string, string | undefined>>(
  env: E,
): E & { NODE_OPTIONS: string } {
  const own = env.NODE_OPTIONS?.trim();
  return { ...env, NODE_OPTIONS: [...WORKER_HEAP_FLAGS, own].filter(Boolean).join(' ') };
}
