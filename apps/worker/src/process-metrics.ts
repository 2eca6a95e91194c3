import { Counter, Registry } from 'prom-client';

/** The worker's own metrics, served after the Temporal runtime's on `/metrics`. */
export function processMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'relance-worker' });
  const uncaught = new Counter({
    name: 'relance_worker_uncaught_errors_total',
    help: 'Errors thrown outside any promise chain (timers, event callbacks), caught by the process guard',
    labelNames: ['origin'],
    registers: [registry],
  });
  return { registry, uncaught };
}

export type ProcessMetrics = ReturnType<typeof processMetrics>;
