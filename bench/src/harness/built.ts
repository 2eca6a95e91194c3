import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository's root (this file runs from bench/dist/harness). */
export const root = join(__dirname, '..', '..', '..');

/**
 * A module of the build output, by its path from the root: the apps export nothing by name, and
 * the workflow test harness is no exported subpath. `T` is the type of its source module.
 */
export async function built<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, path)).href)) as T;
}
