import { isTerminal, type CaseStatus } from '@relance/domain';
import type { InvoiceEntity } from '@relance/persistence';
import { Problem } from '../common/problem';
import type { ClientCaseResult } from './schemas';

/** Cases of one account changed at once: enough to overlap their round trips, few enough for the workers. */
export const ACCOUNT_CONCURRENCY = 4;

/** Runs `fn` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * A per-case command's answer as one line of the account's answer: done, or the case's own
 * problem (the refusal of its status, closed meanwhile, Temporal unreachable). Any other error is
 * not the case's answer and propagates.
 */
export async function caseResult(
  invoice: InvoiceEntity,
  run: () => Promise<{ status: CaseStatus }>,
): Promise<ClientCaseResult> {
  const line = { externalId: invoice.externalId, number: invoice.number };
  try {
    const done = await run();
    return { ...line, outcome: 'applied', status: done.status };
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    const status = (err.extra.caseStatus as CaseStatus | undefined) ?? invoice.status;
    const detail = err.detail ?? err.title;
    if (err.getStatus() === 503) return { ...line, outcome: 'unreachable', status, detail };
    if (err.getStatus() === 409 && isTerminal(status)) return { ...line, outcome: 'closed', status, detail };
    if (err.getStatus() === 409 || err.getStatus() === 422)
      return { ...line, outcome: 'refused', status, detail };
    throw err;
  }
}

/**
 * The account's answer: 200 with every case's line, or, when some case could not be reached, a
 * 503 problem carrying the lines (the others are done; repeating the request is safe).
 */
export function accountAnswer<T extends { results?: ClientCaseResult[] }>(
  answer: T,
  lines: readonly { outcome: string }[],
): T {
  const unreachable = lines.filter((l) => l.outcome === 'unreachable').length;
  if (unreachable === 0) return answer;
  throw new Problem(
    503,
    'Service unavailable',
    `${unreachable} of ${lines.length} case(s) could not be reached; the others are done: repeat the same request`,
    undefined,
    { ...answer },
    { 'Retry-After': '5' },
  );
}
