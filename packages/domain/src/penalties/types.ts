import type { Jurisdiction } from '../invoice/fields';
import type { Money } from '../money';
import type { RateTables } from './rates';
import type { MissingFigure } from './reference-rates';

export type PenaltyClientType = 'business' | 'consumer';

export interface PenaltyInput {
  /** The outstanding TTC balance the interest runs on. */
  readonly principal: Money;
  readonly dueDate: string;
  readonly asOf: string;
  readonly jurisdiction: Jurisdiction;
  readonly clientType: PenaltyClientType;
  /** Contractual annual rate, e.g. "12.00"; absent → the statutory rate. */
  readonly contractualRatePercent?: string;
  /** Date the mise en demeure counts from (its receipt); interest runs the day after. */
  readonly formalNoticeDate?: string;
  readonly tables?: RateTables;
}

/** Why a period has its rate, so documents can cite the rule without re-deriving it. */
export type RateBasis =
  | 'ecb_plus_10' // FR L441-10 default
  | 'ecb_plus_8' // Directive 2011/7/EU default
  | 'boe_plus_8' // Late Payment of Commercial Debts (Interest) Act 1998
  | 'contractual'
  | 'legal_rate_floor' // FR: contractual rate below 3 × taux légal, the floor applies
  | 'legal_rate'; // FR consumer: taux légal from the mise en demeure

export interface PenaltyPeriod {
  /** First and last day of interest, both inclusive. */
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly ratePercent: string;
  readonly basis: RateBasis;
  /** The published rate the period's rate derives from (ECB, BoE, taux légal); null for a plain contractual rate. */
  readonly referenceRatePercent: string | null;
  /** The day whose published rate governs (1 Jan/1 Jul, 31 Dec/30 Jun, half-year start). */
  readonly referenceDate: string | null;
  readonly interest: string;
  readonly interestMinor: number;
  /** The reference figure is not loaded yet: the rate is the last published one known. */
  readonly provisional: boolean;
  /** What to add for the period to become final; null when it is. */
  readonly missingFigure: MissingFigure | null;
}

export interface PenaltyBreakdown {
  readonly jurisdiction: Jurisdiction;
  readonly clientType: PenaltyClientType;
  readonly dueDate: string;
  readonly asOf: string;
  readonly currency: string;
  readonly principal: string;
  readonly principalMinor: number;
  readonly periods: readonly PenaltyPeriod[];
  readonly interest: string;
  readonly interestMinor: number;
  readonly fixedFee: string;
  readonly fixedFeeMinor: number;
  readonly total: string;
  readonly totalMinor: number;
  readonly notes: readonly string[];
  /** Some period is provisional: the total is "à parfaire" (subject to adjustment). */
  readonly provisional: boolean;
  /** The figures to add, once each (by `id`), in the order the periods need them. */
  readonly missingFigures: readonly MissingFigure[];
}
