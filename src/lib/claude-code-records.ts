// Claude Code's recorded headless runs (tests/real-clients/records/claude-code-<version>.json),
// read as the facts the pages state: which version refreshed, what the user saw,
// which scopes the first sign-in asked for. The pages' version badges for these
// facts are computed here from the records, so they cannot say another version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompatRecord } from '../../tests/real-clients/harness/record.ts';
import type { ScenarioName } from '../../examples/server/scenarios.ts';

/** The Claude Code versions with a headless record, oldest first. */
export const CC_VERSIONS = ['2.1.117', '2.1.118', '2.1.332'] as const;
export type CcVersion = (typeof CC_VERSIONS)[number];

export const ccRecordFile = (version: string): string =>
  `tests/real-clients/records/claude-code-${version}.json`;

/** One recorded run of a Claude Code version in a scenario. */
export function ccRun(version: string, scenario: ScenarioName, root = process.cwd()): CompatRecord {
  const runs = JSON.parse(
    readFileSync(join(root, ccRecordFile(version)), 'utf8'),
  ) as CompatRecord[];
  const run = runs.find((r) => r.scenario === scenario);
  if (!run) throw new Error(`${ccRecordFile(version)} has no ${scenario} run`);
  return run;
}

/** Orders dotted versions numerically: 2.1.117 before 2.1.118 before 2.1.332. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++)
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The first recorded version that no longer refreshes on a held-scope
 * challenge, when every recorded version before it did and none after it does:
 * the version the held-scope fix badge shows. Undefined when the records show
 * no such change.
 */
export function heldScopeFixVersion(root = process.cwd()): string | undefined {
  const refreshes = CC_VERSIONS.map((v) => ccRun(v, 'held-scope', root).refreshAfter403 > 0);
  const first = refreshes.indexOf(false);
  if (
    first <= 0 ||
    refreshes.slice(0, first).includes(false) ||
    refreshes.slice(first).includes(true)
  )
    return undefined;
  return CC_VERSIONS[first];
}

/** The scopes of the first authorization request the browser made in a run (the first sign-in). */
export function signInScopes(run: CompatRecord): string[] {
  const line = run.transcript.find((l) => /^browser → AS\s+GET \/auth /.test(l));
  const scope = line?.match(/scope="([^"]*)"/)?.[1];
  return scope ? scope.split(' ') : [];
}

/** The scope of the 403 challenge a run met, if any. */
export function challengedScope(run: CompatRecord): string | undefined {
  const line = run.transcript.find((l) => l.includes('← 403') && l.includes('insufficient_scope'));
  return line?.match(/ scope="([^"]*)"/)?.[1];
}
