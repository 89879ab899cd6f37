// Claude Code journey records on disk: one JSON per version,
// tests/real-clients/records/claude-code-journey/<version>.json (a folder of its
// own, so the matrix's reader does not take them for matrix runs). Read by the
// tests and the compatibility page; written by `npm run compat -- --journey --update`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JourneyRecord, JourneyRun } from './claude-code-journey.ts';

/** What `oauth.scopes` pins in the pinned-scopes run. */
export const PINNED = 'notes:read notes:admin';

export const JOURNEY_DIR = fileURLToPath(
  new URL('../records/claude-code-journey/', import.meta.url),
);

export function readJourneys(dir = JOURNEY_DIR): JourneyRecord[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JourneyRecord)
    .sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/** The run of that version with that id; throws (naming the file) when it was not recorded. */
export function journeyRun(version: string, id: string, dir = JOURNEY_DIR): JourneyRun {
  const record = readJourneys(dir).find((r) => r.version === version);
  if (!record) throw new Error(`no journey record for Claude Code ${version} in ${dir}`);
  const run = record.runs.find((r) => r.id === id);
  if (!run)
    throw new Error(
      `Claude Code ${version}: no run "${id}" in its journey record (${record.runs.map((r) => r.id).join(', ')})`,
    );
  return run;
}

/** The facts a fresh run is compared on (screens, timings and dates vary). */
function facts(run: JourneyRun): Record<string, unknown> {
  return {
    error: Boolean(run.error),
    firstSignIn: run.firstSignIn,
    no403: run.no403,
    offeredReauthenticate: run.offeredReauthenticate,
    refreshAfter403: run.refreshAfter403,
    reauthorization: run.reauthorization,
    consentAfter403: run.consentAfter403,
    revocations: run.revocations,
    autoRetried: run.autoRetried,
    nextCall: run.nextCall?.outcome ?? null,
    credentials: run.credentials,
  };
}

export function describeJourneyChange(
  recorded: JourneyRun | undefined,
  fresh: JourneyRun,
): string[] {
  if (!recorded) return [`no record yet for ${fresh.id}`];
  const before = facts(recorded);
  const now = facts(fresh);
  return Object.keys(now)
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(now[key]))
    .map(
      (key) => `${key}: recorded ${JSON.stringify(before[key])}, now ${JSON.stringify(now[key])}`,
    );
}

/** Writes the record, keeping recorded runs that were not re-run (with --only). */
export function writeJourney(record: JourneyRecord, dir = JOURNEY_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${record.version}.json`);
  const old = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as JourneyRecord)
    : undefined;
  const fresh = new Set(record.runs.map((r) => r.id));
  const kept = (old?.runs ?? []).filter((r) => !fresh.has(r.id));
  const order = (id: string) =>
    [...(old?.runs ?? []), ...record.runs].findIndex((r) => r.id === id);
  const runs = [...kept, ...record.runs].sort((a, b) => order(a.id) - order(b.id));
  // The version's journey time: every run's, re-run or kept.
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  writeFileSync(file, `${JSON.stringify({ ...record, seconds, runs }, null, 2)}\n`);
  return file;
}

/**
 * `npm run compat -- --journey`: runs each version's journey (inside the namespace), compares or
 * writes.
 */
export async function runJourneys(
  versions: string[],
  { update, only }: { update: boolean; only?: string },
): Promise<number> {
  const { launchBrowser, BrowserHook } = await import('./browser.ts');
  const { claudeCodeBin } = await import('./claude-code.ts');
  const { runJourney } = await import('./claude-code-journey.ts');
  const recorded = new Map(readJourneys().map((r) => [r.version, r]));
  const browser = await launchBrowser();
  const hook = await BrowserHook.start();
  const changes: string[] = [];
  try {
    for (const version of versions) {
      const record = await runJourney(await claudeCodeBin(version), version, browser, hook, only);
      console.log(
        `Claude Code ${version}: ${record.runs.length} journey run(s) in ${record.seconds} s`,
      );
      for (const run of record.runs) {
        const changed = describeJourneyChange(
          recorded.get(version)?.runs.find((r) => r.id === run.id),
          run,
        );
        if (changed.length) changes.push(`${version} ${run.id}: ${changed.join('; ')}`);
      }
      if (update) console.log(`wrote ${writeJourney(record)}`);
    }
  } finally {
    await hook.close();
    await browser.close();
  }
  if (!update && changes.length) {
    console.log(
      `\n${changes.length} journey run(s) differ from the records:\n  ${changes.join('\n  ')}\nRe-record: npm run compat -- --journey --update --client claude-code@VERSION`,
    );
    return 1;
  }
  return 0;
}
