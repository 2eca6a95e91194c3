import type { CaseRecord } from '../case/record';
import type { InvoiceInput } from '../invoice/invoice';
import type { Jurisdiction } from '../invoice/fields';
import { parseMoney } from '../money';
import { computePenalties } from './penalties';
import type { RateTables } from './rates';
import type { PenaltyBreakdown, PenaltyInput } from './types';

/** What a case's penalties depend on beyond its invoice, as the case stands (or would stand). */
export interface CasePenaltyFacts {
  /** The balance the interest runs on. */
  balanceMinor: number;
  /** The day the mise en demeure is dated, once one went out: consumers' interest runs from it. */
  formalNoticeDate?: string;
}

export interface CasePenalties {
  /** The invoice as registered. */
  invoice: Pick<InvoiceInput, 'currency' | 'dueDate' | 'jurisdiction' | 'penalties'> & {
    client: Pick<InvoiceInput['client'], 'type'>;
  };
  /** The tenant's jurisdiction, for an invoice registered without its own. */
  tenantJurisdiction: Jurisdiction;
  facts: CasePenaltyFacts;
  asOf: string;
  /** The shipped tables with the operator's figures (`loadRateTables`). */
  tables: RateTables;
}

/** The penalty input of a case: the one place the invoice and the case's facts become one. */
export function casePenaltyInput({
  invoice,
  tenantJurisdiction,
  facts,
  asOf,
  tables,
}: CasePenalties): PenaltyInput {
  return {
    principal: { currency: invoice.currency, minor: facts.balanceMinor },
    dueDate: invoice.dueDate,
    asOf,
    jurisdiction: invoice.jurisdiction ?? tenantJurisdiction,
    clientType: invoice.client.type,
    contractualRatePercent: invoice.penalties?.ratePercent,
    formalNoticeDate: facts.formalNoticeDate,
    tables,
  };
}

/**
 * A case's late-payment penalties as of `asOf` (the worker's `computePenalties` activity and the
 * API's views both call this). Throws the domain error for a date the tables do not cover.
 */
export function penaltiesFor(c: CasePenalties): PenaltyBreakdown {
  return computePenalties(casePenaltyInput(c));
}

/** The facts a case record holds: its balance, and the day of its formal notice if one went out. */
export function recordPenaltyFacts(
  record: Pick<CaseRecord, 'balance' | 'formalNotice'>,
  currency: string,
): CasePenaltyFacts {
  return {
    balanceMinor: parseMoney(record.balance, currency).minor,
    ...(record.formalNotice ? { formalNoticeDate: record.formalNotice.sentOn } : {}),
  };
}
