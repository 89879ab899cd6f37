// Finds a Chromium for Playwright: its own download if installed, else a
// system browser, else stops with how to get one. Of the system ones the
// headless shell comes first: it is what Playwright itself runs for headless
// tests, and without the full browser's window machinery a page load costs it
// about half the CPU (`npm run bench -- test` went from 142 s to 105 s on 2 cores).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found for the browser tests. Get one with either:\n' +
  "  npx playwright install chromium                (Playwright's own browser)\n" +
  '  sudo apt-get install chromium-headless-shell   (Debian system browser; or chromium)\n' +
  'or point CHROMIUM_PATH at a Chromium or Chrome binary.';

export type ChromiumLookup =
  { kind: 'playwright' } | { kind: 'system'; path: string } | { kind: 'missing'; message: string };

export function findChromium(
  options: {
    env?: NodeJS.ProcessEnv;
    playwrightBrowser?: () => string;
    candidates?: readonly string[];
    exists?: (path: string) => boolean;
  } = {},
): ChromiumLookup {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH)
      ? { kind: 'system', path: env.CHROMIUM_PATH }
      : {
          kind: 'missing',
          message: `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, but no file is there.\n${NO_CHROMIUM_MESSAGE}`,
        };
  }
  try {
    if (exists((options.playwrightBrowser ?? (() => chromium.executablePath()))()))
      return { kind: 'playwright' };
  } catch {
    // Playwright's browser is not installed: look for a system one.
  }
  const found = (options.candidates ?? SYSTEM_CANDIDATES).find((path) => exists(path));
  return found
    ? { kind: 'system', path: found }
    : { kind: 'missing', message: NO_CHROMIUM_MESSAGE };
}

/** The executablePath for Playwright (undefined: its own browser); exits with help when none. */
export function chromiumExecutable(): string | undefined {
  const lookup = findChromium();
  if (lookup.kind === 'missing') {
    console.error(`\n${lookup.message}\n`);
    process.exit(1);
  }
  return lookup.kind === 'system' ? lookup.path : undefined;
}
