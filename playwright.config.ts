// One Playwright run for everything: unit tests beside the examples
// (*.test.ts) and browser tests in tests/ (*.spec.ts).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './scripts/lib/chromium.ts';

const executablePath = chromiumExecutable();
// Another port lets two checkouts run their tests side by side.
const previewPort = Number(process.env.PREVIEW_PORT ?? 4329);

// A mutation run's sandboxes (.stryker-tmp) hold copies of the tests: not ours to run.
const IGNORE = [
  'node_modules/**',
  new RegExp(`^${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.stryker-tmp/`),
];
/** The tests that read the built site; the others start the servers they need. */
const SITE_TESTS = ['tests/site/**/*.spec.ts'];

export default defineConfig({
  testDir: '.',
  testMatch: [
    'tests/**/*.spec.ts',
    'tests/**/*.test.ts',
    'examples/**/*.test.ts',
    'scripts/**/*.test.ts',
    'src/**/*.test.ts',
  ],
  testIgnore: IGNORE,
  // Two projects, so npm test can start the tests that need no site before
  // the build is done (--project main), and the site's after it (--project site).
  projects: [
    { name: 'main', testIgnore: [...IGNORE, ...SITE_TESTS], outputDir: 'test-results/main' },
    { name: 'site', testMatch: SITE_TESTS, outputDir: 'test-results/site' },
  ],
  // Two cores: the servers each test starts and Chromium share them.
  workers: process.env.CI ? 2 : undefined,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['./tests/support/summary-reporter.ts']],
  // The built site (npm run build), for the page tests. SITE_TESTS=0 (test:quick)
  // skips it when only unit and example tests run.
  webServer:
    process.env.SITE_TESTS === '0'
      ? undefined
      : {
          command: `node node_modules/astro/bin/astro.mjs preview --port ${previewPort} --host 127.0.0.1`,
          url: `http://127.0.0.1:${previewPort}/`,
          reuseExistingServer: !process.env.CI,
          stdout: 'ignore',
        },
  use: {
    baseURL: `http://127.0.0.1:${previewPort}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      // Quiet on a machine with no network, fast to start.
      args: CHROMIUM_ARGS,
    },
    // A failed test keeps its trace (actions, console, network and errors)
    // where someone can open it: locally, and as GitHub's test-results
    // artifact. Other CI (.ci/run) throws its clone away, trace and all, so
    // it records none: tracing costs a twentieth of the main project's CPU.
    // DOM snapshots and screenshots would cost a fifth on every passing test;
    // for them, rerun the failing test with --trace on.
    trace:
      process.env.CI && !process.env.GITHUB_ACTIONS
        ? 'off'
        : { mode: 'retain-on-failure', screenshots: false, snapshots: false },
  },
});
