// `pnpm bench`: Relance's speed and memory figures against their goals, written to
// bench/results/<name>.json (each with a `goals` array: name, value, goal, pass) and printed with
// PASS/MISS. Shared, noisy machines: never asserted in tests; each record carries the load average.
//
//   pnpm bench                              # everything
//   pnpm bench render workflow              # some benchmarks only (names below)
//   BENCH_OPEN_CASES=1000,5000 pnpm bench memory
//   BENCH_PACING_CASES=2000 pnpm bench pacing
//
// Every stack runs the worker as the image does: a prebuilt workflow bundle (RELANCE_WORKFLOW_BUNDLE),
// built once per run, and nothing is measured before the worker polls its task queues.
import { line, summary } from './harness/results';

// Loaded when run: `render` must load React itself, after choosing its production build.
const all: Record<string, () => Promise<void>> = {
  render: async () => (await import('./benchmarks/render.js')).render(),
  workflow: async () => (await import('./benchmarks/workflow.js')).workflow(),
  api: async () => (await import('./benchmarks/api.js')).api(),
  memory: async () => (await import('./benchmarks/memory.js')).memory(),
  pacing: async () => (await import('./benchmarks/pacing.js')).pacing(),
  webhooks: async () => (await import('./benchmarks/webhooks.js')).webhooks(),
  accounts: async () => (await import('./benchmarks/accounts.js')).accounts(),
  effectiveness: async () => (await import('./benchmarks/effectiveness.js')).effectiveness(),
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
  for (const name of chosen) {
    if (!all[name]) throw new Error(`unknown benchmark ${name} (known: ${Object.keys(all).join(', ')})`);
  }
  for (const name of chosen) await all[name]!();
  if (summary.length) {
    console.log('\nGoals:');
    for (const g of summary) console.log(line(g));
    const missed = summary.filter((g) => !g.pass).length;
    console.log(`${summary.length - missed} PASS, ${missed} MISS`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
