import type { DataSource } from 'typeorm';
import { RatesService } from './rates.service';
import { RateFigureBodySchema } from './schemas';

// `rates add` / `rates list` of the API CLI: the same validation and storage as POST/GET /v1/admin/rates.

export const RATES_USAGE = `  node apps/api/dist/cli.js rates add <table> <effectiveFrom> <percent> [--source <text>] [--replace]
  node apps/api/dist/cli.js rates list
      <table>: ecb | boe | fr-legal-other | fr-legal-individuals; e.g. rates add ecb 2026-07-01 2.15
`;

const FLAGS_WITH_VALUE = ['--source'];

/** Runs `rates <action> …`; `usage` builds the CLI's usage error (exit 2, usage printed). */
export async function ratesCommand(
  db: DataSource,
  action: string | undefined,
  args: string[],
  usage: (message: string) => Error,
): Promise<string> {
  const rates = new RatesService(db);
  if (action === 'list') return formatList(await rates.view());
  if (action !== 'add') throw usage(`unknown command: rates ${action ?? ''}`.trim());
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && !FLAGS_WITH_VALUE.includes(args[i - 1] ?? ''),
  );
  const [table, effectiveFrom, percent, ...extra] = positional;
  if (!table || !effectiveFrom || !percent || extra.length > 0)
    throw usage('rates add needs <table> <effectiveFrom> <percent>, e.g. rates add ecb 2026-07-01 2.15');
  const source = args.includes('--source') ? args[args.indexOf('--source') + 1] : undefined;
  const parsed = RateFigureBodySchema.safeParse({
    table,
    effectiveFrom,
    percent,
    ...(source !== undefined ? { source } : {}),
    ...(args.includes('--replace') ? { replace: true } : {}),
  });
  if (!parsed.success)
    throw usage(parsed.error.issues.map((i) => `${i.path.join('.') || 'figure'}: ${i.message}`).join('\n'));
  const result = await rates.add(parsed.data, 'cli');
  if (result.outcome === 'conflict') {
    const { existing } = result;
    throw usage(
      `${existing.table} on ${existing.effectiveFrom} is already ${existing.percent} % (added by ${existing.createdBy}); ` +
        'add --replace to correct it',
    );
  }
  const { figure } = result;
  return (
    `${result.outcome}: ${figure.table} ${figure.effectiveFrom} ${figure.percent} %. ` +
    'Penalties computed from now on use it (running processes within 30 s).'
  );
}

function formatList(view: Awaited<ReturnType<RatesService['view']>>): string {
  const figures = view.figures.length
    ? view.figures.map((f) =>
        [
          f.table.padEnd(21),
          f.effectiveFrom,
          f.percent.padStart(6),
          f.createdBy.padEnd(9),
          f.source ?? '',
        ].join('  '),
      )
    : ['(no operator figures: the shipped tables apply)'];
  const tables = view.tables.map((t) =>
    [
      t.table.padEnd(21),
      t.latest ? `latest ${t.latest.percent} % from ${t.latest.effectiveFrom}` : 'empty',
      `verified through ${t.verifiedThrough}`,
      ...(t.confirmed.length ? [`confirmed ${t.confirmed.join(', ')}`] : []),
    ].join('  '),
  );
  return ['operator figures:', ...figures, '', 'tables as penalties use them:', ...tables].join('\n');
}
