// Each explainer sample's label states something about its data: the status,
// the error code, what the challenge names, and what the client then does.
// These tests read the sample's own data (and run it through the client's
// parseChallenges + decide) and fail when the data contradicts the label.
import { expect, test } from '../../tests/support/fixtures.ts';
import {
  bearerChallenge,
  parseChallenges,
  splitScope,
  type Challenge,
} from '../../examples/client/challenge.ts';
import { decideCase, summarize } from './decision.ts';
import { SAMPLES, type ExplainerSample } from './explainer-samples.ts';

const words = (s: string) => s.split(' ').filter(Boolean);
const challengesOf = async (s: ExplainerSample): Promise<Challenge[] | 'unreadable'> =>
  parseChallenges(s.status, s.header || null).catch(() => 'unreadable' as const);

/** Phrases a label may use, and what each says about the sample's data. */
const RULES: {
  phrase: RegExp;
  holds: (s: ExplainerSample, c: Challenge[] | 'unreadable') => boolean;
}[] = [
  { phrase: /no token yet/i, holds: (s) => words(s.granted).length === 0 },
  {
    phrase: /naming granted and new scopes/i,
    holds: (s, c) =>
      c !== 'unreadable' &&
      ((sc) =>
        sc.some((x) => words(s.granted).includes(x)) &&
        sc.some((x) => !words(s.granted).includes(x)))(
        splitScope(bearerChallenge(c)?.parameters.scope),
      ),
  },
  {
    phrase: /naming only the new scope/i,
    holds: (s, c) =>
      c !== 'unreadable' &&
      ((sc) => sc.length > 0 && sc.every((x) => !words(s.granted).includes(x)))(
        splitScope(bearerChallenge(c)?.parameters.scope),
      ),
  },
  {
    phrase: /naming scopes already granted/i,
    holds: (s, c) =>
      c !== 'unreadable' &&
      ((sc) => sc.length > 0 && sc.every((x) => words(s.granted).includes(x)))(
        splitScope(bearerChallenge(c)?.parameters.scope),
      ),
  },
  {
    phrase: /without a scope/i,
    holds: (_, c) => c !== 'unreadable' && bearerChallenge(c)?.parameters.scope === undefined,
  },
  { phrase: /already re-consented/i, holds: (s) => s.rounds >= 1 },
  {
    phrase: /not about scopes/i,
    holds: (_, c) =>
      c !== 'unreadable' &&
      !!bearerChallenge(c)?.parameters.error &&
      bearerChallenge(c)?.parameters.error !== 'insufficient_scope',
  },
  {
    phrase: /not a bearer challenge: basic/i,
    holds: (_, c) => c !== 'unreadable' && c.length > 0 && c.every((x) => x.scheme === 'basic'),
  },
  { phrase: /malformed header/i, holds: (_, c) => c === 'unreadable' },
  { phrase: /not a challenge/i, holds: (s) => s.status !== 401 && s.status !== 403 },
  { phrase: /expired token/i, holds: (s) => words(s.granted).length > 0 && s.refreshToken },
];

for (const sample of SAMPLES) {
  test(`explainer sample "${sample.label}": its data has what the label says`, async () => {
    const challenges = await challengesOf(sample);
    // The status and any error code the label names are the sample's.
    const status = sample.label.match(/\b([1-5]\d\d)\b/)?.[1];
    if (status) expect(sample.status, `the label names HTTP ${status}`).toBe(Number(status));
    for (const code of sample.label.match(
      /\b(invalid_token|insufficient_scope|access_denied)\b/g,
    ) ?? []) {
      expect(
        challenges !== 'unreadable' && bearerChallenge(challenges)?.parameters.error,
        `the label names error ${code}`,
      ).toBe(code);
    }
    const applying = RULES.filter((r) => r.phrase.test(sample.label));
    expect(
      applying.length + (status ? 1 : 0),
      'the label states something a rule here can check; add a rule for a new kind of sample',
    ).toBeGreaterThan(0);
    for (const rule of applying)
      expect(
        rule.holds(sample, challenges),
        `the label says "${sample.label.match(rule.phrase)![0]}"`,
      ).toBe(true);
  });

  test(`explainer sample "${sample.label}": the client decides what the sample expects`, async () => {
    expect(summarize(await decideCase(sample))).toEqual(sample.expect);
  });
}
