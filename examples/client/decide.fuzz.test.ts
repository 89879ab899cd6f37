// Property test: whatever a server (or an attacker in the middle) puts in the
// status line and WWW-Authenticate header, parseChallenges + decide() either
// return one of the four actions or throw a StepUpError, never anything else.
import { expect, test } from '../../tests/support/fixtures.ts';
import fc from 'fast-check';
import {
  MAX_CHALLENGE_LENGTH,
  MAX_CHALLENGE_WORDS,
  parseChallenges,
  type Challenge,
} from './challenge.ts';
import { decide } from './decide.ts';
import { StepUpError } from './errors.ts';
import { claims } from '../../tests/support/claims.ts';

const NUM_RUNS = 10_000; // per property: well-formed and malformed
// A new seed each run, printed, so that a rare failure can be replayed: FUZZ_SEED=<seed>.
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31);
const ACTIONS = ['use', 'refresh', 'reauthorize', 'fail'];

const chars = (set: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...set), minLength, maxLength });
const TCHAR = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+.^_`|~-";
const token = chars(TCHAR, 1, 12);
const scopeToken = fc.oneof(
  fc.constantFrom('notes:read', 'notes:write', 'notes:admin', 'openid'),
  chars(TCHAR + ':/[]()@', 1, 16),
);
const scopeList = fc.array(scopeToken, { maxLength: 8 }).map((s) => s.join(' '));
// 500 to 5000 scopes in one parameter: `${s}0 ${s}1 … ${s}96 ${s}0 …`, n of
// them, built from one period of 97 (made thousands of times per run, so the
// period is repeated rather than n strings joined).
const hugeScopeList = fc.tuple(fc.integer({ min: 500, max: 5000 }), scopeToken).map(([n, s]) => {
  const period = Array.from({ length: 97 }, (_, i) => `${s}${i}`);
  const parts = [
    Array(Math.floor(n / 97))
      .fill(period.join(' '))
      .join(' '),
    period.slice(0, n % 97).join(' '),
  ];
  return parts.filter(Boolean).join(' ');
});
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
// Any Latin-1 text, including quotes, backslashes and control characters.
const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => String.fromCharCode(...a));
const controls = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});
// Any code point. Made on first use: fast-check spends a second of CPU building
// its table of 1.1 million code points, and Playwright loads this file to list
// the tests too, in a process that never runs them.
let anyCodePoints: fc.Arbitrary<string> | undefined;
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constant(null).chain(() => (anyCodePoints ??= fc.string({ unit: 'binary', maxLength: 80 }))),
  bytes,
  controls,
);

const KNOWN_NAMES = fc.constantFrom(
  'error',
  'scope',
  'resource_metadata',
  'error_description',
  'realm',
  'Scope',
  'ERROR',
);
const KNOWN_VALUES = fc.constantFrom(
  'insufficient_scope',
  'invalid_token',
  'access_denied',
  'https://r/.well-known/oauth-protected-resource/mcp',
);
const quote = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;

/** Syntactically valid challenges (RFC 9110 §11.6.1): any scheme, any parameters, properly quoted. */
// fast-check now and then makes a name "__proto__" on purpose. oauth4webapi
// drops a parameter of that name, and a header where it was a challenge's only
// parameter and another challenge follows is refused (invalid_challenge): safe,
// but not "valid syntax parses", so valid challenges do not use it
// (challenge.test.ts checks that case on its own).
const paramName = fc.oneof(
  KNOWN_NAMES,
  token.filter((name) => name !== '__proto__'),
);
const goodParam = fc
  .tuple(
    paramName,
    fc.oneof(
      { arbitrary: KNOWN_VALUES, weight: 4 },
      { arbitrary: scopeList, weight: 4 },
      { arbitrary: printable, weight: 4 },
      { arbitrary: hugeScopeList, weight: 1 },
    ),
    fc.boolean(),
  )
  .map(([name, value, bare]) =>
    bare && /^[^\s",\\]+$/.test(value) && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value)
      ? `${name}=${value}`
      : `${name}=${quote(value)}`,
  );
// Scheme names use the characters real schemes use: oauth4webapi's parser does
// not find a second challenge whose scheme has other token characters (` | ! ...),
// and rejects the header; that fails closed, and the malformed property covers it.
const scheme = fc.oneof(
  fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'DPoP', 'Negotiate'),
  chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+', 1, 12),
);
const goodChallenge = fc
  .tuple(scheme, fc.array(goodParam, { maxLength: 6 }))
  .map(([scheme, params]) => (params.length ? `${scheme} ${params.join(', ')}` : scheme));
const generatedHeader = fc.oneof(
  { arbitrary: fc.constant(null), weight: 1 },
  {
    arbitrary: fc.array(goodChallenge, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(', ')),
    weight: 8,
  },
  {
    arbitrary: fc.array(goodChallenge, { minLength: 4, maxLength: 30 }).map((cs) => cs.join(', ')),
    weight: 2,
  }, // many challenges
);

/** Broken on purpose: unbalanced quotes, dangling escapes, garbage spliced in, raw bytes, control characters. */
const badParam = fc
  .tuple(
    fc.oneof(KNOWN_NAMES, token),
    fc.oneof(KNOWN_VALUES, scopeList, anyText),
    fc.constantFrom('unbalanced', 'escaped', 'raw', 'empty'),
  )
  .map(([name, value, style]) =>
    style === 'unbalanced'
      ? `${name}="${value}`
      : style === 'escaped'
        ? `${name}="${value}\\"`
        : style === 'raw'
          ? `${name}=${value}`
          : `${name}=`,
  );
const badChallenge = fc
  .tuple(
    fc.oneof(fc.constantFrom('Bearer', 'Basic', '"Bearer"', ''), token, anyText),
    fc.array(fc.oneof(goodParam, badParam), { maxLength: 6 }),
  )
  .map(([scheme, params]) => `${scheme} ${params.join(', ')}`);
const malformedHeader = fc.oneof(
  fc.array(badChallenge, { minLength: 1, maxLength: 30 }).map((cs) => cs.join(', ')),
  fc
    .tuple(fc.array(goodChallenge, { minLength: 1, maxLength: 5 }), anyText, fc.nat())
    .map(([cs, junk, at]) => {
      const h = cs.join(', ');
      const i = at % (h.length + 1);
      return h.slice(0, i) + junk + h.slice(i);
    }),
  anyText,
);

const goodStatus = fc.oneof(
  { arbitrary: fc.constantFrom(401, 403), weight: 6 },
  { arbitrary: fc.integer({ min: 200, max: 599 }), weight: 1 },
);
const badStatus = fc.oneof(
  goodStatus,
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double(), // NaN, ±Infinity, -0, fractions
  fc.constantFrom(0, 100, 199, 600, 401.5, Number.MAX_SAFE_INTEGER),
);
const clientState = fc.record({
  sentToken: fc.boolean(),
  grantedScopes: fc.array(scopeToken, { maxLength: 6 }),
  scopesSupported: fc.option(fc.array(scopeToken, { maxLength: 6 }), { nil: undefined }),
  hasRefreshToken: fc.boolean(),
  attempts: fc.record({ refreshes: fc.nat(3), reauthorizations: fc.nat(3) }),
  maxReauthorizations: fc.option(fc.nat(3), { nil: undefined }),
});

async function fuzz(
  label: string,
  status: fc.Arbitrary<number>,
  header: fc.Arbitrary<string | null>,
) {
  const seen = {
    cases: 0,
    parsed: 0,
    rejected: 0,
    overLimit: 0,
    actions: {} as Record<string, number>,
  };
  await fc.assert(
    fc.asyncProperty(status, header, clientState, async (status, header, st) => {
      seen.cases++;
      let challenges: Challenge[] = [];
      try {
        challenges = await parseChallenges(status, header);
        seen.parsed++;
      } catch (err) {
        if (!(err instanceof StepUpError)) throw err;
        // Longer than 64 KB, or more words than the cap: refused before parsing, whatever the syntax.
        const overLimit =
          (header?.length ?? 0) > MAX_CHALLENGE_LENGTH ||
          err.message.includes(`more than ${MAX_CHALLENGE_WORDS} schemes and parameters`);
        if (overLimit) seen.overLimit++;
        else seen.rejected++;
      }
      const d = decide({ status, challenges, ...st });
      seen.actions[d.action] = (seen.actions[d.action] ?? 0) + 1;
      if (!ACTIONS.includes(d.action)) throw new Error(`unknown action ${d.action}`);
      if (d.action === 'fail' && !(d.error instanceof StepUpError))
        throw new Error('fail without a StepUpError');
      if (d.action === 'refresh' && status !== 401) throw new Error(`refresh on HTTP ${status}`);
      if (d.action === 'reauthorize' && new Set(d.scopes).size !== d.scopes.length)
        throw new Error('duplicate scopes');
    }),
    { numRuns: NUM_RUNS, seed: SEED },
  );
  console.log(
    `fuzz (${label}, FUZZ_SEED=${SEED}): ${seen.cases} cases, ${seen.parsed} parsed, ${seen.rejected} rejected with StepUpError, ${seen.overLimit} over the size limits; actions ${JSON.stringify(seen.actions)}`,
  );
  expect(seen.cases).toBe(NUM_RUNS);
  return seen;
}

test(
  'generated challenges: parseChallenges + decide return one of four actions or throw only StepUpError',
  claims({
    'decide.fuzz-only-steperror':
      'the decision is one of four actions or a `StepUpError` with a stable code, never a crash',
  }),
  async () => {
    test.setTimeout(120_000);
    const seen = await fuzz('generated', goodStatus, generatedHeader);
    // Valid syntax parses; every action is reached.
    expect(seen.rejected, `valid challenges refused; replay with FUZZ_SEED=${SEED}`).toBe(0);
    for (const action of ACTIONS) expect(seen.actions[action], action).toBeGreaterThan(0);
  },
);

test(
  'malformed challenges and statuses: parseChallenges + decide throw only StepUpError',
  claims({
    'decide.fuzz-only-steperror':
      'the decision is one of four actions or a `StepUpError` with a stable code, never a crash',
  }),
  async () => {
    test.setTimeout(120_000);
    const seen = await fuzz('malformed', badStatus, malformedHeader);
    expect(seen.rejected + seen.overLimit).toBeGreaterThan(NUM_RUNS / 4);
  },
);
