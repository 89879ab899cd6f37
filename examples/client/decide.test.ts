// Unit tests for the step-up decision (decide), the challenge parser and the
// scope helpers. No servers, no browser: every branch of decide() by table,
// then invariants over the whole cross product of inputs.
import { expect, test } from '../../tests/support/fixtures.ts';
import { bearerChallenge, parseChallenges, splitScope, type Challenge } from './challenge.ts';
import { decide, unionScopes, type Decision, type DecisionInput } from './decide.ts';
import { StepUpError } from './errors.ts';
import { claims } from '../../tests/support/claims.ts';

const SUPPORTED = ['notes:read', 'notes:write', 'notes:admin'];
const bearer = (parameters: Record<string, string>): Challenge[] => [
  { scheme: 'bearer', parameters },
];
const base: DecisionInput = {
  status: 403,
  challenges: [],
  sentToken: true,
  grantedScopes: ['notes:read'],
  scopesSupported: SUPPORTED,
  hasRefreshToken: true,
  attempts: { refreshes: 0, reauthorizations: 0 },
};
const run = (over: Partial<DecisionInput>): Decision => decide({ ...base, ...over });
const failCode = (d: Decision) =>
  d.action === 'fail' ? d.error.code : `not a failure: ${d.action}`;
const reauth = (d: Decision) => {
  if (d.action !== 'reauthorize')
    throw new Error(`expected reauthorize, got ${d.action}: ${d.reason}`);
  return d;
};

test.describe('decide(): status', () => {
  for (const status of [NaN, Infinity, -1, 0, 199, 600, 1e9, 403.5]) {
    test(`status ${status} is invalid input, not a crash`, () => {
      expect(failCode(run({ status }))).toBe('invalid_input');
    });
  }
  for (const status of [200, 202, 204, 302, 400, 404, 405, 429, 500, 503, 599]) {
    test(`HTTP ${status} is handed on as it is`, () => {
      // Even with a Bearer challenge attached: only 401 and 403 are challenges.
      expect(
        run({ status, challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write' }) })
          .action,
      ).toBe('use');
    });
  }
});

test.describe('decide(): scheme', () => {
  test('a challenge list with no Bearer challenge fails with invalid_challenge', () => {
    const d = run({
      challenges: [
        { scheme: 'basic', parameters: { realm: 'x' } },
        { scheme: 'dpop', parameters: {} },
      ],
    });
    expect(failCode(d)).toBe('invalid_challenge');
    expect(d.reason).toContain('basic, dpop');
  });
  test('the Bearer challenge is found among others', () => {
    const d = run({
      challenges: [
        { scheme: 'basic', parameters: {} },
        ...bearer({ error: 'insufficient_scope', scope: 'notes:write' }),
      ],
    });
    expect(reauth(d).scopes).toEqual(['notes:read', 'notes:write']);
  });
});

test.describe('decide(): 401', () => {
  test('no token yet: sign in for the challenge scope', () => {
    const d = reauth(
      run({
        status: 401,
        sentToken: false,
        grantedScopes: [],
        challenges: bearer({ scope: 'notes:read', resource_metadata: 'https://r/m' }),
      }),
    );
    expect(d).toMatchObject({
      scopes: ['notes:read'],
      newScopes: ['notes:read'],
      resourceMetadata: 'https://r/m',
    });
  });
  test('no token and no challenge scope: sign in for scopes_supported', () => {
    expect(
      reauth(run({ status: 401, sentToken: false, grantedScopes: [], challenges: bearer({}) }))
        .scopes,
    ).toEqual(SUPPORTED);
  });
  test('no token, no scope, no scopes_supported: sign in without scope', () => {
    expect(
      reauth(run({ status: 401, sentToken: false, grantedScopes: [], scopesSupported: undefined }))
        .scopes,
    ).toEqual([]);
  });
  test('a token and a refresh token: refresh once', () => {
    expect(run({ status: 401, challenges: bearer({ error: 'invalid_token' }) }).action).toBe(
      'refresh',
    );
  });
  test('already refreshed for this operation: sign in again for the union', () => {
    const d = reauth(
      run({
        status: 401,
        challenges: bearer({ error: 'invalid_token', scope: 'notes:read notes:write' }),
        attempts: { refreshes: 1, reauthorizations: 0 },
      }),
    );
    expect(d).toMatchObject({ scopes: ['notes:read', 'notes:write'], newScopes: ['notes:write'] });
  });
  test('no refresh token: sign in again', () => {
    expect(reauth(run({ status: 401, hasRefreshToken: false })).scopes).toEqual(['notes:read']);
  });
  test('still 401 after signing in again: unauthorized_after_reauthorization', () => {
    const d = run({ status: 401, attempts: { refreshes: 1, reauthorizations: 1 } });
    expect(failCode(d)).toBe('unauthorized_after_reauthorization');
  });
});

test.describe('decide(): 403', () => {
  for (const [label, params] of [
    ['error="access_denied"', { error: 'access_denied', error_description: 'Notes are read-only' }],
    ['error="invalid_token"', { error: 'invalid_token' }],
    ['no error code', {}],
  ] as const) {
    test(`${label} is forbidden, no step-up`, () => {
      const d = run({ challenges: bearer(params) });
      expect(failCode(d)).toBe('forbidden');
      if ('error_description' in params) expect(d.reason).toContain(params.error_description);
    });
  }
  test('403 with no WWW-Authenticate at all is forbidden', () => {
    expect(failCode(run({ challenges: [] }))).toBe('forbidden');
  });
  test(
    'held scope: re-consent for the same scopes, never a refresh',
    claims({
      'decide.held-scope-reconsent':
        'a `403` naming only scopes the client already holds gives a re-authorization for those same scopes, never a refresh',
    }),
    () => {
      const d = reauth(
        run({
          grantedScopes: ['notes:read', 'notes:write'],
          challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write notes:read' }),
        }),
      );
      expect(d.scopes).toEqual(['notes:read', 'notes:write']);
      expect(d.newScopes).toEqual([]);
      expect(d.reason).toMatch(/consent again/);
    },
  );
  test('delta-only: the union of granted and challenged', () => {
    const d = reauth(
      run({ challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write' }) }),
    );
    expect(d).toMatchObject({ scopes: ['notes:read', 'notes:write'], newScopes: ['notes:write'] });
  });
  test('full-set: the union equals the challenge, no duplicates', () => {
    const d = reauth(
      run({
        challenges: bearer({
          error: 'insufficient_scope',
          scope: 'notes:read notes:write notes:write',
        }),
      }),
    );
    expect(d.scopes).toEqual(['notes:read', 'notes:write']);
  });
  test('no scope: falls back to scopes_supported', () => {
    expect(reauth(run({ challenges: bearer({ error: 'insufficient_scope' }) })).scopes).toEqual(
      SUPPORTED,
    );
  });
  test('no scope and no scopes_supported: consent again for what is granted', () => {
    const d = reauth(
      run({ scopesSupported: undefined, challenges: bearer({ error: 'insufficient_scope' }) }),
    );
    expect(d).toMatchObject({ scopes: ['notes:read'], newScopes: [] });
  });
  test('resource_metadata is passed on for re-discovery', () => {
    const d = reauth(
      run({
        challenges: bearer({
          error: 'insufficient_scope',
          scope: 'notes:write',
          resource_metadata: 'https://r/.well-known/x?revision=2',
        }),
      }),
    );
    expect(d.resourceMetadata).toBe('https://r/.well-known/x?revision=2');
  });
  test('after the retry limit: insufficient_scope_after_reauthorization, naming the scope', () => {
    const d = run({
      challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write' }),
      attempts: { refreshes: 0, reauthorizations: 1 },
    });
    expect(failCode(d)).toBe('insufficient_scope_after_reauthorization');
    expect(d.reason).toMatch(
      /^Insufficient scope after re-authorization: .*\(it asks for notes:write\) after 1 consent round/,
    );
  });
  test('maxReauthorizations raises and lowers the limit', () => {
    const challenges = bearer({ error: 'insufficient_scope', scope: 'notes:write' });
    expect(
      run({ challenges, attempts: { refreshes: 0, reauthorizations: 1 }, maxReauthorizations: 2 })
        .action,
    ).toBe('reauthorize');
    expect(failCode(run({ challenges, maxReauthorizations: 0 }))).toBe(
      'insufficient_scope_after_reauthorization',
    );
  });
});

test(
  'every combination: refresh only for a 401 with a token, a refresh token and no refresh yet; 403 never refreshes',
  claims({
    'decide.403-never-refreshes': 'A `403` never takes the refresh path, whatever the client holds',
  }),
  () => {
    let cases = 0;
    const violations: string[] = [];
    const challengeSets: Challenge[][] = [
      [],
      bearer({}),
      bearer({ error: 'invalid_token' }),
      bearer({ error: 'insufficient_scope' }),
      bearer({ error: 'insufficient_scope', scope: 'notes:read' }),
      bearer({ error: 'insufficient_scope', scope: 'notes:read notes:write' }),
      bearer({ error: 'access_denied' }),
      [{ scheme: 'basic', parameters: {} }],
    ];
    for (const status of [401, 403])
      for (const challenges of challengeSets)
        for (const sentToken of [false, true])
          for (const hasRefreshToken of [false, true])
            for (const grantedScopes of [[], ['notes:read'], ['notes:read', 'notes:write']])
              for (const scopesSupported of [undefined, SUPPORTED])
                for (const refreshes of [0, 1])
                  for (const reauthorizations of [0, 1, 2])
                    for (const maxReauthorizations of [undefined, 1, 2]) {
                      cases++;
                      const input: DecisionInput = {
                        status,
                        challenges,
                        sentToken,
                        hasRefreshToken,
                        grantedScopes,
                        scopesSupported,
                        attempts: { refreshes, reauthorizations },
                        maxReauthorizations,
                      };
                      const d = decide(input);
                      // Plain checks, one expect at the end: expect() per case made this take 20 s.
                      const broken: string[] = [];
                      if (!['use', 'refresh', 'reauthorize', 'fail'].includes(d.action))
                        broken.push(`unknown action ${d.action}`);
                      const shouldRefresh =
                        status === 401 &&
                        sentToken &&
                        hasRefreshToken &&
                        refreshes === 0 &&
                        challenges[0]?.scheme !== 'basic';
                      if ((d.action === 'refresh') !== shouldRefresh)
                        broken.push(shouldRefresh ? 'did not refresh' : 'refreshed');
                      if (d.action === 'fail' && !(d.error instanceof StepUpError))
                        broken.push('failed without a StepUpError');
                      if (d.action === 'reauthorize') {
                        if (new Set(d.scopes).size !== d.scopes.length)
                          broken.push(`duplicate scopes ${d.scopes.join(' ')}`);
                        // What was granted is kept once the client holds a token.
                        if (sentToken && !grantedScopes.every((s) => d.scopes.includes(s)))
                          broken.push(`dropped granted scopes: ${d.scopes.join(' ')}`);
                        if (
                          !d.newScopes.every(
                            (s) =>
                              d.scopes.includes(s) && !(sentToken && grantedScopes.includes(s)),
                          )
                        )
                          broken.push(`newScopes ${d.newScopes.join(' ')} wrong`);
                        if (!(reauthorizations < (maxReauthorizations ?? 1) || !sentToken))
                          broken.push('re-authorized past the limit');
                      }
                      if (broken.length)
                        violations.push(`${broken.join('; ')}: ${JSON.stringify(input)}`);
                    }
    expect(violations.slice(0, 5)).toEqual([]);
    expect(cases).toBe(2 * 8 * 2 * 2 * 3 * 2 * 2 * 3 * 3);
  },
);

test.describe('parseChallenges()', () => {
  test('no header, or a blank one, is no challenge', async () => {
    expect(await parseChallenges(401, null)).toEqual([]);
    expect(await parseChallenges(401, '')).toEqual([]);
    expect(await parseChallenges(401, '  \t ')).toEqual([]);
  });
  test('a Bearer challenge: scheme and parameter names lower-cased, quotes and escapes removed', async () => {
    const parsed = await parseChallenges(
      403,
      'BEARER Error="insufficient_scope", scope="notes:read notes:write", error_description="say \\"hi\\""',
    );
    expect(parsed).toEqual([
      {
        scheme: 'bearer',
        parameters: {
          error: 'insufficient_scope',
          scope: 'notes:read notes:write',
          error_description: 'say "hi"',
        },
      },
    ]);
  });
  test('unquoted parameter values and bare schemes', async () => {
    expect(await parseChallenges(401, 'Bearer')).toEqual([{ scheme: 'bearer', parameters: {} }]);
    expect(await parseChallenges(401, 'Bearer error=invalid_token')).toEqual([
      { scheme: 'bearer', parameters: { error: 'invalid_token' } },
    ]);
  });
  test('several challenges in one header', async () => {
    const parsed = await parseChallenges(
      401,
      'Basic realm="notes", Bearer scope="notes:read", DPoP algs="ES256"',
    );
    expect(parsed.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'dpop']);
    expect(bearerChallenge(parsed)?.parameters.scope).toBe('notes:read');
  });
  test('an unparseable header is invalid_challenge', async () => {
    for (const header of ['"Bearer"', '=', 'Bearer, scope="a"x', '(']) {
      await expect(parseChallenges(401, header), header).rejects.toMatchObject({
        name: 'StepUpError',
        code: 'invalid_challenge',
      });
    }
  });
  test('control characters and non-Latin-1 text are invalid_challenge', async () => {
    for (const header of ['Bearer scope="a\nb"', 'Bearer \0', 'Bearer scope="€"']) {
      await expect(parseChallenges(403, header), JSON.stringify(header)).rejects.toMatchObject({
        code: 'invalid_challenge',
      });
    }
  });
  test('a status outside 200..599 or not an integer is invalid_input', async () => {
    for (const status of [0, 100, 600, 401.5, NaN]) {
      await expect(parseChallenges(status, 'Bearer')).rejects.toBeInstanceOf(StepUpError);
    }
  });
});

test.describe('scope helpers', () => {
  test('splitScope: space-delimited, empty items dropped, duplicates removed, order kept', () => {
    expect(splitScope(undefined)).toEqual([]);
    expect(splitScope('')).toEqual([]);
    expect(splitScope('  b  a b ')).toEqual(['b', 'a']);
    // Case-sensitive (RFC 6750 §3): these are two scopes.
    expect(splitScope('Notes:read notes:read')).toEqual(['Notes:read', 'notes:read']);
  });
  test('unionScopes: first-seen order, no duplicates', () => {
    expect(unionScopes()).toEqual([]);
    expect(unionScopes(['a', 'b'], ['b', 'c'], ['a'])).toEqual(['a', 'b', 'c']);
    expect(unionScopes(['a', 'a'], [])).toEqual(['a']);
  });
});

test('decide(): each decision gives its reason, word for word (the transcripts and the explainer print it)', () => {
  const reason = (over: Partial<DecisionInput>) => run(over).reason;
  expect(reason({ status: 600 })).toBe('HTTP status must be an integer from 200 to 599, got 600');
  expect(reason({ status: 404 })).toBe('HTTP 404 is not an authorization challenge');
  expect(reason({ status: 401, sentToken: false, grantedScopes: [] })).toBe(
    'No token yet: sign in',
  );
  expect(reason({ status: 401, challenges: bearer({ error: 'invalid_token' }) })).toBe(
    '401 invalid_token: the token is no longer accepted; a refresh gets a new one with the same consent',
  );
  expect(reason({ status: 401, challenges: bearer({}) })).toBe(
    '401: the token is no longer accepted; a refresh gets a new one with the same consent',
  );
  expect(reason({ status: 401, attempts: { refreshes: 1, reauthorizations: 1 } })).toBe(
    "The server still rejects the token after signing in again; check the server's token validation (issuer, audience, clock)",
  );
  expect(reason({ status: 401, hasRefreshToken: false })).toBe(
    'The token cannot be refreshed: sign in again',
  );
  expect(
    reason({
      challenges: bearer({ error: 'access_denied', error_description: 'Notes are read-only' }),
    }),
  ).toBe(
    'The server refused the request (403, error="access_denied"): Notes are read-only. This is not a missing scope, so signing in again would not help',
  );
  expect(reason({ challenges: bearer({ error: 'invalid_token' }) })).toBe(
    'The server refused the request (403, error="invalid_token"). This is not a missing scope, so signing in again would not help',
  );
  expect(reason({ challenges: [] })).toBe(
    'The server refused the request (403, no Bearer error code). This is not a missing scope, so signing in again would not help',
  );
  const limit = { attempts: { refreshes: 0, reauthorizations: 1 } };
  expect(
    reason({
      ...limit,
      challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write notes:admin' }),
    }),
  ).toBe(
    'Insufficient scope after re-authorization: the server still answers 403 insufficient_scope (it asks for notes:write notes:admin) after 1 consent round(s). Ask the server operator which scope the tool needs',
  );
  expect(reason({ ...limit, challenges: bearer({ error: 'insufficient_scope' }) })).toBe(
    'Insufficient scope after re-authorization: the server still answers 403 insufficient_scope after 1 consent round(s). Ask the server operator which scope the tool needs',
  );
  expect(
    reason({
      challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write notes:admin' }),
    }),
  ).toBe('403 insufficient_scope: ask the user to also grant notes:write notes:admin');
  expect(reason({ challenges: bearer({ error: 'insufficient_scope', scope: 'notes:read' }) })).toBe(
    '403 insufficient_scope names only scopes already granted: ask the user to consent again',
  );
});

test('decide(): a challenge without resource_metadata gives a decision without the field, not one set to undefined', () => {
  expect(
    run({ challenges: bearer({ error: 'insufficient_scope', scope: 'notes:write' }) }),
  ).toStrictEqual({
    action: 'reauthorize',
    scopes: ['notes:read', 'notes:write'],
    newScopes: ['notes:write'],
    reason: '403 insufficient_scope: ask the user to also grant notes:write',
  });
});
