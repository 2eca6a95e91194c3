import type { Formatter } from '../format';
import type { Law, LetterMessages } from '../messages/documents';
import type { PenaltyView } from '../types';
import type { PdfWriter } from './pdf-writer';

/**
 * The interest breakdown, one row per rate period, shared by the formal notice and the dossier; a
 * provisional period says so under its dates, and a note explains it once.
 */
export function writePenaltyPeriods(
  w: PdfWriter,
  t: LetterMessages,
  f: Formatter,
  penalties: PenaltyView,
  law: Law,
  size?: number,
): void {
  if (penalties.periods.length === 0) {
    w.text(t.noInterestYet(law), { size: 9, muted: true, after: 4 });
    return;
  }
  w.table(
    [
      { title: t.periodColumns[0], width: w.width * 0.5 },
      { title: t.periodColumns[1], width: w.width * 0.12, align: 'right' },
      { title: t.periodColumns[2], width: w.width * 0.18, align: 'right' },
      { title: t.periodColumns[3], width: w.width * 0.2, align: 'right' },
    ],
    penalties.periods.map((p) => [
      // The mention sits under the period: the rate column is too narrow for it.
      [t.period(f.date(p.from), f.date(p.to)), p.provisional ? t.provisionalRate : '']
        .filter(Boolean)
        .join('\n'),
      String(p.days),
      f.percent(p.ratePercent),
      f.money(p.interest),
    ]),
    size,
  );
  if (penalties.periods.some((p) => p.provisional))
    w.text(t.provisionalNote, { size: 8.5, muted: true, after: 4 });
}

/** "Total dû" or, when a period is provisional, "Total dû, à parfaire". */
export function totalDueLabel(t: LetterMessages, penalties: PenaltyView): string {
  return penalties.provisional || penalties.periods.some((p) => p.provisional)
    ? t.totalDueProvisional
    : t.totalDue;
}
