// Shared by the client tests: a run of one client against one scenario, in
// the worker's browser and through its loopback hook (tests/support/fixtures.ts),
// and the comparison with its committed record.
import { expect } from '../support/fixtures.ts';
import { OPEN_SOURCE_ADAPTERS } from './harness/adapters/index.ts';
import type { BrowserHook } from './harness/browser.ts';
import { runOne } from './harness/harness.ts';
import { recordKey, type CompatRecord } from './harness/record.ts';
import { describeChange, readRecords } from './harness/records.ts';
import type { ScenarioName } from '../../examples/server/scenarios.ts';

const recorded = new Map(readRecords().map((r) => [recordKey(r), r]));

export { expect, test } from '../support/fixtures.ts';

export function adapter(id: string) {
  const found = OPEN_SOURCE_ADAPTERS.find((a) => a.id === id);
  if (!found)
    throw new Error(
      `No client adapter "${id}"; known: ${OPEN_SOURCE_ADAPTERS.map((a) => a.id).join(', ')}`,
    );
  return found;
}

/** Runs the client through the scenario and fails, saying what changed, if it no longer does what its record says. */
export async function runAndCompare(
  { browser, hook }: { browser: import('@playwright/test').Browser; hook: BrowserHook },
  clientId: string,
  scenario: ScenarioName,
): Promise<CompatRecord> {
  const client = adapter(clientId);
  const fresh = await runOne(client, scenario, browser, hook);
  const changes = describeChange(recorded.get(recordKey(fresh)), fresh);
  const name = `${client.client} ${client.version}${client.variant ? ` (${client.variant})` : ''} × ${scenario}`;
  expect(
    changes,
    [
      `${name} no longer behaves as recorded in tests/real-clients/records/${clientId}.json:`,
      ...changes.map((c) => `  ${c}`),
      `If the client really changed, re-record and review the diff (the compatibility page shows it):`,
      `  npm run compat -- --update --client ${clientId} --scenario ${scenario}`,
      `What the user saw: ${fresh.userSees}`,
      'What the servers saw:',
      ...fresh.transcript.map((l) => `  ${l}`),
    ].join('\n'),
  ).toEqual([]);
  return fresh;
}
