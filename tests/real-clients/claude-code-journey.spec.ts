// What Claude Code did in its recorded step-up journeys: the interactive
// session driven in a terminal (tmux), `claude mcp login/logout`, and `-p`,
// with consent answered in Chromium (tests/real-clients/harness/claude-code-journey.ts).
// Claude Code is proprietary: npm test does not run it. These tests state each
// recorded fact as the sentence the pages show and check it against the
// committed record (tests/real-clients/records/claude-code-journey/<version>.json,
// made by `npm run compat -- --journey --update --client claude-code@VERSION`):
// a re-recording that changes what a sentence says fails here, naming the run.
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';
import { journeyRun, PINNED } from './harness/claude-code-journey-records.ts';
import type { JourneyRun } from './harness/claude-code-journey.ts';
import { firstSignInScopes } from '../../examples/server/scope-policy.ts';

const STEP_UPS = ['held-scope', 'full-set', 'delta-only'] as const;
/**
 * The scopes each scenario's 403 names (examples/server/scope-policy.ts), as the records show them.
 */
const CHALLENGED: Record<(typeof STEP_UPS)[number], string> = {
  'held-scope': 'notes:read notes:write',
  'full-set': 'notes:read notes:write',
  'delta-only': 'notes:write',
};

const words = (scope: string | undefined) => new Set((scope ?? '').split(' ').filter(Boolean));

/** The 403 the run met, read from the server's side of the record. */
function challenge(run: JourneyRun): string {
  const line = run.transcript.find((l) => l.includes('← 403') && l.includes('insufficient_scope'));
  return /scope="([^"]*)"/.exec(line ?? '')?.[1] ?? '';
}

/**
 * The re-authorization asked for everything the challenge named plus what the token held, with
 * prompt=consent.
 */
function expectUnionWithConsent(run: JourneyRun, label: string): void {
  expect(run.reauthorization, `${label}: one authorization request after the 403`).toHaveLength(1);
  const asked = words(run.reauthorization[0]!.scope);
  for (const scope of [...words(challenge(run)), ...words(run.credentials.before?.scope ?? '')]) {
    expect(asked.has(scope), `${label}: asked for ${scope}`).toBe(true);
  }
  expect(run.reauthorization[0]!.prompt, label).toBe('consent');
  expect(run.refreshAfter403, `${label}: refresh grants after the 403`).toBe(0);
}

test(
  'Claude Code 2.1.332 asks in the session and completes the step-up itself',
  claims(
    {
      'cc.journey.332-prompt':
        'In an interactive session, Claude Code 2.1.332 answers a `403` with a question in the session: "needs additional permissions for this tool (it asked for the scope …). Re-authenticate now?". Choosing "Re-authenticate in browser" opens one consent screen for the challenged scopes plus the ones already granted, with `prompt=consent`; once approved, Claude Code retries the call by itself and it works, and so does the next call (held-scope, full-set and delta-only)',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const run = journeyRun('2.1.332', `prompt × ${scenario} × approve`);
      expect(challenge(run), scenario).toBe(CHALLENGED[scenario]);
      expect(run.offeredReauthenticate, scenario).toBe(true);
      expect(run.screenAt403.join('\n'), scenario).toMatch(
        /needs additional permissions for this tool \(it asked for the scope "[^"]+"\)\.\s+Re-authenticate now\?/,
      );
      expect(run.screenAt403.join('\n'), scenario).toContain('Re-authenticate in browser');
      expectUnionWithConsent(run, scenario);
      expect(
        run.consentAfter403.map((c) => c.answer),
        scenario,
      ).toEqual(['approve']);
      expect(run.autoRetried, `${scenario}: the write worked before the user asked again`).toBe(
        true,
      );
      expect(run.nextCall?.outcome, scenario).toBe('works');
      expect(run.revocations, scenario).toEqual([]);
    }
  },
);

test(
  'Claude Code 2.1.332: /mcp Re-authenticate signs in, then revokes the grant the new token belongs to',
  claims(
    {
      'cc.journey.332-mcp-menu':
        'In Claude Code 2.1.332, `/mcp` → the server → **Re-authenticate** opens the same consent screen (challenged plus granted scopes, `prompt=consent`) and signs in, but the call is not retried, and after the new sign-in Claude Code sends the old refresh token to the revocation endpoint. An authorization server that ends the whole grant on that revocation (oidc-provider does, as RFC 7009 suggests) ends the new token with it: the next call fails with "needs you to sign in again (run /mcp to re-authenticate)"',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const run = journeyRun('2.1.332', `mcp-menu × ${scenario} × approve`);
      expectUnionWithConsent(run, scenario);
      expect(
        run.consentAfter403.map((c) => c.answer),
        scenario,
      ).toEqual(['approve']);
      expect(run.autoRetried, scenario).toBe(false);
      // The revocation comes after the new sign-in's token grant.
      const grant = run.transcript.findLastIndex((l) =>
        l.includes('grant_type=authorization_code'),
      );
      const revoked = run.transcript.findIndex((l) => l.includes('/token/revocation ← 200'));
      expect(revoked, `${scenario}: a revocation after the new sign-in`).toBeGreaterThan(grant);
      // The first sign-in's refresh token, not the new one: revoking it ends the grant both belong
      // to.
      expect(run.revocationEvents, scenario).toEqual(
        expect.arrayContaining([
          'refresh token 1 of 2 issued so far revoked',
          'grant revoked (every token issued under it)',
        ]),
      );
      expect(
        run.transcript.some((l) => l.includes('The access token was revoked')),
        scenario,
      ).toBe(true);
      expect(run.nextCall?.outcome, scenario).toBe('fails');
      expect(run.nextCall?.userSees, scenario).toContain(
        'needs you to sign in again (run /mcp to re-authenticate)',
      );
    }
  },
);

test(
  'Claude Code 2.1.332: claude mcp login revokes first, then signs in afresh, and the session uses the new token',
  claims(
    {
      'cc.journey.332-mcp-login':
        'In Claude Code 2.1.332, `claude mcp login <name>` run in a second terminal revokes the stored tokens first, then opens a consent screen with `prompt=consent` that lists every scope as new (the old grant is gone); the running session does not retry the failed call, but its next call works with the new token, without a restart',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const run = journeyRun('2.1.332', `mcp-login × ${scenario} × approve`);
      expectUnionWithConsent(run, scenario);
      expect(run.consentAfter403, scenario).toHaveLength(1);
      expect(
        run.consentAfter403[0]!.granted,
        `${scenario}: nothing listed as already granted`,
      ).toEqual([]);
      expect(run.consentAfter403[0]!.new, scenario).toEqual(
        expect.arrayContaining([...words(challenge(run))]),
      );
      // Revoked before the browser opened.
      const revoked = run.transcript.findIndex((l) => l.includes('/token/revocation'));
      const opened = run.transcript.findLastIndex(
        (l) => l.startsWith('browser') && l.includes('GET /auth ←'),
      );
      expect(revoked, scenario).toBeGreaterThan(-1);
      expect(revoked, `${scenario}: revoked before the consent screen`).toBeLessThan(opened);
      expect(run.autoRetried, scenario).toBe(false);
      expect(run.nextCall?.outcome, scenario).toBe('works');
      expect(run.screenAfter.join('\n'), scenario).toContain('Authenticated with "notes"');
    }
  },
);

test(
  'Claude Code 2.1.332 signs in for the protected resource metadata scopes, not the 401 scope',
  claims(
    {
      'cc.journey.332-first-sign-in':
        "Claude Code 2.1.332's first sign-in asks for every scope in the protected resource metadata's `scopes_supported`, plus `offline_access`, with `prompt=consent`, even where the `401` names fewer: in the no-scope scenario the `401` names `notes:read` and the metadata lists `notes:read notes:write notes:admin`, so the first token holds every scope and no `403` follows. It does not ask for the authorization server's `scopes_supported` (which adds `openid`)",
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    for (const scenario of [...STEP_UPS, 'no-scope'] as const) {
      const run = journeyRun('2.1.332', `prompt × ${scenario} × approve`);
      const metadata = [...firstSignInScopes(scenario)];
      expect([...words(run.firstSignIn?.scope)].sort(), scenario).toEqual(
        [...metadata, 'offline_access'].sort(),
      );
      expect(run.firstSignIn?.prompt, scenario).toBe('consent');
    }
    const noScope = journeyRun('2.1.332', 'prompt × no-scope × approve');
    const challenged401 = /← 401 {2}Bearer scope="([^"]*)"/.exec(
      noScope.transcript.join('\n'),
    )?.[1];
    expect(challenged401, 'the 401 names fewer scopes than the metadata').toBe('notes:read');
    expect(noScope.no403, 'no 403: the first token holds every scope').toBe(true);
  },
);

/**
 * Index in the transcript of the first revocation request and of the browser's authorization
 * request after the 403.
 */
function order(run: JourneyRun): { revoked: number; opened: number } {
  const after403 = run.transcript.findIndex(
    (l) => l.includes('← 403') && l.includes('insufficient_scope'),
  );
  const revoked = run.transcript.findIndex(
    (l, i) => i > after403 && l.includes('/token/revocation'),
  );
  const opened = run.transcript.findIndex(
    (l, i) => i > after403 && l.startsWith('browser') && l.includes('GET /auth ←'),
  );
  return { revoked, opened };
}

test(
  'Claude Code 2.1.118: no question in the session; /mcp Re-authenticate revokes first and asks for the challenge alone',
  claims(
    {
      'cc.journey.118-mcp-menu':
        'Claude Code 2.1.118 asks nothing in the session: the call fails. `/mcp` → the server → **Re-authenticate** first revokes the stored tokens, then asks for the scopes the challenge names, without `prompt=consent`, on a consent screen that lists every scope as new. The next call works when the challenge named every scope the call needs (held-scope, full-set) and fails after a delta-only challenge: the new token holds only `notes:write`, which replaced what was granted',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.118.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const asked = journeyRun('2.1.118', `prompt × ${scenario} × approve`);
      expect(asked.offeredReauthenticate, scenario).toBe(false);
      expect(asked.consentAfter403, `${scenario}: no consent screen without the user`).toEqual([]);
      expect(asked.nextCall?.outcome, scenario).toBe('fails');

      const run = journeyRun('2.1.118', `mcp-menu × ${scenario} × approve`);
      const { revoked, opened } = order(run);
      expect(revoked, `${scenario}: revoked`).toBeGreaterThan(-1);
      expect(revoked, `${scenario}: revoked before the browser opened`).toBeLessThan(opened);
      expect(run.reauthorization, scenario).toHaveLength(1);
      expect(run.reauthorization[0]!.prompt, `${scenario}: no prompt=consent`).toBeNull();
      expect([...words(run.reauthorization[0]!.scope)].sort(), scenario).toEqual(
        [...words(challenge(run)), 'offline_access'].sort(),
      );
      expect(
        run.consentAfter403.map((c) => c.granted),
        `${scenario}: nothing listed as already granted`,
      ).toEqual([[]]);
      expect(run.nextCall?.outcome, scenario).toBe(scenario === 'delta-only' ? 'fails' : 'works');
    }
    expect(journeyRun('2.1.118', 'mcp-menu × delta-only × approve').credentials.after?.scope).toBe(
      'notes:write',
    );
  },
);

test(
  'Claude Code 2.1.118: declining signs you out; Clear authentication keeps the client registration',
  claims(
    {
      'cc.journey.118-decline-clear':
        'In 2.1.118, declining the consent screen after **Re-authenticate** leaves you signed out, since the tokens were revoked before the browser opened: even a read fails. **Clear authentication** deletes the stored tokens but keeps the client registration, and asks the server to revoke the tokens',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.118.json'] },
  ),
  () => {
    const declined = journeyRun('2.1.118', 'mcp-menu × held-scope × deny');
    expect(declined.consentAfter403.map((c) => c.answer)).toEqual(['deny']);
    const { revoked, opened } = order(declined);
    expect(revoked).toBeGreaterThan(-1);
    expect(revoked).toBeLessThan(opened);
    expect(declined.credentials.after).toMatchObject({ accessToken: false, refreshToken: false });
    expect(declined.nextCall).toMatchObject({ tool: 'list_notes', outcome: 'fails' });
    const cleared = journeyRun('2.1.118', 'clear-auth × full-set');
    expect(cleared.credentials.before).toMatchObject({
      accessToken: true,
      refreshToken: true,
      clientId: true,
    });
    expect(cleared.credentials.after).toMatchObject({
      accessToken: false,
      refreshToken: false,
      clientId: true,
    });
    expect(cleared.revocations).toContain(200);
    expect(cleared.revocationEvents).toContain('grant revoked (every token issued under it)');
  },
);

test(
  'Claude Code 2.1.117: refreshes on held-scope, and /mcp Re-authenticate behaves as in 2.1.118',
  claims(
    {
      'cc.journey.117-mcp-menu':
        'Claude Code 2.1.117 asks nothing in the session either, and on a held-scope challenge it first refreshes silently and gets the same `403`. Its **Re-authenticate** in `/mcp` does what 2.1.118 does: it revokes the stored tokens, asks for the challenged scopes alone without `prompt=consent`, and the next call works after held-scope and full-set challenges but not after a delta-only one',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.117.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const asked = journeyRun('2.1.117', `prompt × ${scenario} × approve`);
      expect(asked.offeredReauthenticate, scenario).toBe(false);
      expect(asked.consentAfter403, scenario).toEqual([]);
      expect(asked.refreshAfter403, `${scenario}: silent refresh only on held-scope`).toBe(
        scenario === 'held-scope' ? 1 : 0,
      );
      expect(asked.nextCall?.outcome, scenario).toBe('fails');

      const run = journeyRun('2.1.117', `mcp-menu × ${scenario} × approve`);
      const { revoked, opened } = order(run);
      expect(revoked, `${scenario}: revoked`).toBeGreaterThan(-1);
      expect(revoked, `${scenario}: revoked before the browser opened`).toBeLessThan(opened);
      expect(run.reauthorization[0]?.prompt, scenario).toBeNull();
      expect([...words(run.reauthorization[0]?.scope)].sort(), scenario).toEqual(
        [...words(challenge(run)), 'offline_access'].sort(),
      );
      expect(run.nextCall?.outcome, scenario).toBe(scenario === 'delta-only' ? 'fails' : 'works');
    }
  },
);

test(
  'Claude Code 2.1.216: Re-authenticate revokes after the new sign-in, which ends the new token on such a server',
  claims(
    {
      'cc.journey.216-mcp-menu':
        'Claude Code 2.1.216 asks nothing in the session. Its **Re-authenticate** in `/mcp` no longer revokes before the new sign-in, as its changelog says: the consent screen lists the granted scopes as already granted, and declining it revokes nothing. But once the new sign-in succeeds it revokes the old refresh token, and on an authorization server that ends the whole grant on that revocation the new token ends too: the next call fails. It asks for the challenged scopes alone, without `prompt=consent`. `claude mcp login <name>` revokes first, and the next call works',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.216.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const asked = journeyRun('2.1.216', `prompt × ${scenario} × approve`);
      expect(asked.offeredReauthenticate, scenario).toBe(false);
      expect(asked.consentAfter403, scenario).toEqual([]);

      const run = journeyRun('2.1.216', `mcp-menu × ${scenario} × approve`);
      const { revoked, opened } = order(run);
      expect(revoked, `${scenario}: revoked after the browser opened`).toBeGreaterThan(opened);
      const grant = run.transcript.findLastIndex((l) =>
        l.includes('grant_type=authorization_code'),
      );
      expect(revoked, `${scenario}: revoked after the new token was issued`).toBeGreaterThan(grant);
      expect(run.revocationEvents, scenario).toEqual(
        expect.arrayContaining([
          'refresh token 1 of 2 issued so far revoked',
          'grant revoked (every token issued under it)',
        ]),
      );
      expect(run.reauthorization[0]?.prompt, scenario).toBeNull();
      expect([...words(run.reauthorization[0]?.scope)].sort(), scenario).toEqual(
        [...words(challenge(run)), 'offline_access'].sort(),
      );
      if (scenario !== 'delta-only')
        expect(run.consentAfter403[0]?.granted, scenario).toContain('notes:read');
      expect(run.nextCall?.outcome, scenario).toBe('fails');
    }
    const declined = journeyRun('2.1.216', 'mcp-menu × held-scope × deny');
    expect(declined.consentAfter403.map((c) => c.answer)).toEqual(['deny']);
    expect(declined.revocations, 'declining revokes nothing').toEqual([]);
    for (const scenario of ['held-scope', 'full-set'] as const) {
      const login = journeyRun('2.1.216', `mcp-login × ${scenario} × approve`);
      const { revoked, opened } = order(login);
      expect(revoked, scenario).toBeGreaterThan(-1);
      expect(revoked, `${scenario}: login revokes first`).toBeLessThan(opened);
      expect(login.nextCall?.outcome, scenario).toBe('works');
    }
  },
);

test(
  'Claude Code with oauth.scopes pinned asks for the pinned scopes at every sign-in, never for the challenged one',
  claims(
    {
      'cc.journey.pinned-scopes':
        'With `oauth.scopes` pinned in the server\'s entry (here `notes:read notes:admin`), Claude Code 2.1.118, 2.1.216 and 2.1.332 ask for exactly the pinned scopes at the first sign-in, ahead of the metadata and the `401`, and again at the sign-in after a `403` (`claude mcp login`, or `/mcp` in 2.1.118), never for the scope the `403` names: the call that needs `notes:write` keeps failing. 2.1.332 does not ask "Re-authenticate now?" then',
    },
    {
      proof: [
        'tests/real-clients/records/claude-code-journey/2.1.118.json',
        'tests/real-clients/records/claude-code-journey/2.1.216.json',
        'tests/real-clients/records/claude-code-journey/2.1.332.json',
      ],
    },
  ),
  () => {
    for (const version of ['2.1.118', '2.1.216', '2.1.332']) {
      const run = journeyRun(version, 'pinned-scopes × full-set × approve');
      const pinned = words(PINNED);
      const first = words(run.firstSignIn?.scope);
      first.delete('offline_access');
      expect(first, `${version}: first sign-in`).toEqual(pinned);
      expect(
        words(challenge(run)).has('notes:write'),
        `${version}: the 403 names notes:write`,
      ).toBe(true);
      expect(run.reauthorization, version).toHaveLength(1);
      const again = words(run.reauthorization[0]!.scope);
      again.delete('offline_access');
      expect(again, `${version}: the sign-in after the 403`).toEqual(pinned);
      expect(run.nextCall?.outcome, version).toBe('fails');
    }
    expect(journeyRun('2.1.332', 'pinned-scopes × full-set × approve').offeredReauthenticate).toBe(
      false,
    );
  },
);

test(
  'Claude Code 2.1.216 and 2.1.332: /mcp Re-authenticate completes where the server offers no revocation endpoint',
  claims(
    {
      'cc.journey.mcp-menu-no-revocation':
        'Where the authorization server offers no revocation endpoint (its metadata has no `revocation_endpoint`), the same **Re-authenticate** in `/mcp` completes held-scope and full-set step-ups in Claude Code 2.1.216 and 2.1.332: one consent screen, nothing revoked, and the next call works',
    },
    {
      proof: [
        'tests/real-clients/records/claude-code-journey/2.1.216.json',
        'tests/real-clients/records/claude-code-journey/2.1.332.json',
      ],
    },
  ),
  () => {
    for (const version of ['2.1.216', '2.1.332']) {
      for (const scenario of ['held-scope', 'full-set'] as const) {
        const run = journeyRun(
          version,
          `mcp-menu (no revocation endpoint) × ${scenario} × approve`,
        );
        const label = `${version} ${scenario}`;
        expect(run.authorizationServer, label).toBe('no revocation endpoint');
        expect(
          run.consentAfter403.map((c) => c.answer),
          label,
        ).toEqual(['approve']);
        expect(run.revocations, label).toEqual([]);
        expect(run.nextCall?.outcome, label).toBe('works');
        // The same journey against the reference server, which offers one, ends signed out.
        expect(
          journeyRun(version, `mcp-menu × ${scenario} × approve`).nextCall?.outcome,
          `${label}, reference server`,
        ).toBe('fails');
      }
    }
  },
);
