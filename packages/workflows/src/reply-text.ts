import { MAX_REPLY_CHARS } from './contract';

/** A reply's text as kept: at most `max` Unicode code points, and how long it was when cut. */
export interface CutText {
  text: string;
  /** Set only when the text was cut: its length in code points before the cut. */
  originalLength?: number;
}

/**
 * Keeps the first `max` code points of `text` (the 10,000-character rule of docs/architecture.md). Counted in
 * code points, so an emoji or any astral character is never split into a lone surrogate.
 * Pure and deterministic: the API cuts with it before signalling, the workflow again as a guard.
 */
export function cutReplyText(text: string, max = MAX_REPLY_CHARS): CutText {
  // Fast path: fewer UTF-16 units than the limit means fewer code points too.
  if (text.length <= max) return { text };
  let units = 0;
  let points = 0;
  while (units < text.length && points < max) {
    const code = text.codePointAt(units)!;
    units += code > 0xffff ? 2 : 1;
    points += 1;
  }
  if (units >= text.length) return { text };
  let total = points;
  for (let i = units; i < text.length; total += 1) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return { text: text.slice(0, units), originalLength: total };
}
