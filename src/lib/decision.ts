// What the reference client decides for a case written as plain data (the
// fields a reader sees: status, header, scopes...), and whether that matches
// what a page says it decides. Shared by the decision table and the explainer
// samples, and by their tests.
import { parseChallenges, type Challenge } from '../../examples/client/challenge.ts';
import { decide, type Decision, type DecisionInput } from '../../examples/client/decide.ts';
import { isStepUpError, type StepUpErrorCode } from '../../examples/client/errors.ts';

export interface CaseInput {
  status: number;
  /** The WWW-Authenticate header value; '' when the response had none. */
  header: string;
  /** Space-separated scopes already granted; '' means no token was sent. */
  granted: string;
  /** Space-separated scopes_supported from the resource metadata. */
  supported: string;
  refreshToken: boolean;
  /** Silent refreshes already run for this call. */
  refreshes?: number;
  /** Consent rounds already run for this call. */
  rounds: number;
  /** Whether the request carried a token (default: some scope is granted). */
  sentToken?: boolean;
}

/** What a page states the client does; a test compares it with decide(). */
export type Expected =
  | { action: 'use' }
  | { action: 'refresh' }
  | { action: 'reauthorize'; scopes: string[]; newScopes: string[] }
  | { action: 'fail'; code: StepUpErrorCode };

export type Outcome = Decision | { action: 'error'; code: StepUpErrorCode; reason: string };

const words = (s: string) => s.split(' ').filter(Boolean);

/**
 * The case as decide() gets it, once its header is parsed: the one mapping from
 * the fields a reader sees to the client's input, for the decision table, the
 * explainer in the browser, and their tests.
 */
export function decisionInput(c: CaseInput, challenges: Challenge[]): DecisionInput {
  const granted = words(c.granted);
  return {
    status: c.status,
    challenges,
    sentToken: c.sentToken ?? granted.length > 0,
    grantedScopes: granted,
    scopesSupported: words(c.supported),
    hasRefreshToken: c.refreshToken,
    attempts: { refreshes: c.refreshes ?? 0, reauthorizations: c.rounds },
  };
}

/** parseChallenges + decide, as the client runs them; a header that cannot be read is a failure too. */
export async function decideCase(c: CaseInput): Promise<Outcome> {
  try {
    return decide(decisionInput(c, await parseChallenges(c.status, c.header || null)));
  } catch (err) {
    if (!isStepUpError(err)) throw err;
    return { action: 'error', code: err.code, reason: err.message };
  }
}

/** The outcome in the terms of Expected (a parse error is a failure with its code). */
export function summarize(o: Outcome): Expected {
  switch (o.action) {
    case 'reauthorize':
      return { action: 'reauthorize', scopes: o.scopes, newScopes: o.newScopes };
    case 'fail':
      return { action: 'fail', code: o.error.code };
    case 'error':
      return { action: 'fail', code: o.code };
    default:
      return { action: o.action };
  }
}

const code = (s: string) => `\`${s}\``;
const list = (scopes: string[]) => code(scopes.join(' '));

/** "What the client does", in words, from the decision itself (Markdown: `code` only). */
export function describeOutcome(c: CaseInput, o: Outcome): string {
  switch (o.action) {
    case 'use':
      return c.status === 401 || c.status === 403
        ? 'Hands the response on as it is'
        : 'Hands the response to the caller as it is: no refresh, no consent screen';
    case 'refresh':
      return 'Refreshes the token silently (no consent screen), then retries the call once';
    case 'reauthorize': {
      if (!(c.sentToken ?? words(c.granted).length > 0))
        return `Opens the browser to sign in for ${list(o.scopes)}`;
      if (c.status === 401) return `Opens the browser to sign in again for ${list(o.scopes)}`;
      if (!o.newScopes.length)
        return `Opens the consent screen again for ${list(o.scopes)}, all already granted; no refresh`;
      const kept = o.scopes.filter((s) => !o.newScopes.includes(s));
      return `Opens the browser consent for ${list(o.scopes)}: new ${list(o.newScopes)}${kept.length ? `, kept ${list(kept)}` : ''}; no refresh`;
    }
    case 'fail':
      return `Stops with ${code(o.error.code)}; no consent screen`;
    case 'error':
      return `Stops with ${code(o.code)}; no consent screen`;
  }
}
