// The step-up decision, free of I/O: given what the MCP server answered and
// what the client already holds, say what to do next. The reference client,
// the tests and the docs' challenge explainer all call this one function.
import { bearerChallenge, splitScope, type Challenge } from './challenge.ts';
import { StepUpError } from './errors.ts';

export interface DecisionInput {
  /** HTTP status of the MCP server's response. */
  status: number;
  /** Parsed `WWW-Authenticate` challenges (see parseChallenges); [] when absent. */
  challenges: readonly Challenge[];
  /** Whether the request carried an access token. */
  sentToken: boolean;
  /** Scopes the client already asked for and was granted for this resource. */
  grantedScopes: readonly string[];
  /** `scopes_supported` from the protected resource metadata, if known. */
  scopesSupported?: readonly string[];
  hasRefreshToken: boolean;
  /** What this client already tried for this resource and operation. */
  attempts: { refreshes: number; reauthorizations: number };
  /** Re-authorizations allowed per resource and operation (default 1). */
  maxReauthorizations?: number;
}

export type Decision =
  /** Not an authorization problem: hand the response on as it is. */
  | { action: 'use'; reason: string }
  /** Refresh the access token silently, then retry once. */
  | { action: 'refresh'; reason: string }
  /** Run the browser consent flow for `scopes`, then retry. */
  | {
      action: 'reauthorize';
      scopes: string[];
      newScopes: string[];
      resourceMetadata?: string;
      reason: string;
    }
  /** Stop with a specific error. */
  | { action: 'fail'; error: StepUpError; reason: string };

export const DEFAULT_MAX_REAUTHORIZATIONS = 1;

/** Union in first-seen order, without duplicates. */
export const unionScopes = (...lists: readonly (readonly string[])[]): string[] => [
  ...new Set(lists.flat()),
];

const fail = (error: StepUpError): Decision => ({ action: 'fail', error, reason: error.message });

export function decide(input: DecisionInput): Decision {
  if (!Number.isInteger(input.status) || input.status < 200 || input.status > 599) {
    return fail(
      new StepUpError(
        'invalid_input',
        `HTTP status must be an integer from 200 to 599, got ${String(input.status)}`,
      ),
    );
  }
  if (input.status !== 401 && input.status !== 403) {
    return { action: 'use', reason: `HTTP ${input.status} is not an authorization challenge` };
  }

  const bearer = bearerChallenge(input.challenges);
  if (input.challenges.length > 0 && !bearer) {
    const schemes = input.challenges.map((c) => c.scheme).join(', ');
    return fail(
      new StepUpError(
        'invalid_challenge',
        `The server challenged with ${schemes}, not Bearer; ` +
          'this client only speaks OAuth Bearer tokens',
      ),
    );
  }
  const params = bearer?.parameters ?? {};
  const challenged = splitScope(params.scope);
  const max = input.maxReauthorizations ?? DEFAULT_MAX_REAUTHORIZATIONS;
  const resourceMetadata = params.resource_metadata;
  const withMetadata = resourceMetadata === undefined ? {} : { resourceMetadata };

  if (input.status === 401) {
    if (!input.sentToken) {
      // First sign-in: the challenge's scope, else everything the resource lists.
      const scopes = challenged.length ? challenged : unionScopes(input.scopesSupported ?? []);
      return {
        action: 'reauthorize',
        scopes,
        newScopes: scopes,
        ...withMetadata,
        reason: 'No token yet: sign in',
      };
    }
    if (input.hasRefreshToken && input.attempts.refreshes === 0) {
      return {
        action: 'refresh',
        reason:
          `401 ${params.error ?? ''}`.trim() +
          ': the token is no longer accepted; a refresh gets a new one with the same consent',
      };
    }
    if (input.attempts.reauthorizations >= max) {
      return fail(
        new StepUpError(
          'unauthorized_after_reauthorization',
          'The server still rejects the token after signing in again; ' +
            "check the server's token validation (issuer, audience, clock)",
        ),
      );
    }
    const scopes = unionScopes(input.grantedScopes, challenged);
    return {
      action: 'reauthorize',
      scopes,
      newScopes: scopes.filter((s) => !input.grantedScopes.includes(s)),
      ...withMetadata,
      reason: 'The token cannot be refreshed: sign in again',
    };
  }

  // 403: only insufficient_scope is something the user can fix by consenting.
  if (params.error !== 'insufficient_scope') {
    const what = params.error ? `error="${params.error}"` : 'no Bearer error code';
    const why = params.error_description ? `: ${params.error_description}` : '';
    return fail(
      new StepUpError(
        'forbidden',
        `The server refused the request (403, ${what})${why}. ` +
          'This is not a missing scope, so signing in again would not help',
      ),
    );
  }
  if (input.attempts.reauthorizations >= max) {
    const asked = challenged.length ? ` (it asks for ${challenged.join(' ')})` : '';
    return fail(
      new StepUpError(
        'insufficient_scope_after_reauthorization',
        'Insufficient scope after re-authorization: ' +
          `the server still answers 403 insufficient_scope${asked} ` +
          `after ${input.attempts.reauthorizations} consent round(s). ` +
          'Ask the server operator which scope the tool needs',
      ),
    );
  }
  // Never a refresh here: a refresh keeps the old consent, so it cannot add scopes.
  const wanted = challenged.length ? challenged : [...(input.scopesSupported ?? [])];
  const scopes = unionScopes(input.grantedScopes, wanted);
  const newScopes = scopes.filter((s) => !input.grantedScopes.includes(s));
  const reason = newScopes.length
    ? `403 insufficient_scope: ask the user to also grant ${newScopes.join(' ')}`
    : '403 insufficient_scope names only scopes already granted: ask the user to consent again';
  return { action: 'reauthorize', scopes, newScopes, ...withMetadata, reason };
}
