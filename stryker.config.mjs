// Mutation testing (npm run test:mutation, see scripts/mutation.ts): StrykerJS
// changes the pure and security-relevant modules one small edit at a time and
// runs their fast tests (Playwright, no site, no servers) against each change.
// A mutant that no test notices "survives"; the report lists them.
//
// The command runner runs one command for every mutant, so each group of
// modules gets only its own tests: MUTATION_GROUP picks the group.

/** Each group: the modules mutated, and the test files that should catch them. */
export const GROUPS = {
  decide: {
    mutate: ['examples/client/decide.ts', 'examples/client/challenge.ts'],
    // The fast unit tests that call decide() and parseChallenges(); not decide.fuzz.test.ts (10,000 runs a property, too slow per mutant).
    tests: [
      'examples/client/decide.test.ts',
      'examples/client/challenge.test.ts',
      'src/lib/decision-table.test.ts',
      'src/lib/explainer-samples.test.ts',
    ],
  },
  callback: {
    mutate: ['examples/client/callback.ts'],
    tests: [
      'examples/client/callback.test.ts',
      'tests/protections/callback-receiver.spec.ts',
      'tests/protections/client.spec.ts --grep "callback receiver|paste|callback URL"',
    ],
  },
  transcript: {
    mutate: ['examples/client/transcript.ts'],
    tests: ['examples/client/transcript.test.ts'],
  },
  'scope-policy': {
    mutate: ['examples/server/scope-policy.ts'],
    tests: ['examples/server/scope-policy.test.ts'],
  },
  'consent-page': {
    mutate: ['examples/server/consent-page.ts'],
    // The HTML checks first (no browser, so most mutants die in a second), then what a person reads in Chromium.
    tests: ['examples/server/consent-page.test.ts', 'tests/protections/consent-screen.spec.ts'],
  },
};

const group = GROUPS[process.env.MUTATION_GROUP ?? 'decide'];
if (!group) throw new Error(`MUTATION_GROUP must be one of ${Object.keys(GROUPS).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: group.mutate,
  testRunner: 'command',
  commandRunner: {
    command: `node node_modules/@playwright/test/cli.js test --config playwright.mutation.config.ts ${group.tests.join(' ')}`,
  },
  coverageAnalysis: 'off',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${process.env.MUTATION_GROUP ?? 'decide'}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: [
    'dist',
    'test-results',
    'playwright-report',
    'reports',
    '.astro',
    '.stryker-tmp',
  ],
  thresholds: { high: 90, low: 80, break: null },
};
