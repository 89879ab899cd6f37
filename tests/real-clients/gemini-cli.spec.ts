// Gemini CLI's rows of the matrix, read from its records
// (tests/real-clients/records/gemini-cli-*.json). Gemini CLI is installed on
// demand by `npm run compat -- --client gemini-cli@0.61.0` (outside the
// repository, in a loopback-only namespace), never by `npm test`: these tests
// check that the records are whole and state, in words, what they show. The
// opt-in command compares fresh runs with the records and fails on a change.
import { challenged, SCENARIO_ORDER } from './harness/matrix.ts';
import type { CompatRecord } from './harness/record.ts';
import { readRecords } from './harness/records.ts';
import type { ScenarioName } from '../../examples/server/scenarios.ts';
import { firstSignInScopes } from '../../examples/server/scope-policy.ts';
import { OIDC_SCOPES, SCOPES_SUPPORTED } from '../../examples/server/scopes.ts';
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';

const VERSION = '0.61.0';
const HEADLESS = `gemini-cli-${VERSION}`;
const MCP_AUTH = `gemini-cli-${VERSION}-mcp-auth`;
const MCP_AUTH_THEN_HEADLESS = `gemini-cli-${VERSION}-mcp-auth-headless`;
const SIGNED_IN_ROWS = [MCP_AUTH, MCP_AUTH_THEN_HEADLESS];

const records = readRecords();

function run(clientId: string, scenario: ScenarioName): CompatRecord {
  const found = records.find((r) => r.clientId === clientId && r.scenario === scenario);
  if (!found) throw new Error(`no record of ${clientId} × ${scenario}`);
  return found;
}

/** The first authorization request the browser made, as the transcript shows it. */
const firstAuthorization = (r: CompatRecord) =>
  r.transcript.find((l) => /^browser → AS GET \/auth ← /.test(l));
const linesAfter403 = (r: CompatRecord) =>
  r.transcript.slice(r.transcript.findIndex((l) => /← 403 .*insufficient_scope/.test(l)) + 1);

test('Gemini CLI 0.61.0 has a record of every scenario for each way of signing in', () => {
  for (const clientId of [HEADLESS, ...SIGNED_IN_ROWS]) {
    for (const scenario of SCENARIO_ORDER) {
      const r = run(clientId, scenario);
      const what = `${clientId} × ${scenario}`;
      expect(r, what).toMatchObject({ client: 'Gemini CLI', version: VERSION });
      // No secret reached the record: codes and tokens are redacted by the harness.
      const secret = /\b(code|access_token|refresh_token)=(?!\[redacted\])/;
      expect(r.transcript.join('\n') + r.userSees, what).not.toMatch(secret);
    }
  }
});

test(
  "headless Gemini CLI never signs in: it reads the root metadata, not the 401's",
  claims(
    {
      'compat.gemini-headless-no-sign-in':
        'Gemini CLI 0.61.0 in headless mode (`gemini -p`, OAuth enabled in its settings) never signs in to the reference server: it does not use the `resource_metadata` of the `401` it got, sends a `HEAD` to look for another challenge (the server answers `405`), reads `/.well-known/oauth-protected-resource` at the root of the origin instead of the path-inserted document for the MCP endpoint, and gives up without opening a browser. The user reads only "MCP issues detected"',
    },
    { proof: ['tests/real-clients/records/gemini-cli-0.61.0.json'] },
  ),
  () => {
    for (const scenario of SCENARIO_ORDER) {
      const r = run(HEADLESS, scenario);
      expect(r, scenario).toMatchObject({ consentScreens: 0, browserRoundTrips: 0 });
      expect(r.outcome, scenario).not.toBe('works');
      const log = r.transcript.join('\n');
      const challenge = /^client → MCP POST \/mcp ← 401 Bearer .*resource_metadata=/m;
      expect(log, scenario).toMatch(challenge);
      expect(log, scenario).toMatch(/^client → MCP HEAD \/mcp ← 405$/m);
      const rootMetadata = /^client → MCP GET \/\.well-known\/oauth-protected-resource ← 200$/m;
      expect(log, scenario).toMatch(rootMetadata);
      expect(log, scenario).not.toContain('/.well-known/oauth-protected-resource/mcp');
      expect(log, scenario).not.toMatch(/→ AS (GET \/auth|POST \/reg|POST \/token)/);
      expect(r.userSees, scenario).toContain('MCP issues detected');
    }
  },
);

test(
  '/mcp auth asks for every scope the authorization server lists: few 403s',
  claims(
    {
      'compat.gemini-mcp-auth-every-scope':
        "Its `/mcp auth` sign-in asks for every scope the authorization server's metadata lists (`openid offline_access notes:read notes:write notes:admin`), not the scope the `401` names nor the resource's `scopes_supported`, so the first consent already grants what any call needs: in every scenario but held-scope no `403` follows and the call works",
    },
    {
      proof: [
        'tests/real-clients/records/gemini-cli-0.61.0-mcp-auth.json',
        'tests/real-clients/records/gemini-cli-0.61.0-mcp-auth-headless.json',
      ],
    },
  ),
  () => {
    const everyScope = [...OIDC_SCOPES, ...SCOPES_SUPPORTED].join(' ');
    for (const clientId of SIGNED_IN_ROWS) {
      for (const scenario of SCENARIO_ORDER) {
        const r = run(clientId, scenario);
        const what = `${clientId} × ${scenario}`;
        expect(firstAuthorization(r), what).toContain(`scope="${everyScope}"`);
        // More than the 401 named, and more than the resource's metadata listed.
        const first401 = /^client → MCP POST \/mcp ← 401 Bearer scope="notes:read( notes:write)?"/;
        expect(r.transcript[0], what).toMatch(first401);
        if (scenario !== 'no-scope') {
          expect(firstSignInScopes(scenario), what).not.toContain('notes:admin');
        }
        if (scenario === 'held-scope') continue;
        expect(challenged(r), what).toBe(false);
        expect(r, what).toMatchObject({ outcome: 'works', consentScreens: 1 });
      }
    }
  },
);

test(
  'on a 403 Gemini CLI re-registers, tries a refresh grant, fails without consent',
  claims(
    {
      'compat.gemini-403-refresh-new-client':
        'On a `403 insufficient_scope` (held-scope) it asks for no consent: it registers a new client, then tries a refresh grant, which the authorization server refuses ("requested grant type is not allowed for this client"), and the call fails with that message, in the interactive session and in `gemini -p` alike',
    },
    {
      proof: [
        'tests/real-clients/records/gemini-cli-0.61.0-mcp-auth.json',
        'tests/real-clients/records/gemini-cli-0.61.0-mcp-auth-headless.json',
      ],
    },
  ),
  () => {
    for (const clientId of SIGNED_IN_ROWS) {
      const r = run(clientId, 'held-scope');
      expect(r, clientId).toMatchObject({
        outcome: 'fails',
        consentScreens: 1,
        refreshAfter403: 1,
      });
      const after = linesAfter403(r);
      const registered = after.findIndex((l) => l.startsWith('client → AS POST /reg ← 201'));
      const refresh = 'client → AS POST /token ← 400 grant_type=refresh_token';
      const refused = after.findIndex((l) => l.startsWith(refresh));
      expect(registered, `${clientId}: a new registration after the 403`).toBeGreaterThan(-1);
      expect(refused, `${clientId}: then a refused refresh grant`).toBeGreaterThan(registered);
      expect(after.join('\n'), clientId).not.toMatch(/GET \/auth/);
      expect(r.userSees, clientId).toContain('requested grant type is not allowed for this client');
    }
  },
);

test(
  'Gemini CLI registers dynamically though the server accepts metadata documents',
  claims(
    {
      'compat.gemini-registers':
        "It registers dynamically (`POST /reg`) before every first sign-in and never offers a Client ID Metadata Document, although the authorization server's metadata says it accepts them, so it has one run per scenario",
    },
    {
      proof: [
        'tests/real-clients/records/gemini-cli-0.61.0.json',
        'tests/real-clients/records/gemini-cli-0.61.0-mcp-auth.json',
        'tests/real-clients/records/gemini-cli-0.61.0-mcp-auth-headless.json',
      ],
    },
  ),
  async ({ servers }) => {
    const response = await fetch(`${servers.issuer}/.well-known/oauth-authorization-server`);
    const metadata = (await response.json()) as { client_id_metadata_document_supported?: boolean };
    expect(metadata.client_id_metadata_document_supported).toBe(true);
    for (const clientId of SIGNED_IN_ROWS) {
      for (const scenario of SCENARIO_ORDER) {
        const log = run(clientId, scenario).transcript;
        const registered = log.findIndex((l) => l.startsWith('client → AS POST /reg ← 201'));
        const authorized = log.findIndex((l) => /^browser → AS GET \/auth ← /.test(l));
        const what = `${clientId} × ${scenario}`;
        expect(registered, `${what}: POST /reg`).toBeGreaterThan(-1);
        expect(registered, `${what}: POST /reg before the consent`).toBeLessThan(authorized);
      }
    }
  },
);
