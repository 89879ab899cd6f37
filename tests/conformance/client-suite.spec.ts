// The official MCP conformance suite (@modelcontextprotocol/conformance,
// client mode) against the reference client: every auth scenario must pass,
// with the number of checks each one reports. The suite starts a mock MCP
// server and authorization server per scenario, runs
// examples/conformance/client.ts against it, and writes checks.json per
// scenario; this test reads those files.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures.ts';
import { claims } from '../support/claims.ts';

const NODE = 'node_modules/.bin/node'; // Node 22, as the suite and the client need
const SUITE = 'node_modules/@modelcontextprotocol/conformance/dist/index.js';
const CLIENT = `${NODE} examples/conformance/client.ts`;

interface Check {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  description?: string;
  errorMessage?: string;
}

/** SUCCESS checks each scenario reports for this client with conformance 0.1.16. */
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

/** Runs one suite in parallel (the suite's own --suite mode) and returns each scenario's checks. */
async function runSuite(
  suite: string,
  outputDir: string,
): Promise<{ exitCode: number | null; output: string; scenarios: Map<string, Check[]> }> {
  // --timeout per scenario: 14 Node processes start at once on a busy 2-core machine.
  const child = spawn(
    NODE,
    [SUITE, 'client', '--command', CLIENT, '--suite', suite, '--timeout', '90000', '-o', outputDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const scenarios = new Map<string, Check[]>();
  // Results are written as <outputDir>/auth/<scenario>-<timestamp>/checks.json.
  for (const dir of await readdir(join(outputDir, 'auth')).catch(() => [])) {
    const name = `auth/${dir.replace(/-\d{4}-\d{2}-\d{2}T.*$/, '')}`;
    scenarios.set(
      name,
      JSON.parse(await readFile(join(outputDir, 'auth', dir, 'checks.json'), 'utf8')) as Check[],
    );
  }
  return { exitCode, output, scenarios };
}

function expectScenariosPass(
  expected: Record<string, number>,
  result: Awaited<ReturnType<typeof runSuite>>,
) {
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
      const result = await runSuite('auth', testInfo.outputPath('auth'));
      testInfo.annotations.push({
        type: 'duration',
        description: `auth suite: ${Date.now() - started} ms`,
      });
      expectScenariosPass(AUTH_SCENARIOS, result);
    },
  );
});
