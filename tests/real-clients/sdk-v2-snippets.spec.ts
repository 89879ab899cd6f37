// The @modelcontextprotocol/client 2.x how-to (examples/sdk/v2-step-up.ts),
// exercised against the reference servers with consent given in Chromium.
// The host plumbing around the snippet (loopback callback, finishAuth, retry)
// is the compat harness's, as for every other SDK run.
import {
  Client,
  InsufficientScopeError,
  type StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import {
  installedVersion,
  MemoryOAuthProvider,
  startLoopbackCallback,
  toolText,
  withHostRetries,
} from './harness/adapters/sdk-host.ts';
import type { BrowserHook } from './harness/browser.ts';
import { runOne, runScript, type ClientAdapter } from './harness/harness.ts';
import {
  askConsentAgain,
  hostStepUpTransport,
  sdkStepUpTransport,
} from '../../examples/sdk/v2-step-up.ts';
import { claims } from '../support/claims.ts';
import { expect, test } from './support.ts';

const version = installedVersion('@modelcontextprotocol/client');

/** 2.x holding a refresh token; `hostStepsUp`: the transport throws and the host calls askConsentAgain, once per call. */
function snippetAdapter(hostStepsUp: boolean): ClientAdapter {
  return {
    id: `client-${version}-refresh-${hostStepsUp ? 'host-step-up' : 'sdk-step-up'}`,
    client: '@modelcontextprotocol/client',
    version,
    variant: hostStepsUp
      ? 'holds a refresh token, askConsentAgain'
      : 'holds a refresh token, sdkStepUpTransport',
    async run({ mcpUrl, scenario, openBrowser }) {
      const callback = await startLoopbackCallback();
      const provider = new MemoryOAuthProvider(callback, openBrowser, { refreshTokens: true });
      const url = new URL(mcpUrl);
      let client: Client | undefined;
      let transport: StreamableHTTPClientTransport | undefined;
      const finish = (params: URLSearchParams) => transport!.finishAuth(params);
      const callTool = (name: string, args?: Record<string, unknown>) =>
        client!.callTool({ name, arguments: args });
      try {
        return await runScript(
          {
            connect: () =>
              withHostRetries(provider, finish, async () => {
                await client?.close().catch(() => {});
                client = new Client({ name: 'sdk-v2-snippet', version: '1.0.0' });
                transport = (hostStepsUp ? hostStepUpTransport : sdkStepUpTransport)(
                  url,
                  provider as never,
                );
                await client.connect(transport);
              }),
            call: async (name, args) => {
              if (!hostStepsUp)
                return toolText(
                  await withHostRetries(provider, finish, () => callTool(name, args)),
                );
              try {
                return toolText(await callTool(name, args));
              } catch (error) {
                if (!(error instanceof InsufficientScopeError)) throw error;
                // One consent screen per call: a second 403 is the user's answer, not a reason to ask again.
                if ((await askConsentAgain(error, provider as never, url)) === 'REDIRECT')
                  await completeSignIn(provider, finish);
                return toolText(await callTool(name, args));
              }
            },
            close: async () => client?.close(),
          },
          scenario,
        );
      } finally {
        await callback.close();
      }
    },
  };
}

/** What the host does after the SDK opened the browser: wait for the redirect, then finishAuth. */
async function completeSignIn(
  provider: MemoryOAuthProvider,
  finish: (params: URLSearchParams) => Promise<void>,
) {
  const params = await provider.pending!;
  provider.pending = undefined;
  const error = params.get('error');
  if (error) throw new Error(`Authorization failed: ${error}`);
  await finish(params);
}

type Fixtures = { browser: import('@playwright/test').Browser; hook: BrowserHook };
test.describe.configure({ timeout: 120_000 });

test(
  'client 2.x with onInsufficientScope "reauthorize" and maxStepUpRetries 1 steps up on a new scope but refreshes on a held-scope challenge',
  claims({
    'sdk.client2-options-held-scope':
      'With these options and a refresh token, a challenge for a new scope opens the consent screen, but a challenge naming only scopes the token already has gets a silent refresh and fails with "retry limit 1 reached"',
  }),
  async ({ browser, hook }: Fixtures) => {
    const adapter = snippetAdapter(false);
    const fullSet = await runOne(adapter, 'full-set', browser, hook);
    expect(fullSet, fullSet.transcript.join('\n')).toMatchObject({
      outcome: 'works',
      consentScreens: 2,
      refreshAfter403: 0,
    });
    const held = await runOne(adapter, 'held-scope', browser, hook);
    expect(held, held.transcript.join('\n')).toMatchObject({
      outcome: 'fails',
      consentScreens: 1,
      refreshAfter403: 1,
    });
    expect(held.userSees).toContain('retry limit 1 reached');
  },
);

test(
  'client 2.x with onInsufficientScope "throw" and askConsentAgain completes full-set, delta-only and held-scope step-ups with no refresh',
  claims({
    'sdk.client2-ask-consent-again':
      "With `onInsufficientScope: 'throw'` and `askConsentAgain`, 2.x holding a refresh token completes full-set, delta-only and held-scope step-ups with one more consent screen and no refresh",
  }),
  async ({ browser, hook }: Fixtures) => {
    for (const scenario of ['full-set', 'delta-only', 'held-scope'] as const) {
      const run = await runOne(snippetAdapter(true), scenario, browser, hook);
      expect(run, `${scenario}\n${run.transcript.join('\n')}`).toMatchObject({
        outcome: 'works',
        consentScreens: 2,
        refreshAfter403: 0,
      });
    }
  },
);

test('askConsentAgain once per call: a server that keeps answering 403 (repeat) stops after one more consent screen', async ({
  browser,
  hook,
}: Fixtures) => {
  const run = await runOne(snippetAdapter(true), 'repeat', browser, hook);
  expect(run, run.transcript.join('\n')).toMatchObject({
    outcome: 'stops',
    consentScreens: 2,
    refreshAfter403: 0,
  });
});
