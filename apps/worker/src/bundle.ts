import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsPath } from '@relance/workflows';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where `pnpm --filter @relance/worker build:bundle` writes the bundle the image ships. */
export const DEFAULT_BUNDLE_PATH = join(__dirname, 'workflow-bundle.js');

/**
 * Bundles the workflow code ahead of time (webpack, as the worker would at start), so a
 * production worker loads it with `RELANCE_WORKFLOW_BUNDLE` and starts in a second instead of
 * compiling, and every replica runs byte-identical workflow code.
 */
export async function buildWorkflowBundle(
  outPath: string = DEFAULT_BUNDLE_PATH,
): Promise<{ path: string; bytes: number }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: new DefaultLogger('WARN'),
    ...workflowBundlerOptions,
  });
  const path = resolve(outPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  return { path, bytes: Buffer.byteLength(code) };
}

if (require.main === module) {
  buildWorkflowBundle(process.argv[2]).then(
    ({ path, bytes }) =>
      process.stdout.write(`workflow bundle written to ${path} (${Math.round(bytes / 1024)} KiB)\n`),
    (err: unknown) => {
      process.stderr.write(
        `workflow bundle failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
