// Every page of the built site (dist/, served by the webServer in
// playwright.config.ts): one h1, a description, no console errors, no axe
// violations, no broken links or anchors. The pages with behaviour of their own
// have files of their own: sequence-diagram.spec.ts, explainer.spec.ts.
import { findOverflows } from '../support/overflow.ts';
import {
  DOC_PAGES,
  PAGES,
  SOURCE_PAGE_EXTREMES,
  SOURCE_PAGE_PER_KIND,
  SOURCE_PAGES,
} from '../support/site.ts';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { LinkChecker, LinkState } from 'linkinator';
import { expectNoAxeViolations } from '../support/axe.ts';

const BASE = `http://127.0.0.1:${process.env.PREVIEW_PORT ?? 4329}`;

test('the sitemap lists every documentation page', () => {
  for (const page of [
    '/',
    '/guides/authenticate/',
    '/concepts/how-it-works/',
    '/concepts/refresh-or-reconsent/',
    '/servers/operators/',
    '/clients/implementers/',
    '/troubleshooting/',
    '/reference/',
    '/tools/challenge-explainer/',
  ]) {
    expect(PAGES, page).toContain(page);
  }
});

/**
 * Visits a page and collects console errors and failed requests, from the
 * visit to the end of the test (the checks after it take a while, so an error
 * a script raises late is still caught).
 */
async function visit(
  page: Page,
  path: string,
  settled: 'load' | 'domcontentloaded' = 'load',
): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(path, { waitUntil: settled });
  return errors;
}

/** h1 count, description and what overflows a phone, in one round trip (the /source/ pages are many). */
async function structureAndOverflows(page: Page, path: string): Promise<string[]> {
  const [{ h1s, description }, overflows] = await Promise.all([
    page.evaluate(() => ({
      h1s: document.querySelectorAll('h1').length,
      description:
        document.querySelector('meta[name="description"]')?.getAttribute('content')?.trim() ?? '',
    })),
    findOverflows(page),
  ]);
  expect(h1s, `one h1 on ${path}`).toBe(1);
  expect(description.length, `meta description on ${path}`).toBeGreaterThan(20);
  return overflows.map((o) => `${path}: ${o.what} by ${o.by} px`);
}

/** Same-page #anchors that point at no element id. */
const missingAnchors = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>('a[href*="#"]')]
      .filter(
        (a) =>
          a.origin === location.origin && a.pathname === location.pathname && a.hash.length > 1,
      )
      .map((a) => decodeURIComponent(a.hash.slice(1)))
      .filter((id) => !document.getElementById(id)),
  );

/** Scripts a page loads beyond Starlight's own and Expressive Code's. */
const ownScripts = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement>('script[src]')]
      .map((s) => new URL(s.src).pathname)
      .filter(
        (p) =>
          !/\/(page|Search|MobileTableOfContents|TableOfContents|ec|starlight-toc|ui-core)[.\w-]*\.js$/.test(
            p,
          ),
      ),
  );

// Every hand-written page, and one generated /source/ page of each kind of
// file (they share one layout), gets every check in one visit: the full axe
// audit, then the layout at a laptop's and a phone's width (closed <details>
// opened, so what they hold is measured too), its #anchors and its scripts.
// The other /source/ pages get the checks below.
const WIDTHS = [1280, 390] as const;
for (const path of [...DOC_PAGES, ...SOURCE_PAGE_PER_KIND]) {
  test(`page ${path}: one h1, a description, no console errors, no axe violations, fits ${WIDTHS.join(' and ')} px, #anchors resolve, no scripts of its own`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    const errors = await visit(page, path);
    await expectNoAxeViolations(page, path);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const overflows: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      overflows.push(
        ...(await structureAndOverflows(page, path)).map((o) => `at ${width} px, ${o}`),
      );
    }
    expect(overflows, 'nothing scrolls sideways or sticks out of the content column').toEqual([]);
    expect(await missingAnchors(page), 'in-page #anchors with no element of that id').toEqual([]);
    // Only the challenge explainer ships JavaScript of its own.
    expect(await ownScripts(page), 'scripts of its own').toHaveLength(
      path === '/tools/challenge-explainer/' ? 1 : 0,
    );
    expect(errors).toEqual([]);
  });
}

test('the /source/ pages are in the sitemap', () => {
  expect(SOURCE_PAGES.length, 'source pages in the sitemap').toBeGreaterThan(10);
});

// The /source/ pages share one layout and differ only in the file they show,
// so the browser lays out the ones at the extremes of what differs (see
// SOURCE_PAGE_EXTREMES) at a phone's width, and every one of them is read for
// what its own markup decides. A visit costs 0.2 CPU-s, reading one 0.005.
test(`/source/ pages at the extremes (${SOURCE_PAGE_EXTREMES.length}): one h1, a description, no console errors, nothing wider than a 390 px phone`, async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 900 });
  const overflows: string[] = [];
  for (const path of SOURCE_PAGE_EXTREMES) {
    const errors = await visit(page, path, 'domcontentloaded');
    overflows.push(...(await structureAndOverflows(page, path)));
    expect(errors, path).toEqual([]);
    await page.removeAllListeners();
  }
  expect(overflows).toEqual([]);
});

test(`every /source/ page (${SOURCE_PAGES.length}): one h1, a description, and the same scripts and styles as the pages checked in the browser`, async ({
  page,
}) => {
  // Parsed by the browser's own HTML parser, not laid out: no script runs.
  await page.goto(SOURCE_PAGE_EXTREMES[0]!, { waitUntil: 'domcontentloaded' });
  const read = (paths: string[]) =>
    page.evaluate(
      (paths) =>
        Promise.all(
          paths.map(async (path) => {
            const response = await fetch(path);
            const html = new DOMParser().parseFromString(await response.text(), 'text/html');
            return {
              path,
              status: response.status,
              h1s: html.querySelectorAll('h1').length,
              description:
                html.querySelector('meta[name="description"]')?.getAttribute('content')?.trim() ??
                '',
              // What runs and styles the page: external files by URL, inline scripts by their text.
              assets: [...html.querySelectorAll('script, link[rel="stylesheet"]')]
                .map((el) =>
                  el.tagName === 'LINK'
                    ? `style ${el.getAttribute('href')}`
                    : `script ${el.getAttribute('src') ?? el.textContent}`,
                )
                .join('\n'),
            };
          }),
        ),
      paths,
    );
  const checked = new Set(
    (await read([...SOURCE_PAGE_EXTREMES, ...SOURCE_PAGE_PER_KIND])).map((p) => p.assets),
  );
  const problems = (await read(SOURCE_PAGES)).flatMap((p) => [
    ...(p.status === 200 ? [] : [`${p.path}: HTTP ${p.status}`]),
    ...(p.h1s === 1 ? [] : [`${p.path}: ${p.h1s} h1 elements`]),
    ...(p.description.length > 20 ? [] : [`${p.path}: description "${p.description}"`]),
    ...(checked.has(p.assets)
      ? []
      : [`${p.path}: scripts or styles that no page checked in the browser has`]),
  ]);
  expect(problems).toEqual([]);
});

// Dark mode for the pages with components of this site's own (the rest is
// Starlight's theme). Only colours change with the theme (the site has no
// element of its own per theme), so only the rules about colour run again.
for (const path of [
  '/',
  '/guides/authenticate/',
  '/concepts/how-it-works/',
  '/concepts/refresh-or-reconsent/',
  '/tools/challenge-explainer/',
]) {
  test(`page ${path} in dark mode: no axe violations`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: 'dark' });
    await visit(page, path);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expectNoAxeViolations(page, `${path} (dark)`, ['color-contrast', 'link-in-text-block']);
  });
}

test('no broken links or #anchors between pages', async () => {
  test.setTimeout(120_000);
  const result = await new LinkChecker().check({
    path: `${BASE}/`,
    recurse: true,
    checkFragments: true,
    timeout: 10_000,
    // Offline: other sites are not followed.
    linksToSkip: async (link) => !link.startsWith(BASE),
  });
  const broken = result.links
    .filter((l) => l.state === LinkState.BROKEN)
    .map((l) => `${l.url} (HTTP ${l.status ?? '-'}) on ${l.parent ?? '?'}`);
  expect(broken).toEqual([]);
  const pages = new Set(
    result.links.filter((l) => l.state === LinkState.OK).map((l) => new URL(l.url).pathname),
  );
  for (const path of DOC_PAGES) expect(pages, `the crawl reached ${path}`).toContain(path);
});

test('llms.txt is built and points at the full text, which holds every page', async ({
  request,
}) => {
  const index = await request.get('/llms.txt');
  expect(index.status()).toBe(200);
  const text = await index.text();
  expect(text).toContain('# MCP step-up authorization');
  expect(text).toContain('/llms-full.txt');
  const full = await (await request.get('/llms-full.txt')).text();
  for (const title of [
    'Authenticate with remote MCP servers',
    'How step-up authorization works',
    'Refresh or re-authorize?',
    'For MCP server operators',
    'Build a step-up client',
    'Troubleshooting',
    'Reference',
  ]) {
    expect(full, title).toContain(title);
  }
});
