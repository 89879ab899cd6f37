// What Claude Code did in its recorded headless runs (claude -p), stated as
// the sentences the pages show. Claude Code is proprietary: npm test does not
// run it, so these tests check each sentence against the committed records
// (tests/real-clients/records/claude-code-<version>.json, made by
// `npm run compat -- --update --client claude-code@...`). A re-recording that
// changes what a sentence says fails here, naming the record.
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';
import { firstSignInScopes } from '../../examples/server/scope-policy.ts';
import {
  ccRun,
  challengedScope,
  heldScopeFixVersion,
  signInScopes,
} from '../../src/lib/claude-code-records.ts';

/** The scenarios where the 403 asks for access a correct client can obtain. */
const STEP_UPS = ['full-set', 'delta-only', 'held-scope'] as const;

test(
  'Claude Code 2.1.117 refreshes on a held-scope challenge and fails',
  claims(
    {
      'cc.record.117-refreshes-held':
        'Asked again for a scope it already holds, 2.1.117 refreshes silently, gets the same `403`, and fails with "Server returned 403 after trying upscoping"',
    },
    { proof: ['tests/real-clients/records/claude-code-2.1.117.json'] },
  ),
  () => {
    const run = ccRun('2.1.117', 'held-scope');
    expect(run.refreshAfter403, 'refresh grants after the 403').toBeGreaterThan(0);
    expect(run.outcome).toBe('fails');
    expect(run.userSees).toContain('Server returned 403 after trying upscoping');
  },
);

test(
  'Claude Code 2.1.117 and 2.1.118 report a new-scope challenge as an expired token',
  claims(
    {
      'cc.record.token-expired-message':
        '2.1.117 and 2.1.118 fail a call that needs a new scope with "requires re-authorization (token expired)", though the token has not expired',
    },
    {
      proof: [
        'tests/real-clients/records/claude-code-2.1.117.json',
        'tests/real-clients/records/claude-code-2.1.118.json',
      ],
    },
  ),
  () => {
    for (const version of ['2.1.117', '2.1.118']) {
      for (const scenario of ['full-set', 'delta-only'] as const) {
        const run = ccRun(version, scenario);
        expect(run.userSees, `${version} ${scenario}`).toContain(
          'requires re-authorization (token expired)',
        );
        // The token was fresh: the server answered 403 insufficient_scope, not 401 invalid_token.
        expect(
          challengedScope(run),
          `${version} ${scenario}: a 403 insufficient_scope`,
        ).toBeTruthy();
        expect(
          run.transcript.filter((l) => l.includes('← 401') && l.includes('invalid_token')),
          `${version} ${scenario}`,
        ).toEqual([]);
      }
    }
  },
);

test(
  'Claude Code 2.1.118 does not refresh after a 403 and fails the call',
  claims(
    {
      'cc.record.118-no-refresh':
        '2.1.118 does not refresh after a `403`, whatever the challenge names: the call fails with "requires re-authorization (token expired)"',
    },
    { proof: ['tests/real-clients/records/claude-code-2.1.118.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const run = ccRun('2.1.118', scenario);
      expect(run.refreshAfter403, scenario).toBe(0);
      expect(run.outcome, scenario).toBe('fails');
      expect(run.userSees, scenario).toContain('requires re-authorization (token expired)');
    }
  },
);

test(
  'Claude Code 2.1.332 with -p names the scopes and points to /mcp',
  claims(
    {
      'cc.record.332-p-message':
        'With `-p`, 2.1.332 does not refresh: the call fails with "needs additional permissions (scope: …) — run /mcp to re-authenticate", naming the scopes the server asked for',
    },
    { proof: ['tests/real-clients/records/claude-code-2.1.332.json'] },
  ),
  () => {
    for (const scenario of STEP_UPS) {
      const run = ccRun('2.1.332', scenario);
      expect(run.refreshAfter403, scenario).toBe(0);
      expect(run.outcome, scenario).toBe('fails');
      const scope = challengedScope(run);
      expect(run.userSees, scenario).toContain(
        `needs additional permissions (scope: "${scope}") — run /mcp to re-authenticate`,
      );
    }
  },
);

test(
  'no recorded Claude Code version opens the browser after a 403 in a -p run',
  claims(
    {
      'cc.record.headless-no-browser':
        'In a `-p` run, no recorded version opens the browser after the `403`: the call fails, and the step-up waits for you',
    },
    {
      proof: [
        'tests/real-clients/records/claude-code-2.1.117.json',
        'tests/real-clients/records/claude-code-2.1.118.json',
        'tests/real-clients/records/claude-code-2.1.332.json',
      ],
    },
  ),
  () => {
    for (const version of ['2.1.117', '2.1.118', '2.1.332']) {
      for (const scenario of STEP_UPS) {
        const run = ccRun(version, scenario);
        expect(run.variant, `${version}: a headless run`).toBe('headless (-p)');
        expect(run.consentScreens, `${version} ${scenario}: only the first sign-in`).toBe(1);
        expect(run.outcome, `${version} ${scenario}`).toBe('fails');
      }
    }
  },
);

test(
  'the held-scope fix shows between 2.1.117 and 2.1.118 in the records',
  claims(
    {
      'cc.record.held-scope-fix':
        'Recorded: on a challenge naming only scopes the token holds, 2.1.117 refreshed and failed; 2.1.118 and 2.1.332 did not refresh',
    },
    {
      proof: [
        'tests/real-clients/records/claude-code-2.1.117.json',
        'tests/real-clients/records/claude-code-2.1.118.json',
        'tests/real-clients/records/claude-code-2.1.332.json',
      ],
    },
  ),
  () => {
    expect(ccRun('2.1.117', 'held-scope')).toMatchObject({ outcome: 'fails' });
    expect(ccRun('2.1.117', 'held-scope').refreshAfter403).toBeGreaterThan(0);
    for (const version of ['2.1.118', '2.1.332'])
      expect(ccRun(version, 'held-scope').refreshAfter403, version).toBe(0);
    // The badge of the changelog row is computed from the records by the same function.
    expect(heldScopeFixVersion()).toBe('2.1.118');
  },
);

test(
  "Claude Code's first sign-in asks for the resource metadata's scopes, plus offline_access",
  claims(
    {
      'cc.record.first-sign-in':
        "Its first sign-in asks for every scope in the MCP server's protected resource metadata (`scopes_supported`), plus `offline_access`, even when the `401` names fewer. When that list holds every scope, no `403` ever comes",
    },
    {
      proof: [
        'tests/real-clients/records/claude-code-2.1.117.json',
        'tests/real-clients/records/claude-code-2.1.118.json',
        'tests/real-clients/records/claude-code-2.1.332.json',
      ],
    },
  ),
  () => {
    for (const version of ['2.1.117', '2.1.118', '2.1.332']) {
      for (const scenario of ['full-set', 'held-scope', 'no-scope'] as const) {
        // The reference server lists firstSignInScopes(scenario) as its metadata's scopes_supported.
        expect(signInScopes(ccRun(version, scenario)), `${version} ${scenario}`).toEqual([
          ...firstSignInScopes(scenario),
          'offline_access',
        ]);
      }
      const all = ccRun(version, 'no-scope');
      const named =
        all.transcript
          .find((l) => l.includes('← 401'))
          ?.match(/scope="([^"]*)"/)?.[1]
          ?.split(' ') ?? [];
      expect(
        named.length,
        `${version} no-scope: the 401 names fewer scopes than the metadata`,
      ).toBeLessThan(firstSignInScopes('no-scope').length);
      expect(all, `${version} no-scope`).toMatchObject({
        outcome: 'works',
        consentScreens: 1,
        refreshAfter403: 0,
      });
      expect(
        all.transcript.filter((l) => l.includes('← 403')),
        `${version}: no 403`,
      ).toEqual([]);
    }
  },
);
