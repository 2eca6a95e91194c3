import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configRows, renderConfigTable, withTable } from './config-docs';

const repoRoot = join(__dirname, '../..');
const path = join(repoRoot, 'docs/configuration.md');

describe('docs/configuration.md', () => {
  it('describes every variable of the API and worker config schemas', () => {
    const undescribed = configRows()
      .filter((r) => !r.description)
      .map((r) => r.name);
    expect(undescribed, 'add .describe(…) to these schema fields').toEqual([]);
  });

  it('holds the table generated from the config schemas (regenerate: pnpm docs:config)', () => {
    const doc = readFileSync(path, 'utf8');
    const expected = withTable(doc, renderConfigTable());
    if (process.env.WRITE_CONFIG_DOCS === '1') writeFileSync(path, expected);
    else expect(doc).toBe(expected);
  });

  it('names every variable the launcher and the test harness read (packages/devstack)', () => {
    const doc = readFileSync(path, 'utf8');
    const dir = join(repoRoot, 'packages/devstack/src');
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const read = new Set([...sources.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    const general = new Set(['HOME', 'PATH', 'TZ', 'GOFLAGS', 'HOST']);
    for (const name of read) if (!general.has(name)) expect(doc, name).toContain(`\`${name}\``);
  });
});
