// Playwright for mutation testing (npm run test:mutation): the fast tests of
// the mutated modules (the files named on the command line), no site preview, no traces, stop at the first failure.
import base from './playwright.config.ts';

export default {
  ...base,
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  // A mutation run's sandboxes (.stryker-tmp) hold copies of the tests: not ours to run.
  testIgnore: [
    'node_modules/**',
    new RegExp(`^${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.stryker-tmp/`),
  ],
  webServer: undefined,
  reporter: [['dot']],
  workers: 1,
  maxFailures: 1,
  // Unit tests take well under a second; a mutant that makes one hang (a wait that never ends) dies at 15 s (a browser launch on a busy machine still fits).
  timeout: 15_000,
  use: { ...base.use, trace: 'off' },
};
