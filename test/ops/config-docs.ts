import { ApiEnv } from '../../apps/api/src/config';
import { WorkerEnv } from '../../apps/worker/src/config';

/**
 * The table of every variable the API and the worker read, rendered from their config schemas
 * (name, which app, description, default), for docs/configuration.md. A variable both apps read
 * is described once, in whichever schema carries the description (the API's for shared ones).
 */
export const BEGIN = '<!-- generated from the config schemas by `pnpm docs:config`: do not edit by hand -->';
export const END = '<!-- end of the generated table -->';

/** What the renderer reads of a zod 4 schema field. */
interface Field {
  def: unknown;
  description?: string;
  safeParse(value: unknown): { success: boolean };
}

interface Row {
  name: string;
  apps: string[];
  description?: string;
  fallback: string;
}

function fallback(field: Field): string {
  const def = field.def as { type: string; defaultValue?: unknown };
  if (def.type === 'default') return `\`${String(def.defaultValue)}\``;
  return field.safeParse(undefined).success ? 'unset' : '**required**';
}

export function configRows(): Row[] {
  const rows = new Map<string, Row>();
  for (const [app, schema] of [
    ['api', ApiEnv],
    ['worker', WorkerEnv],
  ] as const) {
    for (const [name, field] of Object.entries(schema.shape as Record<string, Field>)) {
      const row = rows.get(name) ?? { name, apps: [], fallback: fallback(field) };
      row.apps.push(app);
      row.description ??= field.description;
      rows.set(name, row);
    }
  }
  return [...rows.values()];
}

export function renderConfigTable(rows: Row[] = configRows()): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    BEGIN,
    '',
    '| variable | app | meaning | default |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| \`${r.name}\` | ${r.apps.join(', ')} | ${cell(r.description ?? '')} | ${cell(r.fallback)} |`,
    ),
    '',
    END,
  ].join('\n');
}

/** `doc` with its generated table replaced by `table`. */
export function withTable(doc: string, table: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md lacks the markers ${BEGIN} … ${END}`);
  return doc.slice(0, start) + table + doc.slice(end + END.length);
}
