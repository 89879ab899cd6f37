// What each official client really does on a step-up challenge, stated as
// behaviour (known defects included), not only compared with the record. Each
// test drives the real client through the reference servers, with consent
// given in Chromium, and counts grants on the server side.
import { claims } from '../support/claims.ts';
import { expect, runAndCompare, test } from './support.ts';

test.describe.configure({ mode: 'parallel', timeout: 150_000 });

test(
  'sdk 1.x holding a refresh token refreshes after the 403, gets the same 403 and fails',
  claims(
    {
      'compat.sdk1-refresh-first':
        '`@modelcontextprotocol/sdk` 1.x, when it holds a refresh token, answers the `403` with a silent refresh, gets the same `403` back and gives up with "Server returned 403 after trying upscoping", whatever the challenge says',
    },
    { proof: ['tests/real-clients/records/sdk-1.32.2-refresh.json'] },
  ),
  async ({ browser, hook }) => {
    for (const scenario of ['full-set', 'held-scope'] as const) {
      const run = await runAndCompare({ browser, hook }, 'sdk-1.32.2-refresh', scenario);
      expect(run.outcome, scenario).toBe('fails');
      expect(run.refreshAfter403, scenario).toBe(1);
      expect(run.consentScreens, `${scenario}: only the first sign-in`).toBe(1);
      expect(run.userSees).toContain('Server returned 403 after trying upscoping');
    }
  },
);

test(
  'sdk 1.x without a refresh token completes a full-set step-up with a second consent, and fails a delta-only one',
  claims(
    {
      'compat.sdk1-no-refresh':
        "Without a refresh token, 1.x completes a full-set step-up with a second consent screen, but fails a delta-only one: it replaces its scope with the challenge's, so it loses what it had",
    },
    { proof: ['tests/real-clients/records/sdk-1.32.2-no-refresh.json'] },
  ),
  async ({ browser, hook }) => {
    const full = await runAndCompare({ browser, hook }, 'sdk-1.32.2-no-refresh', 'full-set');
    expect(full).toMatchObject({ outcome: 'works', consentScreens: 2, refreshAfter403: 0 });
    const delta = await runAndCompare({ browser, hook }, 'sdk-1.32.2-no-refresh', 'delta-only');
    expect(delta.outcome).toBe('fails');
  },
);

test(
  'sdk 1.22.0, before 403 handling arrived in 1.23.0, shows the 403 as an error without asking for consent',
  claims(
    {
      'compat.sdk1-before-1-23':
        '1.22.0, the last release before 403 handling arrived in 1.23.0, shows the `403` to the user as an error and never asks for consent',
    },
    { proof: ['tests/real-clients/records/sdk-1.22.0-no-refresh.json'] },
  ),
  async ({ browser, hook }) => {
    const run = await runAndCompare({ browser, hook }, 'sdk-1.22.0-no-refresh', 'full-set');
    expect(run).toMatchObject({ outcome: 'fails', consentScreens: 1, refreshAfter403: 0 });
    expect(run.userSees).toContain('HTTP 403');
  },
);

test(
  'client 2.x completes full-set and delta-only step-ups with one more consent and no refresh',
  claims(
    {
      'compat.client2-new-scope':
        '`@modelcontextprotocol/client` 2.x completes full-set and delta-only step-ups with one more consent screen and no refresh',
    },
    { proof: ['tests/real-clients/records/client-2.4.0-refresh.json'] },
  ),
  async ({ browser, hook }) => {
    for (const scenario of ['full-set', 'delta-only'] as const) {
      const run = await runAndCompare({ browser, hook }, 'client-2.4.0-refresh', scenario);
      expect(run, scenario).toMatchObject({
        outcome: 'works',
        consentScreens: 2,
        refreshAfter403: 0,
      });
    }
  },
);

test(
  'client 2.x holding a refresh token refreshes silently on a held-scope challenge and stops at its retry limit',
  claims(
    {
      'compat.client2-held-scope-refresh':
        'Holding a refresh token, it refreshes silently on a challenge that names only scopes the token already has, gets the same `403`, and stops at its retry limit of one',
    },
    { proof: ['tests/real-clients/records/client-2.4.0-refresh.json'] },
  ),
  async ({ browser, hook }) => {
    const run = await runAndCompare({ browser, hook }, 'client-2.4.0-refresh', 'held-scope');
    expect(run).toMatchObject({ outcome: 'fails', consentScreens: 1, refreshAfter403: 1 });
    expect(run.userSees).toContain('retry limit 1 reached');
  },
);

test(
  'mcp-remote completes a full-set step-up, and refreshes silently on a held-scope challenge',
  claims(
    {
      'compat.mcp-remote':
        'mcp-remote (which bundles the 2.x client) completes a full-set step-up the same way, and refreshes silently on a held-scope challenge',
    },
    { proof: ['tests/real-clients/records/mcp-remote-0.15.1.json'] },
  ),
  async ({ browser, hook }) => {
    const full = await runAndCompare({ browser, hook }, 'mcp-remote-0.15.1', 'full-set');
    expect(full).toMatchObject({ outcome: 'works', consentScreens: 2, refreshAfter403: 0 });
    const held = await runAndCompare({ browser, hook }, 'mcp-remote-0.15.1', 'held-scope');
    expect(held).toMatchObject({ outcome: 'fails', refreshAfter403: 1 });
  },
);

test(
  'the reference client completes every step-up a server can satisfy, never refreshing after a 403',
  claims({
    'compat.reference-client':
      'The reference client of this site completes full-set, delta-only, held-scope and no-scope step-ups with exactly one more consent screen and two requests from the `403` to the retried call, never refreshing after a `403`',
  }),
  async ({ browser, hook }) => {
    for (const scenario of ['full-set', 'delta-only', 'held-scope', 'no-scope'] as const) {
      const run = await runAndCompare({ browser, hook }, 'reference', scenario);
      expect(run, scenario).toMatchObject({
        outcome: 'works',
        consentScreens: 2,
        refreshAfter403: 0,
        requestsAfter403: 2,
      });
    }
  },
);
