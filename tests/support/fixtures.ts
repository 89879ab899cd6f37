// The one Playwright fixture factory: reference servers per test (on free
// ports, with a scenario), and a browser user who reads and answers each
// consent screen the client opens.
import { test as base, expect, type Page } from '@playwright/test';
import { startReferenceServers, type ReferenceServers } from '../../examples/server/start.ts';
import type { ScenarioName } from '../../examples/server/scenarios.ts';
import { Transcript } from '../../examples/client/transcript.ts';

export interface ConsentScreen {
  /** The authorization request the client made, as opened in the browser. */
  authorizationUrl: URL;
  heading: string;
  /** Scopes listed, each marked new or already granted. */
  scopes: { scope: string; state: 'new' | 'granted' }[];
}

export type ConsentAnswer = 'approve' | 'deny' | 'ignore' | 'approve-and-capture-callback';

export interface BrowserUser {
  /** Give this to the session as `openBrowser`. */
  openBrowser: (url: string) => Promise<void>;
  screens: ConsentScreen[];
  /** How to answer the next screens; the last entry repeats. */
  answers: ConsentAnswer[];
  /** Callback URLs the browser tried to load (for the paste fallback). */
  callbackUrls: string[];
  page: Page;
}

/** Stable, documented origins in transcripts, whatever ports a test got. */
export function stableTranscript(servers: ReferenceServers): Transcript {
  const transcript = new Transcript();
  transcript.replace(servers.issuer, 'http://127.0.0.1:9000');
  transcript.replace(new URL(servers.mcpUrl).origin, 'http://127.0.0.1:9001');
  return transcript;
}

export const test = base.extend<{ scenario: ScenarioName; servers: ReferenceServers; user: BrowserUser }>({
  scenario: ['full-set', { option: true }],
  servers: async ({ scenario }, use) => {
    const servers = await startReferenceServers({ host: '127.0.0.1', authorizationServerPort: 0, mcpPort: 0 }, scenario);
    await use(servers);
    await servers.close();
  },
  user: async ({ page }, use) => {
    const user: BrowserUser = { screens: [], answers: ['approve'], callbackUrls: [], page, openBrowser: async () => {} };
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/callback') user.callbackUrls.push(request.url());
    });
    user.openBrowser = async (url: string) => {
      await page.goto(url);
      await expect(page.locator('#scopes')).toBeVisible();
      const scopes = await page.locator('#scopes li').evaluateAll((items) =>
        items.map((li) => ({ scope: li.getAttribute('data-scope')!, state: li.getAttribute('data-state') as 'new' | 'granted' })),
      );
      const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
      user.screens.push({ authorizationUrl: new URL(url), heading, scopes });
      const answer = user.answers[Math.min(user.screens.length - 1, user.answers.length - 1)]!;
      if (answer === 'approve' || answer === 'approve-and-capture-callback') await page.getByRole('button', { name: 'Approve' }).click();
      if (answer === 'deny') await page.getByRole('button', { name: 'Deny' }).click();
    };
    await use(user);
  },
});

export { expect };
