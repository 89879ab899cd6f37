// Parses a `WWW-Authenticate` header with oauth4webapi's own parser, so the
// client, the tests and the docs' explainer all read challenges the same way.
import * as oauth from 'oauth4webapi';
import { StepUpError } from './errors.ts';

export type Challenge = oauth.WWWAuthenticateChallenge;

const PLACEHOLDER = new URL('https://resource.invalid/');

/**
 * Returns the parsed challenges, `[]` when there is no header, or throws
 * StepUpError('invalid_challenge') when the header cannot be parsed.
 */
export async function parseChallenges(status: number, header: string | null): Promise<Challenge[]> {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new StepUpError('invalid_input', `HTTP status must be an integer from 200 to 599, got ${String(status)}`);
  }
  if (header === null || header.trim() === '') return [];
  let headers: Headers;
  try {
    headers = new Headers({ 'www-authenticate': header });
  } catch {
    throw new StepUpError('invalid_challenge', 'The WWW-Authenticate header contains characters HTTP does not allow (control characters or non-Latin-1 text)');
  }
  // oauth4webapi parses challenges while checking a resource response; hand it one.
  const response = () => Promise.resolve(new Response(null, { status, headers }));
  try {
    await oauth.protectedResourceRequest('unused', 'GET', PLACEHOLDER, undefined, undefined, { [oauth.customFetch]: response });
  } catch (err) {
    if (err instanceof oauth.WWWAuthenticateChallengeError) return err.cause;
    throw err;
  }
  throw new StepUpError('invalid_challenge', `The WWW-Authenticate header is not a valid challenge list: ${JSON.stringify(header.slice(0, 120))}`);
}

/** The first Bearer challenge, if any (RFC 6750 §3). */
export const bearerChallenge = (challenges: readonly Challenge[]): Challenge | undefined =>
  challenges.find((c) => c.scheme === 'bearer');

/** RFC 6750 §3: `scope` is a space-delimited list; order does not matter. */
export const splitScope = (value: string | undefined): string[] => [...new Set((value ?? '').split(' ').filter(Boolean))];
