import type { MetricCounter, MetricMeter } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { PenaltyBreakdown } from '@relance/domain';
import type { CaseRef } from '@relance/workflows';
import type { Logger } from 'pino';

// A penalty computed with the last published rate because a figure is not loaded (docs/penalties.md):
// the operator sees it in the logs (once per figure per process) and in
// `relance_rate_provisional_total{figure}` (every computation), next to the SDK's own metrics.
// The creditor alert naming the figure is the workflow's.

export const PROVISIONAL_RATE_METRIC = 'relance_rate_provisional_total';

export class ProvisionalRates {
  private readonly warned = new Set<string>();
  private counter?: MetricCounter;

  constructor(private readonly meter: () => MetricMeter = () => Runtime.instance().metricMeter) {}

  report(logger: Logger, ref: CaseRef, breakdown: PenaltyBreakdown): void {
    for (const figure of breakdown.missingFigures) {
      this.counter ??= this.meter().createCounter(
        PROVISIONAL_RATE_METRIC,
        'computations',
        'Penalty computations that used the last published rate because this reference figure is not loaded',
      );
      this.counter.add(1, { figure: figure.id });
      if (this.warned.has(figure.id)) continue;
      this.warned.add(figure.id);
      logger.warn(
        { figure: figure.id, workflowId: ref.workflowId, lastKnown: figure.lastKnown },
        `provisional penalty rate: ${figure.message}`,
      );
    }
  }
}

/** One per worker process: "once per figure" holds across every case the process runs. */
export const provisionalRates = new ProvisionalRates();
