// One Playwright run for everything: unit tests beside the examples
// (*.test.ts) and browser tests in tests/ (*.spec.ts).
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

/** Playwright's own Chromium if installed, else a system one (Debian's `chromium`). */
function chromiumExecutable(): string | undefined {
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
      '  npx playwright install chromium     (Playwright\'s own browser)\n' +
      '  sudo apt-get install chromium       (Debian/Ubuntu system browser)\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.\n',
  );
  process.exit(1);
}

const executablePath = chromiumExecutable();

export default defineConfig({
  testDir: '.',
  testMatch: ['tests/**/*.spec.ts', 'examples/**/*.test.ts'],
  testIgnore: ['node_modules/**'],
  // Two cores: the servers each test starts and Chromium share them.
  workers: process.env.CI ? 2 : undefined,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['./tests/support/summary-reporter.ts']],
  // The built site (npm run build), for the page tests.
  webServer: {
    command: 'node node_modules/astro/bin/astro.mjs preview --port 4329 --host 127.0.0.1',
    url: 'http://127.0.0.1:4329/',
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
  },
  use: {
    baseURL: 'http://127.0.0.1:4329',
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      // Quiet on a machine with no network, fast to start.
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
    trace: 'retain-on-failure',
  },
});
