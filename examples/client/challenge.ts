// Parses a `WWW-Authenticate` header with oauth4webapi's own parser, so the
// client, the tests and the docs' explainer all read challenges the same way.
import * as oauth from 'oauth4webapi';
import { StepUpError } from './errors.ts';

export type Challenge = oauth.WWWAuthenticateChallenge;

const PLACEHOLDER = new URL('https://resource.invalid/');

/**
 * The longest challenge (and explainer field) read: 64 KB.
 * Real headers are far shorter; servers cap them near 8-16 KB.
 */
export const MAX_CHALLENGE_LENGTH = 65_536;

/**
 * oauth4webapi's parser rescans the rest of the header once per scheme and
 * parameter, so its time grows with (words × length). Capping the words keeps
 * it linear; real challenges have fewer than ten.
 */
export const MAX_CHALLENGE_WORDS = 512;

/** Schemes, parameter names and unquoted values: runs outside quoted strings, in one pass. */
export function countWords(header: string): number {
  let words = 0;
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      inWord = false;
    } else if (c === ' ' || c === '\t' || c === ',' || c === '=') {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

const tooLong = (what: string, length: number) =>
  new StepUpError(
    'invalid_input',
    `${what} is ${length.toLocaleString('en')} characters long; ` +
      `at most ${MAX_CHALLENGE_LENGTH.toLocaleString('en')} (64 KB) are read`,
  );

/**
 * Text pasted across several lines, as one header line: each line trimmed,
 * blank ones dropped, joined by single spaces. One pass per line, so its time
 * is linear in the input (a regex matching "spaces, newline, spaces" backtracks
 * over every run of spaces and takes seconds on a long one).
 */
export function joinLines(text: string, what = 'The text'): string {
  if (text.length > MAX_CHALLENGE_LENGTH) throw tooLong(what, text.length);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * Returns the parsed challenges, `[]` when there is no header, or throws
 * StepUpError('invalid_challenge') when the header cannot be parsed.
 */
export async function parseChallenges(status: number, header: string | null): Promise<Challenge[]> {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new StepUpError(
      'invalid_input',
      `HTTP status must be an integer from 200 to 599, got ${String(status)}`,
    );
  }
  if (header === null || header.trim() === '') return [];
  if (header.length > MAX_CHALLENGE_LENGTH)
    throw tooLong('The WWW-Authenticate header', header.length);
  if (countWords(header) > MAX_CHALLENGE_WORDS) {
    throw new StepUpError(
      'invalid_challenge',
      `The WWW-Authenticate header has more than ${MAX_CHALLENGE_WORDS} schemes and parameters; ` +
        'no real challenge has that many, so it is not read',
    );
  }
  let headers: Headers;
  try {
    headers = new Headers({ 'www-authenticate': header });
  } catch {
    throw new StepUpError(
      'invalid_challenge',
      'The WWW-Authenticate header contains characters HTTP does not allow ' +
        '(control characters or non-Latin-1 text)',
    );
  }
  // oauth4webapi parses challenges while checking a resource response; hand it one.
  const response = () => Promise.resolve(new Response(null, { status, headers }));
  try {
    await oauth.protectedResourceRequest('unused', 'GET', PLACEHOLDER, undefined, undefined, {
      [oauth.customFetch]: response,
    });
  } catch (err) {
    if (err instanceof oauth.WWWAuthenticateChallengeError) return err.cause;
    throw err;
  }
  throw new StepUpError(
    'invalid_challenge',
    'The WWW-Authenticate header is not a valid challenge list: ' +
      JSON.stringify(header.slice(0, 120)),
  );
}

/** The first Bearer challenge, if any (RFC 6750 §3). */
export const bearerChallenge = (challenges: readonly Challenge[]): Challenge | undefined =>
  challenges.find((c) => c.scheme === 'bearer');

/** RFC 6750 §3: `scope` is a space-delimited list; order does not matter. */
export const splitScope = (value: string | undefined): string[] => [
  ...new Set((value ?? '').split(' ').filter(Boolean)),
];
