// Named server behaviours that reproduce, on demand, each step-up edge case
// users of real MCP clients have hit. Pick one with `--scenario NAME` (or
// SCENARIO=NAME); `full-set` is what a well-behaved server does.

export const SCENARIOS = {
  'full-set':
    'Correct server: the 403 names every scope the call needs plus the scopes the token already has.',
  'delta-only': 'The 403 names only the scopes the token lacks (allowed since MCP 2026-07-28).',
  'held-scope':
    'The first login grants notes:read and notes:write; the server then asks for renewed consent by naming scopes the token already holds.',
  'no-scope': 'The 403 says insufficient_scope but carries no scope parameter.',
  'other-error': 'The 403 carries error="access_denied": not a scope problem, so no step-up.',
  repeat: 'The 403 repeats after re-consent (the server checks a scope it never names).',
  'moving-target': 'Every 403 names a different missing scope.',
  'changed-metadata': 'The 403 points at a new protected resource metadata document.',
  'mismatched-metadata': 'The 403 points at metadata whose resource is a different server.',
  'jsonrpc-error': 'Insufficient scope is reported as a JSON-RPC error inside HTTP 200.',
  'short-lived-token':
    'The first access token lives 2 seconds, so a later call gets 401 invalid_token; refreshed tokens live an hour.',
} as const;

export type ScenarioName = keyof typeof SCENARIOS;

export function parseScenario(value: string | undefined): ScenarioName {
  if (value === undefined || value === '') return 'full-set';
  if (Object.hasOwn(SCENARIOS, value)) return value as ScenarioName;
  throw new Error(
    `Unknown scenario "${value}". Known scenarios: ${Object.keys(SCENARIOS).join(', ')}`,
  );
}
