// The one Playwright fixture factory: one browser tab per worker, reference
// servers per test (on free ports, with a scenario), a browser user who
// reads and answers each consent screen the client opens, and the loopback
// hook real clients open their browser through. Every test file imports its
// `test` from here, unit tests too: one set of fixtures means one kind of
// worker, so a worker runs any test instead of being replaced (a new Node
// process and browser) whenever the next test was written against another set.
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { startReferenceServers, type ReferenceServers } from '../../examples/server/start.ts';
import { testServerKeys } from './server-keys.ts';
import type { ScenarioName } from '../../examples/server/scenarios.ts';
import { Transcript } from '../../examples/client/transcript.ts';
import { BrowserHook } from '../real-clients/harness/browser.ts';

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

/**
 * The scopes as a person sees them: each list item's visible scope name and
 * its visible label, the "new" badge or "(already granted)". The hidden
 * data-state must agree with what is shown, or the screen misleads the user.
 */
export async function readConsentScopes(page: Page): Promise<ConsentScreen['scopes']> {
  const items = page.locator('#scopes').getByRole('listitem');
  const scopes: ConsentScreen['scopes'] = [];
  for (const item of await items.all()) {
    await expect(item).toBeVisible();
    const scope = (await item.locator('code').first().innerText()).trim();
    const isNew =
      (await item.getByText('new', { exact: true }).filter({ visible: true }).count()) > 0;
    const isGranted = /\(already granted\)/.test(await item.innerText());
    if (isNew === isGranted)
      throw new Error(
        `consent screen: scope ${scope} shows ${isNew ? 'both the "new" badge and "(already granted)"' : 'neither a "new" badge nor "(already granted)"'}`,
      );
    const state = isNew ? 'new' : 'granted';
    const hidden = await item.getAttribute('data-state');
    if (hidden !== null && hidden !== state)
      throw new Error(
        `consent screen: scope ${scope} is shown as ${isNew ? '"new"' : '"already granted"'} but its data-state says "${hidden}"`,
      );
    scopes.push({ scope, state });
  }
  return scopes;
}

/** Stable, documented origins in transcripts, whatever ports a test got. */
export function stableTranscript(servers: ReferenceServers): Transcript {
  const transcript = new Transcript();
  transcript.replace(servers.issuer, 'http://127.0.0.1:9000');
  transcript.replace(new URL(servers.mcpUrl).origin, 'http://127.0.0.1:9001');
  return transcript;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** One tab per worker, and how to get it back clean for the next test. */
class WorkerTab {
  readonly context: BrowserContext;
  page: Page;

  constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  /** Blank, without cookies, storage, listeners or routes, at the default size and color scheme; a tab that will not settle is replaced. */
  async reset(): Promise<void> {
    const page = this.page;
    page.removeAllListeners();
    // The site's origin stays the same from test to test (the servers' do not).
    await page
      .evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      })
      .catch(() => {});
    const clean = await page
      .unrouteAll({ behavior: 'ignoreErrors' })
      .then(() => page.goto('about:blank'))
      .then(() => page.setViewportSize(DEFAULT_VIEWPORT))
      .then(() => page.emulateMedia({ colorScheme: null }))
      .then(
        () => true,
        () => false,
      );
    if (!clean) {
      // A navigation the test started is still going (to a callback nobody listens on).
      this.page = await this.context.newPage();
      await page.close().catch(() => {});
    }
    await this.context.clearCookies();
  }
}

export const test = base.extend<
  { scenario: ScenarioName; servers: ReferenceServers; user: BrowserUser },
  { workerTab: WorkerTab; hook: BrowserHook }
>({
  // A new context and tab per test cost Chromium more than most tests do
  // (a renderer process each): each worker keeps one tab, and every test
  // gets it back clean. Fresh servers per test listen on new ports, so their
  // origins and storage are new anyway. A failed test ends its worker, tab included.
  workerTab: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({
        baseURL: workerInfo.project.use.baseURL,
        viewport: DEFAULT_VIEWPORT,
      });
      await use(new WorkerTab(context, await context.newPage()));
      await context.close();
    },
    { scope: 'worker' },
  ],
  // Where real clients in other processes open their browser (BROWSER, xdg-open): see tests/real-clients/harness/browser.ts.
  hook: [
    async ({}, use) => {
      const hook = await BrowserHook.start();
      await use(hook);
      await hook.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ workerTab }, use) => {
    await use(workerTab.page);
    await workerTab.reset();
  },
  scenario: ['full-set', { option: true }],
  servers: async ({ scenario }, use) => {
    const servers = await startReferenceServers(
      { host: '127.0.0.1', authorizationServerPort: 0, mcpPort: 0 },
      scenario,
      await testServerKeys(),
    );
    await use(servers);
    await servers.close();
  },
  user: async ({ page }, use) => {
    const user: BrowserUser = {
      screens: [],
      answers: ['approve'],
      callbackUrls: [],
      page,
      openBrowser: async () => {},
    };
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/callback') user.callbackUrls.push(request.url());
    });
    user.openBrowser = async (url: string) => {
      await page.goto(url);
      await expect(page.locator('#scopes')).toBeVisible();
      const scopes = await readConsentScopes(page);
      const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
      user.screens.push({ authorizationUrl: new URL(url), heading, scopes });
      const answer = user.answers[Math.min(user.screens.length - 1, user.answers.length - 1)]!;
      if (answer === 'approve' || answer === 'approve-and-capture-callback')
        await page.getByRole('button', { name: 'Approve' }).click();
      if (answer === 'deny') await page.getByRole('button', { name: 'Deny' }).click();
    };
    await use(user);
  },
});

export { expect };
