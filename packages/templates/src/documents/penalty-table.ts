import type { Formatter } from '../format';
import type { Law, LetterMessages } from '../messages/documents';
import type { PenaltyView } from '../types';
import type { PdfWriter } from './pdf-writer';

/** The interest breakdown, one row per rate period, shared by the formal notice and the dossier. */
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
      t.period(f.date(p.from), f.date(p.to)),
      String(p.days),
      f.percent(p.ratePercent),
      f.money(p.interest),
    ]),
    size,
  );
}
