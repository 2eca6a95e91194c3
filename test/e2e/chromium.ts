import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium the browser tests drive (Debian's `chromium` package); never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium at CHROMIUM, installed with apt when missing (as root). Throws, naming what to do, when
 * it cannot be: the browser tests fail rather than skip.
 */
export function provisionChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0)
    throw new Error(
      `${CHROMIUM} is missing and this process is not root: install it with \`apt-get install -y chromium\``,
    );
  const apt = (...args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: 'inherit',
      timeout: 15 * 60_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    apt('install', '-y', 'chromium');
  } catch {
    // A fresh machine may not know the package yet.
    apt('update');
    apt('install', '-y', 'chromium');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: provisionChromium(), args: ['--headless', '--no-sandbox'] });
}
