// The user, in headless Chromium: opens each authorization URL a client hands
// over, reads the consent screen (same markup the tests' fixture reads) and
// approves it. Clients in other processes hand URLs over through a small
// loopback hook that their BROWSER / xdg-open script calls.
import { createServer, type Server } from 'node:http';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../../scripts/lib/chromium.ts';
import { BROWSER_USER_AGENT } from './observe.ts';
import { listenOnLoopback } from '../../../examples/shared/loopback.ts';

export interface ConsentScreen {
  scopes: { scope: string; state: string }[];
}

/** More consent screens than this in one run means the client (or server) loops. */
export const MAX_CONSENT_SCREENS = 6;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
}

/**
 * Idle tabs, per browser. A new context and tab per run cost Chromium more
 * than the run itself, so a run borrows a tab and gives it back blank and
 * without cookies: the next run's authorization server meets a new browser.
 */
const idleTabs = new WeakMap<Browser, Page[]>();

export class BrowserUser {
  readonly screens: ConsentScreen[] = [];
  /** Set when the harness cap was hit; the run is then recorded as `loops`. */
  capped = false;
  #queue: Promise<void> = Promise.resolve();
  #visiting = 0;
  #finished = false;
  #capListeners: (() => void)[] = [];
  readonly #browser: Browser;
  readonly #tab: Page;
  readonly #issuer: string;

  private constructor(browser: Browser, tab: Page, issuer: string) {
    this.#browser = browser;
    this.#tab = tab;
    this.#issuer = issuer;
  }

  static async create(browser: Browser, issuer: string): Promise<BrowserUser> {
    const tab =
      idleTabs.get(browser)?.pop() ??
      (await (await browser.newContext({ userAgent: BROWSER_USER_AGENT })).newPage());
    return new BrowserUser(browser, tab, issuer);
  }

  /** Resolves when the cap is hit (never otherwise). */
  whenCapped(): Promise<void> {
    return new Promise((resolve) => (this.capped ? resolve() : this.#capListeners.push(resolve)));
  }

  /** Opens the URL and answers what the authorization server shows. Serialized: one URL at a time, in the one tab. */
  readonly open = (url: string): Promise<void> => {
    const run = this.#queue.then(() => this.#visit(url));
    this.#queue = run.catch(() => {});
    return run;
  };

  /** The client's run has ended: nobody is waiting for a callback any more, so stop reloading one. */
  finish(): void {
    this.#finished = true;
  }

  /** Waits until every URL handed over so far has been dealt with. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  /** Gives the tab back for the next run, or closes it if a visit is still going on (it must not act in the next run). */
  async close(): Promise<void> {
    const reusable =
      this.#visiting === 0 &&
      (await this.#tab
        .goto('about:blank')
        .then(() => this.#tab.context().clearCookies())
        .then(
          () => true,
          () => false,
        ));
    if (!reusable) {
      await this.#tab
        .context()
        .close()
        .catch(() => {});
      return;
    }
    const idle = idleTabs.get(this.#browser) ?? [];
    idleTabs.set(this.#browser, idle);
    idle.push(this.#tab);
  }

  async #visit(url: string): Promise<void> {
    if (this.capped) return;
    const page = this.#tab;
    this.#visiting++;
    // The redirect back to a client that is not listening yet (mcp-remote
    // opens the browser before its callback port on a mid-session sign-in).
    let refused: string | undefined;
    const onFailed = (request: Request) => {
      if (
        request.isNavigationRequest() &&
        !request.url().startsWith(this.#issuer) &&
        request.failure()?.errorText === 'net::ERR_CONNECTION_REFUSED'
      )
        refused = request.url();
    };
    page.on('requestfailed', onFailed);
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => {});
      // A loop of consent screens inside one authorization request ends at the cap too.
      for (;;) {
        if (!page.url().startsWith(this.#issuer)) return; // redirected back to the client
        const screen = await readScreen(page);
        if (!screen) return; // an error page: the client hears nothing
        if (this.screens.length >= MAX_CONSENT_SCREENS) {
          this.capped = true;
          for (const listener of this.#capListeners.splice(0)) listener();
          return;
        }
        this.screens.push({ scopes: screen.scopes });
        await approve(page, screen.approve);
      }
    } finally {
      // Let the client's loopback page finish loading.
      await page.waitForLoadState('load', { timeout: 5_000 }).catch(() => {});
      page.off('requestfailed', onFailed);
      if (refused && !this.capped) await reloadUntilHeard(page, refused, () => this.#finished);
      // Then leave a page that failed to load as a closed tab would: Chromium
      // reloads such a page by itself, which could hand a later client this
      // callback. (A page that loaded is never reloaded; the next visit replaces it.)
      if (refused || page.url().startsWith('chrome-error:'))
        await page.goto('about:blank').catch(() => {});
      this.#visiting--;
    }
  }
}

/**
 * The consent screen shown, if one is: its scopes and where its Approve button
 * is. Read with one evaluate, not locators: a locator makes Playwright inject
 * its selector engine into every page, which costs more than the page itself
 * (the tests read consent screens by their visible text; this harness records).
 */
async function readScreen(
  page: Page,
): Promise<{ scopes: ConsentScreen['scopes']; approve: { x: number; y: number } } | undefined> {
  return page
    .evaluate(() => {
      const list = document.querySelector('#scopes');
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Approve',
      );
      if (!list || list.getClientRects().length === 0 || !button) return undefined;
      button.scrollIntoView({ block: 'center' });
      const box = button.getBoundingClientRect();
      return {
        scopes: [...list.querySelectorAll('li')].map((li) => ({
          scope: li.getAttribute('data-scope') ?? '',
          state: li.getAttribute('data-state') ?? '',
        })),
        approve: { x: box.x + box.width / 2, y: box.y + box.height / 2 },
      };
    })
    .catch(() => undefined); // the page navigated away while being read
}

/** How long a person at a "site can't be reached" page keeps pressing Reload. */
export const CALLBACK_RETRY = { attempts: 12, everyMs: 250 };

/**
 * Delivers a callback the client refused, as Chromium's own auto-reload (or a
 * person pressing Reload) would: a person is seconds slower than this harness,
 * so a client that starts listening a few milliseconds after opening the
 * browser gets its code from a person; it gets it here too. A client that
 * never listens still never hears it, and reloading stops when its run ends.
 */
async function reloadUntilHeard(page: Page, url: string, finished: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < CALLBACK_RETRY.attempts; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, CALLBACK_RETRY.everyMs));
    if (finished()) return;
    if (
      await page.goto(url, { waitUntil: 'load', timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
}

/** Clicks Approve as a person would (a mouse click where the button is) and waits for what comes next. */
async function approve(page: Page, at: { x: number; y: number }): Promise<void> {
  const before = page.url();
  await Promise.all([
    page
      .waitForURL((u) => u.href !== before, { waitUntil: 'commit', timeout: 15_000 })
      .catch(() => {}),
    page.mouse.click(at.x, at.y),
  ]);
  await page.waitForLoadState('domcontentloaded', { timeout: 10_000 }).catch(() => {});
}

/**
 * A loopback hook plus a script that calls it: set BROWSER (and put the
 * script first in PATH as xdg-open) for clients that open a browser themselves.
 */
export class BrowserHook {
  readonly dir: string;
  readonly #server: Server;
  target: ((url: string) => Promise<void>) | undefined;

  private constructor(dir: string, server: Server) {
    this.dir = dir;
    this.#server = server;
  }

  static async start(): Promise<BrowserHook> {
    const dir = await mkdtemp(join(tmpdir(), 'compat-browser-'));
    // Requests are handled only after listen resolves, when `hook` is set.
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('url');
      res.end('ok');
      if (url && hook.target) void hook.target(url).catch(() => {});
    });
    const port = await listenOnLoopback(server);
    const hook = new BrowserHook(dir, server);
    // The URL goes as a query parameter; curl encodes it.
    const script = `#!/bin/sh\nexec curl -s -G --data-urlencode "url=$1" http://127.0.0.1:${port}/open >/dev/null\n`;
    for (const name of ['open-url', 'xdg-open']) {
      await writeFile(join(dir, name), script);
      await chmod(join(dir, name), 0o755);
    }
    return hook;
  }

  /** Environment for a child process whose browser is this hook. */
  env(): Record<string, string> {
    return { BROWSER: join(this.dir, 'open-url'), PATH: `${this.dir}:${process.env.PATH ?? ''}` };
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
