// What the agent CLIs (Codex CLI, opencode) did, read from their records in
// tests/real-clients/records/. These clients are never installed by npm install
// or npm test: their runs come from the opt-in command
//   npm run compat -- --update --client codex@0.171.0,opencode@1.18.33
// and these tests check that each sentence the page states is what the
// recorded runs show, version by version.
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';
import type { CompatRecord } from './harness/record.ts';
import { readRecords } from './harness/records.ts';
import type { ScenarioName } from '../../examples/server/scenarios.ts';
import { firstSignInScopes } from '../../examples/server/scope-policy.ts';

const records = readRecords();
const CODEX = '0.171.0';
const OPENCODE = '1.18.33';

function run(clientId: string, scenario: ScenarioName): CompatRecord {
  const found = records.find((r) => r.clientId === clientId && r.scenario === scenario);
  if (!found) {
    throw new Error(
      `No record of ${clientId} × ${scenario} in tests/real-clients/records/. ` +
        `Record it: npm run compat -- --update --client ${clientId.split('-')[0]}@VERSION`,
    );
  }
  return found;
}

/** The scope of each authorization request the browser opened, in order. */
const authorizations = (r: CompatRecord) =>
  r.transcript
    .filter((l) => /^browser → AS +GET \/auth .*scope="/.test(l))
    .map((l) => /scope="([^"]*)"( prompt=\w+)?/.exec(l)![0]);

/** Scenarios whose 403 names a scope a correct client can get. */
const STEP_UPS = ['full-set', 'delta-only', 'held-scope', 'changed-metadata'] as const;
const REGISTRATIONS = ['local-document', 'registers'] as const;

test("the agent CLIs' records pin the versions that made them", () => {
  const agents = records.filter((r) => /^(codex|opencode)-/.test(r.clientId));
  expect(agents.length, 'records of Codex CLI and opencode').toBeGreaterThan(0);
  for (const r of agents) {
    expect(r.version, r.clientId).toBe(r.client === 'Codex CLI' ? CODEX : OPENCODE);
    expect(r.clientId, 'the version is part of the row id').toContain(`-${r.version}-`);
    expect(r.date, r.clientId).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
});

test(
  'Codex CLI does not step up in codex exec: the call fails with no refresh and no browser',
  claims(
    {
      'compat.codex-no-step-up':
        'Codex CLI 0.171.0 does not step up: in `codex exec`, a `403 insufficient_scope` fails the tool call with "Insufficient scope", and Codex neither refreshes nor opens the browser, whatever the challenge names',
    },
    {
      proof: [
        'tests/real-clients/records/codex-0.171.0-exec-local-document.json',
        'tests/real-clients/records/codex-0.171.0-exec-registers.json',
      ],
    },
  ),
  () => {
    for (const registration of REGISTRATIONS) {
      for (const scenario of STEP_UPS) {
        const r = run(`codex-${CODEX}-exec-${registration}`, scenario);
        const name = `${r.clientId} × ${scenario}`;
        expect(
          r.transcript.some((l) => /← 403 .*insufficient_scope/.test(l)),
          `${name}: a 403 happened`,
        ).toBe(true);
        expect(r, name).toMatchObject({
          outcome: 'fails',
          consentScreens: 1,
          browserRoundTrips: 1,
          refreshAfter403: 0,
        });
        expect(r.userSees, name).toContain('Insufficient scope');
      }
    }
  },
);

test(
  "codex mcp login asks again for the first sign-in's scope, not the 403's",
  claims(
    {
      'compat.codex-login-same-scope':
        'Signing in again with `codex mcp login` asks for the same scope as the first sign-in, not the one the `403` named, and without `prompt=consent`: afterwards the call works only where the server wanted renewed consent for scopes the token already had (held-scope)',
    },
    {
      proof: [
        'tests/real-clients/records/codex-0.171.0-login-local-document.json',
        'tests/real-clients/records/codex-0.171.0-login-registers.json',
      ],
    },
  ),
  () => {
    for (const registration of REGISTRATIONS) {
      const id = `codex-${CODEX}-login-${registration}`;
      for (const scenario of ['full-set', 'delta-only'] as const) {
        const r = run(id, scenario);
        const [first, again, ...more] = authorizations(r);
        expect(first, `${id} × ${scenario}: a first sign-in`).toBeDefined();
        expect(more, `${id} × ${scenario}: two sign-ins`).toEqual([]);
        expect(again, `${id} × ${scenario}: the second sign-in's scope`).toBe(first);
        expect(first).not.toContain('notes:write');
        expect(first).not.toContain('prompt=');
        expect(r, `${id} × ${scenario}`).toMatchObject({
          outcome: 'fails',
          consentScreens: 2,
          refreshAfter403: 0,
        });
      }
      const held = run(id, 'held-scope');
      expect(held, `${id} × held-scope`).toMatchObject({
        outcome: 'works',
        consentScreens: 2,
        refreshAfter403: 0,
      });
      expect(held.userSees).toMatch(/after codex mcp login: Added note #\d+/);
    }
  },
);

test(
  'Codex CLI uses its metadata document where offered, else registers; same outcome',
  claims(
    {
      'compat.codex-client-id':
        'Where the authorization server offers Client ID Metadata Documents, Codex signs in as `https://chatgpt.com/oauth/codex/client.json` without registering; where it does not, Codex registers dynamically. Every scenario ends the same way either way',
    },
    {
      proof: [
        'tests/real-clients/records/codex-0.171.0-exec-local-document.json',
        'tests/real-clients/records/codex-0.171.0-exec-registers.json',
        'tests/real-clients/records/codex-0.171.0-login-local-document.json',
        'tests/real-clients/records/codex-0.171.0-login-registers.json',
      ],
    },
  ),
  () => {
    for (const after of ['exec', 'login'] as const) {
      const local = records.filter((r) => r.clientId === `codex-${CODEX}-${after}-local-document`);
      expect(local.length, `codex ${after}: a run per scenario`).toBeGreaterThan(0);
      for (const l of local) {
        const d = run(`codex-${CODEX}-${after}-registers`, l.scenario);
        const name = `codex ${after} × ${l.scenario}`;
        expect({ outcome: d.outcome, consentScreens: d.consentScreens }, name).toEqual({
          outcome: l.outcome,
          consentScreens: l.consentScreens,
        });
        expect(
          l.transcript.some((line) => line.includes('POST /reg')),
          `${name}: no registration`,
        ).toBe(false);
        expect(l.transcript[0], name).toContain(
          'https://chatgpt.com/oauth/codex/client.json is answered',
        );
        expect(
          d.transcript.some((line) => line.includes('POST /reg ← 201')),
          `${name}: registered`,
        ).toBe(true);
      }
    }
  },
);

test(
  "codex mcp login asks for the resource metadata's scopes_supported and offline_access",
  claims(
    {
      'compat.codex-scope-from-metadata':
        '`codex mcp login` asks for the scopes the protected resource metadata lists in `scopes_supported`, plus `offline_access`, at the first sign-in and every later one; it sends no request that the server could answer with a `401` naming a scope',
    },
    {
      proof: [
        'tests/real-clients/records/codex-0.171.0-exec-local-document.json',
        'tests/real-clients/records/codex-0.171.0-exec-registers.json',
        'tests/real-clients/records/codex-0.171.0-login-local-document.json',
        'tests/real-clients/records/codex-0.171.0-login-registers.json',
      ],
    },
  ),
  () => {
    const codex = records.filter((r) => r.clientId.startsWith(`codex-${CODEX}-`));
    expect(codex.length).toBeGreaterThan(0);
    for (const r of codex) {
      const name = `${r.clientId} × ${r.scenario}`;
      const firstAuth = r.transcript.findIndex((l) => /^browser → AS +GET \/auth /.test(l));
      expect(firstAuth, `${name}: a sign-in`).toBeGreaterThan(0);
      expect(
        r.transcript.slice(0, firstAuth).filter((l) => l.includes('← 401')),
        `${name}: no 401 before it`,
      ).toEqual([]);
      const expected = `scope="${[...firstSignInScopes(r.scenario), 'offline_access'].join(' ')}"`;
      for (const asked of authorizations(r)) expect(asked, name).toBe(expected);
    }
  },
);

test(
  'Codex CLI refreshes an expired token asking for a scope it was not granted',
  claims(
    {
      'compat.codex-refresh-scope':
        'Once its access token has expired, Codex refreshes it asking for `offline_access` too, a scope it was not granted (it sends no `prompt=consent`, without which oidc-provider does not grant `offline_access`); the refresh is refused with `invalid_scope`, and the session starts without the notes tools',
    },
    {
      proof: [
        'tests/real-clients/records/codex-0.171.0-exec-local-document.json',
        'tests/real-clients/records/codex-0.171.0-exec-registers.json',
        'tests/real-clients/records/codex-0.171.0-login-local-document.json',
        'tests/real-clients/records/codex-0.171.0-login-registers.json',
      ],
    },
  ),
  () => {
    for (const id of records
      .map((r) => r.clientId)
      .filter((id) => id.startsWith(`codex-${CODEX}-`))) {
      const r = run(id, 'short-lived-token');
      const refreshes = r.transcript.filter((l) => l.includes('grant_type=refresh_token'));
      expect(refreshes.length, `${id}: refreshes`).toBeGreaterThan(0);
      for (const line of refreshes) {
        expect(line, id).toMatch(/← 400 scope="[^"]*offline_access[^"]*".*invalid_scope/);
      }
      expect(
        authorizations(r).every((a) => !a.includes('prompt=')),
        `${id}: no prompt`,
      ).toBe(true);
      const screens = r.transcript.filter((l) => l.startsWith('consent screen'));
      expect(screens.length, id).toBe(1);
      expect(screens[0], `${id}: offline_access is not among the granted scopes`).not.toContain(
        'offline_access',
      );
      expect(r.userSees, id).toContain('add_note was not called (offered: no notes tools)');
    }
  },
);

test(
  'opencode refreshes after the 403, gets the same 403 and fails',
  claims(
    {
      'compat.opencode-refresh-first':
        'opencode 1.18.33 answers a `403 insufficient_scope` with a silent refresh, gets the same `403` back and fails with "Server returned 403 after trying upscoping" (the message of `@modelcontextprotocol/sdk` 1.x), whatever the challenge names; it opens no browser during the session',
    },
    {
      proof: [
        'tests/real-clients/records/opencode-1.18.33-run.json',
        'tests/real-clients/records/sdk-1.32.2-refresh.json',
      ],
    },
  ),
  () => {
    for (const scenario of [
      'full-set',
      'delta-only',
      'held-scope',
      'no-scope',
      'changed-metadata',
    ] as const) {
      const r = run(`opencode-${OPENCODE}-run`, scenario);
      const name = `opencode run × ${scenario}`;
      expect(r, name).toMatchObject({
        outcome: 'fails',
        consentScreens: 1,
        browserRoundTrips: 1,
        refreshAfter403: 1,
      });
      expect(r.userSees, name).toContain('Server returned 403 after trying upscoping');
      const after = r.transcript.slice(
        r.transcript.findIndex((l) => /← 403 .*insufficient_scope/.test(l)),
      );
      expect(after.filter((l) => /← 403 .*insufficient_scope/.test(l)).length, name).toBe(2);
    }
    // The same words as the 1.x TypeScript SDK's own failure, as its record shows.
    const sdk1 = run('sdk-1.32.2-refresh', 'held-scope');
    expect(sdk1.userSees).toContain('Server returned 403 after trying upscoping');
  },
);

test(
  'opencode mcp auth again asks for its first scope: only renewed consent helps',
  claims(
    {
      'compat.opencode-auth-again':
        'Signing in again (`opencode mcp logout`, then `opencode mcp auth`) registers a new client and asks, with `prompt=consent`, for the same scope as the first sign-in, not the one the `403` named: afterwards the call works only where the server wanted renewed consent for scopes the token already had (held-scope); elsewhere opencode refreshes and fails again',
    },
    { proof: ['tests/real-clients/records/opencode-1.18.33-auth.json'] },
  ),
  () => {
    const id = `opencode-${OPENCODE}-auth`;
    for (const scenario of ['full-set', 'delta-only'] as const) {
      const r = run(id, scenario);
      const name = `${id} × ${scenario}`;
      const [first, again, ...more] = authorizations(r);
      expect(first, `${name}: a first sign-in`).toContain('prompt=consent');
      expect(more, `${name}: two sign-ins`).toEqual([]);
      expect(again, `${name}: the second sign-in's scope`).toBe(first);
      expect(first).not.toContain('notes:write');
      expect(
        r.transcript.filter((l) => l.includes('POST /reg ← 201')).length,
        name,
      ).toBeGreaterThan(1);
      expect(r, name).toMatchObject({ outcome: 'fails', consentScreens: 2 });
      expect(r.refreshAfter403, name).toBeGreaterThan(1);
    }
    const held = run(id, 'held-scope');
    expect(held, `${id} × held-scope`).toMatchObject({ outcome: 'works', consentScreens: 2 });
    expect(held.userSees).toMatch(/after opencode mcp auth: Added note #\d+/);
  },
);
