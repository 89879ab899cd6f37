// The reference server's scenarios: which tool calls each one refuses, and
// how it says so. The bearer middleware asks this policy about every tool
// call; the well-behaved `full-set` scenario is bearer-middleware.ts's
// fullSetPolicy, unchanged. Everything else here reproduces a server that
// real users have met, on purpose.
import {
  fullSetPolicy,
  type ChallengeParams,
  type ToolPolicy,
  type ToolVerdict,
} from './bearer-middleware.ts';
import type { ConsentFreshness } from './consent-freshness.ts';
import type { ScenarioName } from './scenarios.ts';
import { BASELINE_SCOPES, SCOPES_SUPPORTED, TOOL_SCOPES } from './scopes.ts';

/** held-scope: consent given before `consentRequiredAfter` (ms) must be renewed; shared with the authorization server. */
export type ScenarioState = ConsentFreshness;

/** Scopes the first 401 asks for. */
export function baselineScopes(scenario: ScenarioName): readonly string[] {
  return scenario === 'held-scope' ? ['notes:read', 'notes:write'] : BASELINE_SCOPES;
}

// #region first-sign-in
/**
 * The protected resource metadata's scopes_supported. Some clients (Claude
 * Code, the Inspector) sign in for every scope listed there, whatever the 401
 * names; listing the elevated scopes would hand them out at the first sign-in
 * and no step-up would ever happen. RFC 9728 §2 lets a resource leave scopes
 * out, so it lists what a first sign-in may take; the 403 challenges and the
 * authorization server's metadata name the rest. The no-scope scenario keeps
 * them all: there, scopes_supported is the only place a client can find them.
 */
export function firstSignInScopes(scenario: ScenarioName): readonly string[] {
  return scenario === 'no-scope' ? SCOPES_SUPPORTED : baselineScopes(scenario);
}
// #endregion first-sign-in

const inSupportedOrder = (scopes: Iterable<string>): string[] => {
  const set = new Set(scopes);
  return SCOPES_SUPPORTED.filter((s) => set.has(s));
};

/** What the scenario answers for one tool call; pure, so unit tests can drive it. */
export type ScopeVerdict =
  | { allowed: true }
  /** Answer with HTTP 403 and this Bearer challenge; `metadata` points the challenge at other metadata. */
  | { allowed: false; status: 403; challenge: ChallengeParams; metadata?: 'changed' | 'mismatched' }
  /** Answer with HTTP 200 and a JSON-RPC error (the `jsonrpc-error` scenario only). */
  | { allowed: false; status: 200; message: string; scope: string };

export interface ToolCall {
  tool: string;
  tokenScopes: ReadonlySet<string>;
  /** When the user last consented to this grant, in ms; from the token. */
  consentedAt: number | undefined;
}

export function checkToolScopes(
  scenario: ScenarioName,
  state: ScenarioState,
  call: ToolCall,
  now = Date.now(),
): ScopeVerdict {
  const declared = TOOL_SCOPES.get(call.tool) ?? [];
  const write = call.tool === 'add_note';
  // What the server really checks; in some scenarios more than it declares.
  const checked =
    write && scenario === 'repeat'
      ? [...declared, 'notes:admin']
      : write && scenario === 'moving-target'
        ? SCOPES_SUPPORTED
        : declared;
  const missing = checked.filter((s) => !call.tokenScopes.has(s));
  const description = (names: readonly string[]) => `${call.tool} requires ${names.join(' and ')}`;

  // #region held-scope
  if (write && scenario === 'held-scope' && missing.length === 0) {
    // The first write marks the moment before which consent no longer counts;
    // the authorization server shares this state and re-prompts (consent-freshness.ts).
    state.consentRequiredAfter ??= now;
    if ((call.consentedAt ?? 0) <= state.consentRequiredAfter) {
      return {
        allowed: false,
        status: 403,
        challenge: {
          error: 'insufficient_scope',
          scope: inSupportedOrder([...call.tokenScopes, ...declared]).join(' '),
          error_description: `${call.tool} requires renewed consent for ${declared.join(' and ')}`,
        },
      };
    }
    return { allowed: true };
  }
  // #endregion held-scope
  if (missing.length === 0) return { allowed: true };

  const held = [...call.tokenScopes].filter((s) =>
    (SCOPES_SUPPORTED as readonly string[]).includes(s),
  );
  switch (scenario) {
    case 'jsonrpc-error':
      return {
        allowed: false,
        status: 200,
        message: `insufficient_scope: ${description(declared)}`,
        scope: missing.join(' '),
      };
    case 'other-error':
      return {
        allowed: false,
        status: 403,
        challenge: {
          error: 'access_denied',
          error_description: 'Notes are read-only for this account',
        },
      };
    case 'no-scope':
      return {
        allowed: false,
        status: 403,
        challenge: { error: 'insufficient_scope', error_description: description(declared) },
      };
    case 'delta-only':
      return {
        allowed: false,
        status: 403,
        challenge: {
          error: 'insufficient_scope',
          scope: missing.join(' '),
          error_description: description(missing),
        },
      };
    case 'moving-target':
      // Names one missing scope at a time, so every retry meets a new one.
      return {
        allowed: false,
        status: 403,
        challenge: {
          error: 'insufficient_scope',
          scope: missing[0]!,
          error_description: description([missing[0]!]),
        },
      };
    case 'repeat':
      // Names what it declares, not what it checks: re-consent cannot help.
      return {
        allowed: false,
        status: 403,
        challenge: {
          error: 'insufficient_scope',
          scope: inSupportedOrder([...held, ...declared]).join(' '),
          error_description: description(declared),
        },
      };
    // #region full-set
    default: {
      // The well-behaved server: bearer-middleware.ts's fullSetPolicy, as is.
      const verdict = fullSet({ tool: call.tool, token: { scopes: call.tokenScopes, claims: {} } });
      if (verdict.allowed || verdict.status !== 403) return { allowed: true }; // fullSetPolicy answers 403 or allows
      if (scenario === 'changed-metadata') return { ...verdict, metadata: 'changed' };
      if (scenario === 'mismatched-metadata') return { ...verdict, metadata: 'mismatched' };
      return verdict;
    }
    // #endregion full-set
  }
}

const fullSet = fullSetPolicy(TOOL_SCOPES, SCOPES_SUPPORTED);

export interface MetadataUrls {
  /** Where the changed-metadata scenario's 403 points. */
  changed: string;
  /** Where the mismatched-metadata scenario's 403 points: another server's document. */
  mismatched: string;
}

/** The scenario as the bearer middleware's tool policy. */
export function scenarioPolicy(
  scenario: ScenarioName,
  state: ScenarioState,
  urls: MetadataUrls,
): ToolPolicy {
  return ({ tool, token }): ToolVerdict => {
    const verdict = checkToolScopes(scenario, state, {
      tool,
      tokenScopes: token.scopes,
      consentedAt: token.claims.consented_at,
    });
    if (verdict.allowed) return verdict;
    if (verdict.status === 200)
      return {
        allowed: false,
        status: 200,
        message: verdict.message,
        data: { error: 'insufficient_scope', scope: verdict.scope },
      };
    const { metadata, ...answer } = verdict;
    return metadata ? { ...answer, resourceMetadataUrl: urls[metadata] } : answer;
  };
}
