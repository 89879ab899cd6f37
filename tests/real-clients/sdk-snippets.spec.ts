// The how-to snippets in examples/sdk/, exercised against the real SDK and the
// reference servers, with consent given in Chromium.
import { installedVersion } from './harness/adapters/sdk-host.ts';
import { sdk132, v1Adapter } from './harness/adapters/sdk-v1.ts';
import { BrowserHook } from './harness/browser.ts';
import { runOne } from './harness/harness.ts';
import { stepUpFetch } from '../../examples/sdk/v1-step-up-fetch.ts';
import { claims } from '../support/claims.ts';
import { expect, test } from './support.ts';

const withSnippet = v1Adapter(sdk132, installedVersion('@modelcontextprotocol/sdk'), true, {
  id: 'sdk-1.32.2-refresh-step-up-fetch',
  variant: 'holds a refresh token, with stepUpFetch',
  fetch: (provider) =>
    stepUpFetch({
      grantedScopes: () => (provider.stored?.scope ?? '').split(' ').filter(Boolean),
      forgetRefreshToken: () => {
        if (provider.stored) provider.stored = { ...provider.stored, refresh_token: undefined };
      },
    }),
});

test.describe.configure({ timeout: 120_000 });

test(
  'sdk 1.x holding a refresh token completes full-set, delta-only and held-scope step-ups behind stepUpFetch',
  claims({
    'compat.sdk1-step-up-fetch':
      'With it, 1.x holding a refresh token completes full-set, delta-only and held-scope step-ups with one more consent screen and no refresh',
  }),
  async ({ browser, hook }: { browser: import('@playwright/test').Browser; hook: BrowserHook }) => {
    for (const scenario of ['full-set', 'delta-only', 'held-scope'] as const) {
      const run = await runOne(withSnippet, scenario, browser, hook);
      expect(run, `${scenario}\n${run.transcript.join('\n')}`).toMatchObject({
        outcome: 'works',
        consentScreens: 2,
        refreshAfter403: 0,
      });
    }
  },
);

test('stepUpFetch does not help where no client can: repeat still stops after one more consent', async ({
  browser,
  hook,
}: {
  browser: import('@playwright/test').Browser;
  hook: BrowserHook;
}) => {
  const run = await runOne(withSnippet, 'repeat', browser, hook);
  expect(run).toMatchObject({ outcome: 'stops', consentScreens: 2, refreshAfter403: 0 });
});
