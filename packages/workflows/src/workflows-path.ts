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
