import type { TimelineType } from '@relance/domain';
import type { TimelineInput } from '../../activities';
import type { Case } from '../case-context';
import { nowIso } from '../clock';

/** A timeline entry of the case, stamped now; the same key written twice is one entry. */
export function timelineEntry(
  c: Case,
  key: string,
  type: TimelineType,
  data: Record<string, unknown> = {},
  step?: string,
): TimelineInput {
  return { ref: c.ref, key, type, at: nowIso(), step, data };
}

/** Writes one entry on the case's timeline (a local activity). */
export async function timeline(
  c: Case,
  key: string,
  type: TimelineType,
  data: Record<string, unknown> = {},
  step?: string,
): Promise<void> {
  await c.acts.db(`Timeline: ${type}`).recordTimeline(timelineEntry(c, key, type, data, step));
}
