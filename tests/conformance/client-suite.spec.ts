// The official MCP conformance suite (@modelcontextprotocol/conformance,
// client mode) against the reference client: every auth scenario must pass,
// with the number of checks each one reports. The suite starts a mock MCP
// server and authorization server per scenario, runs
// examples/conformance/client.ts (bundled: see suite.ts) against it, and writes checks.json per
// scenario; this test reads those files.
import { expect, test } from '../support/fixtures.ts';
import { claims } from '../support/claims.ts';
import { spawnSync } from 'node:child_process';
import { bundledClient, CLIENT, runSuite, SUITE_0_1_16, type SuiteRun } from './suite.ts';

const AUTH_SCENARIOS: Record<string, number> = {
  'auth/metadata-default': 14,
  'auth/metadata-var1': 14,
  'auth/metadata-var2': 14,
  'auth/metadata-var3': 14,
  'auth/basic-cimd': 14,
  'auth/scope-from-www-authenticate': 15,
  'auth/scope-from-scopes-supported': 15,
  'auth/scope-omitted-when-undefined': 15,
  'auth/scope-step-up': 21,
  'auth/scope-retry-limit': 16,
  'auth/token-endpoint-auth-basic': 19,
  'auth/token-endpoint-auth-post': 19,
  'auth/token-endpoint-auth-none': 19,
  'auth/pre-registration': 14,
};

function expectScenariosPass(expected: Record<string, number>, result: SuiteRun) {
  expect(
    [...result.scenarios.keys()].sort(),
    `scenarios the suite ran:\n${result.output.slice(-3000)}`,
  ).toEqual(Object.keys(expected).sort());
  for (const [scenario, successes] of Object.entries(expected)) {
    const checks = result.scenarios.get(scenario)!;
    const problems = checks
      .filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')
      .map((c) => `${c.status} ${c.name}: ${c.errorMessage ?? c.description}`);
    expect.soft(problems, `${scenario}: failed or warned checks`).toEqual([]);
    expect
      .soft(checks.filter((c) => c.status === 'SUCCESS').length, `${scenario}: checks passed`)
      .toBe(successes);
  }
  expect(result.exitCode, `the suite's exit code:\n${result.output.slice(-3000)}`).toBe(0);
}

test.describe('official conformance suite, client mode', () => {
  test.describe.configure({ timeout: 180_000 });

  test(
    'the reference client passes all 14 auth scenarios, with every check',
    claims({
      'conformance.auth-suite':
        'The reference client passes all 14 auth scenarios of the official conformance suite (`@modelcontextprotocol/conformance` 0.1.16, client mode), with no failed or warned check',
    }),
    async ({}, testInfo) => {
      const started = Date.now();
      const result = await runSuite(
        SUITE_0_1_16,
        // --timeout per scenario: 14 Node processes start at once on a busy 2-core machine.
        ['client', '--command', await bundledClient(), '--suite', 'auth', '--timeout', '90000'],
        testInfo.outputPath('auth'),
      );
      testInfo.annotations.push({
        type: 'duration',
        description: `auth suite: ${Date.now() - started} ms`,
      });
      expectScenariosPass(AUTH_SCENARIOS, result);
    },
  );

  // The suite runs the bundle (see bundledClient()); `npm run conformance:client`
  // runs the source. With no URL, the source loads every module it imports
  // (Node strips their types) and then stops at its usage line.
  test('the client also starts from its TypeScript source, as npm run conformance:client runs it', () => {
    const [node, ...args] = CLIENT.split(' ');
    const run = spawnSync(node!, args, { encoding: 'utf8' });
    expect(run.stderr).toContain('usage: node examples/conformance/client.ts <mcp-server-url>');
    expect(run.status).toBe(2);
  });
});
