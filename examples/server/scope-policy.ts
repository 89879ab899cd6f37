// Decides, before the MCP transport sees a request, whether the token's scopes
// cover the tool being called, and how to say so when they do not. Pure: the
// server feeds it the token's claims and its scenario state.
import type { ConsentFreshness } from './consent-freshness.ts';
import type { ScenarioName } from './scenarios.ts';
import { BASELINE_SCOPES, SCOPES_SUPPORTED, TOOL_SCOPES } from './scopes.ts';

export type ScopeVerdict =
  | { allowed: true }
  /** Answer with HTTP 403 and this Bearer challenge. */
  | { allowed: false; status: 403; challenge: ChallengeParams; metadata?: 'changed' | 'mismatched' }
  /** Answer with HTTP 200 and a JSON-RPC error (the `jsonrpc-error` scenario only). */
  | { allowed: false; status: 200; message: string; scope: string };

export interface ChallengeParams {
  error: string;
  scope?: string;
  error_description: string;
}

/** held-scope: consent given before `consentRequiredAfter` (ms) must be renewed; shared with the authorization server. */
export interface ScenarioState extends ConsentFreshness {}

export interface ToolCall {
  tool: string;
  tokenScopes: ReadonlySet<string>;
  /** When the user last consented to this grant, in ms; from the token. */
  consentedAt: number | undefined;
}

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

export function checkToolScopes(scenario: ScenarioName, state: ScenarioState, call: ToolCall, now = Date.now()): ScopeVerdict {
  const declared = TOOL_SCOPES.get(call.tool) ?? [];
  const write = call.tool === 'add_note';
  // What the server really checks; in some scenarios more than it declares.
  const checked = write && scenario === 'repeat' ? [...declared, 'notes:admin']
    : write && scenario === 'moving-target' ? SCOPES_SUPPORTED
    : declared;
  const missing = checked.filter((s) => !call.tokenScopes.has(s));
  const description = (names: readonly string[]) => `${call.tool} requires ${names.join(' and ')}`;

  // #region held-scope
  if (write && scenario === 'held-scope' && missing.length === 0) {
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

  const held = [...call.tokenScopes].filter((s) => (SCOPES_SUPPORTED as readonly string[]).includes(s));
  switch (scenario) {
    case 'jsonrpc-error':
      return { allowed: false, status: 200, message: `insufficient_scope: ${description(declared)}`, scope: missing.join(' ') };
    case 'other-error':
      return { allowed: false, status: 403, challenge: { error: 'access_denied', error_description: 'Notes are read-only for this account' } };
    case 'no-scope':
      return { allowed: false, status: 403, challenge: { error: 'insufficient_scope', error_description: description(declared) } };
    case 'delta-only':
      return { allowed: false, status: 403, challenge: { error: 'insufficient_scope', scope: missing.join(' '), error_description: description(missing) } };
    case 'moving-target':
      // Names one missing scope at a time, so every retry meets a new one.
      return { allowed: false, status: 403, challenge: { error: 'insufficient_scope', scope: missing[0]!, error_description: description([missing[0]!]) } };
    case 'repeat':
      // Names what it declares, not what it checks: re-consent cannot help.
      return { allowed: false, status: 403, challenge: { error: 'insufficient_scope', scope: inSupportedOrder([...held, ...declared]).join(' '), error_description: description(declared) } };
    // #region full-set
    default:
      // Full set: what the token has plus what the call needs. Clients that
      // replace their scope (MCP 2025-11-25) and clients that union it
      // (2026-07-28) both end up with everything.
      return {
        allowed: false,
        status: 403,
        challenge: { error: 'insufficient_scope', scope: inSupportedOrder([...held, ...declared]).join(' '), error_description: description(declared) },
        ...(scenario === 'changed-metadata' ? { metadata: 'changed' as const } : {}),
        ...(scenario === 'mismatched-metadata' ? { metadata: 'mismatched' as const } : {}),
      };
    // #endregion full-set
  }
}
