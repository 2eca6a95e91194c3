import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Absolute path of the workflow bundle entry, for `Worker.create({ workflowsPath })`: the
 * compiled file in production, the TypeScript source when run from sources (tests).
 * Runs in the worker process, never inside the workflow sandbox.
 */
export const workflowsPath =
  ['workflows.js', 'workflows.ts'].map((f) => join(__dirname, f)).find((f) => existsSync(f)) ??
  join(__dirname, 'workflows.js');

/**
 * How the workflow code is bundled: by the worker at start, for the image (`build:bundle`) and
 * in the tests alike, so that the tests run what production runs.
 */
export const workflowBundlerOptions = {
  /**
   * Loaded once per workflow context and shared by every case it runs, with the libraries it
   * imports (date-holidays and its tables, luxon, zod). The SDK otherwise loads a module again for
   * each case, so that no module state leaks between workflows: about 5 MB of heap per cached
   * case, the public holiday tables above all. Only pure code belongs here: `@relance/domain`
   * keeps nothing per case (its calendar caches are memoised functions of country and year).
   */
  preloadModules: ['@relance/domain'],
  /**
   * The SDK needs the bundle's inline source map (stack traces of workflow code, the Web UI's
   * stack view); the original sources inside it are dead weight: without them the bundle is
   * 6.3 MB instead of 11.9 MB, with the same file:line in every trace.
   */
  webpackConfigHook: <C extends { devtool?: unknown }>(config: C): C => ({
    ...config,
    devtool: 'inline-nosources-source-map',
  }),
};
