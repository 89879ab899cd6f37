// Records on disk: one JSON file per client row, tests/real-clients/records/<clientId>.json,
// an array of runs in scenario order. Read by the tests and the compatibility page.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, type ScenarioName } from '../../../examples/server/scenarios.ts';
import { COMPARED_FIELDS, type CompatRecord } from './record.ts';

export const RECORDS_DIR = fileURLToPath(new URL('../records/', import.meta.url));

export function readRecords(dir = RECORDS_DIR): CompatRecord[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CompatRecord[]);
}

const scenarioOrder = (s: ScenarioName) => Object.keys(SCENARIOS).indexOf(s);

/** Writes the runs of each client, replacing only the scenarios that were re-run. */
export function writeRecords(records: CompatRecord[], dir = RECORDS_DIR): string[] {
  const byClient = Map.groupBy(records, (r) => r.clientId);
  const written: string[] = [];
  for (const [clientId, runs] of byClient) {
    const file = join(dir, `${clientId}.json`);
    let kept: CompatRecord[] = [];
    try {
      kept = (JSON.parse(readFileSync(file, 'utf8')) as CompatRecord[]).filter(
        (old) => !runs.some((r) => r.scenario === old.scenario),
      );
    } catch {
      // first recording of this client
    }
    const all = [...kept, ...runs].sort(
      (a, b) => scenarioOrder(a.scenario) - scenarioOrder(b.scenario),
    );
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
    written.push(file);
  }
  return written;
}

/** What changed between a recorded run and a fresh one, in words; empty when they agree. */
export function describeChange(recorded: CompatRecord | undefined, fresh: CompatRecord): string[] {
  if (!recorded) return [`no record yet for ${fresh.clientId} × ${fresh.scenario}`];
  const changes: string[] = [];
  if (recorded.version !== fresh.version)
    changes.push(`version ${recorded.version} → ${fresh.version}`);
  for (const field of COMPARED_FIELDS) {
    if (recorded[field] !== fresh[field])
      changes.push(
        `${field}: recorded ${JSON.stringify(recorded[field])}, now ${JSON.stringify(fresh[field])}`,
      );
  }
  return changes;
}
