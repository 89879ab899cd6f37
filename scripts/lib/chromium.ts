// Finds a Chromium for Playwright: its own download if installed, else a
// system browser (Debian's `chromium`), else stops with how to get one.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** undefined means "Playwright's own browser". */
export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // not installed: look for a system browser
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  console.error(
    '\nNo Chromium found for the browser tests. Get one with either:\n' +
      "  npx playwright install chromium     (Playwright's own browser)\n" +
      '  sudo apt-get install chromium       (Debian/Ubuntu system browser)\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.\n',
  );
  process.exit(1);
}
