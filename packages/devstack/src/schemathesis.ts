import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onPath, SCHEMATHESIS_VERSION, toolsDir, works } from './tools';

const log = (msg: string) => process.stderr.write(`[tools] ${msg}\n`);

function versionOf(st: string): string | undefined {
  const out = spawnSync(st, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return out.status === 0 ? /version (\S+)/.exec(out.stdout)?.[1] : undefined;
}

/**
 * The Schemathesis CLI (`st`) for the API fuzzing lane: `SCHEMATHESIS_PATH`, else the pinned copy
 * in `.tools/schemathesis-<version>/`, else an `st` on PATH of exactly that version, else
 * `pip install --target` into `.tools/` with a small launcher that runs it on the interpreter
 * that installed it. Throws when there is no Python with pip.
 */
export function ensureSchemathesis(): string {
  const fromEnv = process.env.SCHEMATHESIS_PATH;
  if (fromEnv) return fromEnv;
  const dir = join(toolsDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const launcher = join(dir, 'st');
  if (existsSync(launcher)) return launcher;
  const path = onPath('st');
  if (path && versionOf(path) === SCHEMATHESIS_VERSION) return path;

  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error('No Schemathesis: set SCHEMATHESIS_PATH, or install Python 3 with pip.');
  // The real interpreter, not a version-manager shim: the packages are built for this one.
  const interpreter = execFileSync(python, ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    log(`installing schemathesis==${SCHEMATHESIS_VERSION} into ${dir} …`);
    execFileSync(
      interpreter,
      [
        ...['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q'],
        ...['--target', join(staging, 'lib'), `schemathesis==${SCHEMATHESIS_VERSION}`],
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
    // Relative to its own folder, so the launcher survives the rename below.
    writeFileSync(
      join(staging, 'st'),
      [
        '#!/bin/sh',
        `# Schemathesis ${SCHEMATHESIS_VERSION}, installed by @relance/devstack for ${interpreter}`,
        'here="$(cd "$(dirname "$0")" && pwd)"',
        `PYTHONPATH="$here/lib\${PYTHONPATH:+:$PYTHONPATH}" exec "${interpreter}" -m schemathesis.cli "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(join(staging, 'st'), 0o755);
    if (!works(join(staging, 'st'), ['--version'])) throw new Error('the installed `st --version` fails');
    renameSync(staging, dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    // Another process may have finished the same install first.
    if (existsSync(launcher)) return launcher;
    throw new Error(
      `No Schemathesis: installing schemathesis==${SCHEMATHESIS_VERSION} failed (${(err as Error).message}); ` +
        'set SCHEMATHESIS_PATH to an `st` executable.',
      { cause: err },
    );
  }
  return launcher;
}
