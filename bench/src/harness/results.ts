// Goals: each benchmark collects {name, value, unit, goal, pass}; printed, saved to
// bench/results/<name>.json with the host's load average, and summarised at the end of the run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { root } from './built';
import { round } from './stats';

export interface Goal {
  name: string;
  value: number;
  unit: string;
  /** `≤ 150 ms`, `≥ 20 cases/s` */
  goal: string;
  pass: boolean;
  note?: string;
}

const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

/** Every goal of the run, for the summary. */
export const summary: (Goal & { benchmark: string })[] = [];

/** A goal: `value` against `limit` (`≤` by default, `≥` with `atLeast`). */
export function goal(
  goals: Goal[],
  name: string,
  value: number,
  limit: number,
  unit: string,
  { atLeast = false, note }: { atLeast?: boolean; note?: string | undefined } = {},
): Goal {
  const pass = atLeast ? value >= limit : value <= limit;
  const g: Goal = {
    name,
    value: round(value, 3),
    unit,
    goal: `${atLeast ? '≥' : '≤'} ${limit} ${unit}`,
    pass,
  };
  if (note) g.note = note;
  goals.push(g);
  return g;
}

export const line = (g: Goal): string =>
  `  ${g.pass ? 'PASS' : 'MISS'}  ${g.name}: ${g.value} ${g.unit} (goal ${g.goal})${g.note ? ` — ${g.note}` : ''}`;

/** Writes bench/results/<name>.json and prints the result and its goals. */
export function save(name: string, result: Record<string, unknown>, goals: Goal[] = []): void {
  const record = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    loadAverage: loadavg().map((x) => round(x, 2)),
    goals,
    ...result,
  };
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(result)}`);
  for (const g of goals) console.log(line(g));
  summary.push(...goals.map((g) => ({ benchmark: name, ...g })));
}
