// Every open-source client against every scenario, compared with the records
// the compatibility page shows: a release that changes behaviour fails here,
// naming the client, the scenario and what changed. The combinations
// known-behaviour.spec.ts asserts in words are not run twice.
import { OPEN_SOURCE_ADAPTERS } from './harness/adapters/index.ts';
import { SCENARIOS, type ScenarioName } from '../../examples/server/scenarios.ts';
import { runAndCompare, test } from './support.ts';

const COVERED_ELSEWHERE = new Set([
  'sdk-1.32.2-refresh full-set',
  'sdk-1.32.2-refresh held-scope',
  'sdk-1.32.2-no-refresh full-set',
  'sdk-1.32.2-no-refresh delta-only',
  'sdk-1.22.0-no-refresh full-set',
  'client-2.4.0-refresh full-set',
  'client-2.4.0-refresh delta-only',
  'client-2.4.0-refresh held-scope',
  'mcp-remote-0.15.1 full-set',
  'mcp-remote-0.15.1 held-scope',
  'reference full-set',
  'reference delta-only',
  'reference held-scope',
  'reference no-scope',
]);

test.describe.configure({ mode: 'parallel', timeout: 90_000 });

for (const client of OPEN_SOURCE_ADAPTERS) {
  for (const scenario of Object.keys(SCENARIOS) as ScenarioName[]) {
    if (COVERED_ELSEWHERE.has(`${client.id} ${scenario}`)) continue;
    test(
      `${client.id} × ${scenario} behaves as recorded`,
      { tag: ['@compat'] },
      async ({ browser, hook }) => {
        await runAndCompare({ browser, hook }, client.id, scenario);
      },
    );
  }
}
