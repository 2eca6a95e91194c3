import { instantMs } from '@relance/domain';

// Inside the workflow sandbox `Date` is deterministic: it reads the workflow's own clock.
// These two helpers are the only places the workflow asks for the time.

export function nowIso(): string {
  // eslint-disable-next-line no-restricted-syntax -- workflow time, replayed identically
  return new Date().toISOString();
}

/** Milliseconds from workflow-now until `instant` (0 when it has passed). */
export function msUntil(instant: string): number {
  // eslint-disable-next-line no-restricted-syntax -- workflow time, replayed identically
  return Math.max(0, instantMs(instant) - Date.now());
}
