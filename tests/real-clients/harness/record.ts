// One record per run of one client against one server scenario: what the
// client did, counted on the server side, and what the user would have seen.
import type { ScenarioName } from '../../../examples/server/scenarios.ts';

/**
 * works: the step-up call succeeded.
 * stops: the call was refused with an error after a bounded number of consents
 *        (right for a scenario no client can satisfy; wrong where one can).
 * fails: the call was refused in a scenario a correct client completes, or sign-in failed.
 * loops: the harness had to stop the client (consent or request cap, or timeout).
 */
export type Outcome = 'works' | 'stops' | 'fails' | 'loops';

/** Scenarios a correct client completes; in the others the right answer is to stop. */
export const SATISFIABLE: ReadonlySet<ScenarioName> = new Set<ScenarioName>([
  'full-set',
  'delta-only',
  'held-scope',
  'no-scope',
  'changed-metadata',
  'short-lived-token',
]);

export interface CompatRecord {
  /** Adapter id, e.g. "sdk-1.32.2-refresh". Stable: records are compared by it. */
  clientId: string;
  client: string;
  version: string;
  /** What sets this row apart, e.g. "holds a refresh token". */
  variant?: string;
  scenario: ScenarioName;
  outcome: Outcome;
  /** Consent screens the user saw (and approved) in the whole run. */
  consentScreens: number;
  /** Authorization requests opened in the browser (including ones approved without a screen). */
  browserRoundTrips: number;
  /** refresh_token grants the authorization server handled after the first 403. */
  refreshAfter403: number;
  /** Requests the client sent to either server from the first 403 up to the successful retry (null: no success). */
  requestsAfter403: number | null;
  /** Milliseconds from the first 403 to the successful retry's response (null: no success or no 403). */
  msAfter403: number | null;
  /** What the user would read: the tool result or the client's error, trimmed. */
  userSees: string;
  /** Server-side log of the run, no secrets: who asked what and what the servers answered. */
  transcript: string[];
  date: string;
}

/** The fields a test compares with a fresh run (timing and dates vary). */
export const COMPARED_FIELDS = [
  'outcome',
  'consentScreens',
  'browserRoundTrips',
  'refreshAfter403',
] as const;

export function recordKey(record: Pick<CompatRecord, 'clientId' | 'scenario'>): string {
  return `${record.clientId} × ${record.scenario}`;
}
