import type { PenaltyBreakdown } from '@relance/domain';
import type { Case } from '../case-context';
import { PENALTY_OPTIONS } from '../activity-proxies';
import { alert } from './alerts';

/**
 * The case's late-payment penalties as of `asOf`. `remote`: a regular activity rather than a local
 * one, where a send follows at once: an event arriving meanwhile is then taken in before the send
 * is scheduled (a local activity's workflow task would schedule it first).
 */
export async function penalties(
  c: Case,
  asOf: string,
  formalNoticeDate?: string,
  remote = false,
): Promise<PenaltyBreakdown> {
  const summary = `Compute late-payment penalties as of ${asOf}`;
  const acts = remote ? c.acts.remote(summary, PENALTY_OPTIONS) : c.acts.db(summary, PENALTY_OPTIONS);
  const breakdown = await acts.computePenalties({
    ref: c.ref,
    balanceMinor: c.s.balanceMinor,
    asOf,
    formalNoticeDate: formalNoticeDate ?? c.s.formalNotice?.sentOn,
  });
  await alertProvisional(c, breakdown);
  return breakdown;
}

/** One creditor alert per rate figure the computation had to assume (docs/penalties.md). */
async function alertProvisional(c: Case, breakdown: PenaltyBreakdown): Promise<void> {
  const alerted = c.s.alertedFigures ?? [];
  // `?? []`: breakdowns recorded before provisional rates existed have no such field.
  const fresh = (breakdown.missingFigures ?? []).filter((f) => !alerted.includes(f.id));
  if (fresh.length === 0) return;
  c.s.alertedFigures = [...alerted, ...fresh.map((f) => f.id)];
  await alert(c, `rates:${fresh.map((f) => f.id).join(',')}`, {
    kind: 'provisional_rate',
    figures: fresh.map((f) => f.id), // the template words each id in the reader's language
  });
}
