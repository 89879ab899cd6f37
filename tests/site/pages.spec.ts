// Every page of the built site (dist/, served by the webServer in
// playwright.config.ts): one h1, a description, no console errors, no axe
// violations, no broken links or anchors. Then the pages with behaviour of
// their own: the sequence diagrams and the challenge explainer.
import { readFileSync } from 'node:fs';
import { findOverflows } from '../support/overflow.ts';
import { DOC_PAGES, PAGES, SOURCE_PAGE_PER_KIND, SOURCE_PAGES } from '../support/site.ts';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { LinkChecker, LinkState } from 'linkinator';
import { decideCase, type CaseInput } from '../../src/lib/decision.ts';
import { SAMPLES, type ExplainerSample } from '../../src/lib/explainer-samples.ts';
import { parseSequence, sliceSequence, PARTICIPANT_NAMES } from '../../src/lib/sequence.ts';
import { claims } from '../support/claims.ts';

const BASE = `http://127.0.0.1:${process.env.PREVIEW_PORT ?? 4329}`;

test('the sitemap lists every documentation page', () => {
  for (const page of ['/', '/guides/authenticate/', '/concepts/how-it-works/', '/concepts/refresh-or-reconsent/', '/servers/operators/', '/clients/implementers/', '/troubleshooting/', '/reference/', '/tools/challenge-explainer/']) {
    expect(PAGES, page).toContain(page);
  }
});

/**
 * Visits a page and collects console errors and failed requests, from the
 * visit to the end of the test (the checks after it take a while, so an error
 * a script raises late is still caught).
 */
async function visit(page: Page, path: string, settled: 'load' | 'domcontentloaded' = 'load'): Promise<string[]> {
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

async function expectNoAxeViolations(page: Page, label: string) {
  // Code lines are thousands of coloured tokens, and slow axe down a lot.
  // Expressive Code already adjusts every token to a contrast of at least
  // 5.5:1 (its minSyntaxHighlightingColorContrast default), so skip them here;
  // the code frames, titles and copy buttons are still checked.
  // Legacy mode runs axe in the page itself: the same rules and results, at
  // half the cost (the default mode opens an extra page to merge the results
  // of frames, and these pages have no frames).
  const { violations } = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .exclude('.expressive-code .ec-line')
    .analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

/** h1 count, description and what overflows a phone, in one round trip (the /source/ pages are many). */
async function structureAndOverflows(page: Page, path: string): Promise<string[]> {
  const [{ h1s, description }, overflows] = await Promise.all([
    page.evaluate(() => ({
      h1s: document.querySelectorAll('h1').length,
      description: document.querySelector('meta[name="description"]')?.getAttribute('content')?.trim() ?? '',
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
      .filter((a) => a.origin === location.origin && a.pathname === location.pathname && a.hash.length > 1)
      .map((a) => decodeURIComponent(a.hash.slice(1)))
      .filter((id) => !document.getElementById(id)),
  );

/** Scripts a page loads beyond Starlight's own and Expressive Code's. */
const ownScripts = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((s) => new URL(s.src).pathname).filter((p) => !/\/(page|Search|MobileTableOfContents|TableOfContents|ec|starlight-toc|ui-core)[.\w-]*\.js$/.test(p)));

// Every hand-written page, and one generated /source/ page of each kind of
// file (they share one layout), gets every check in one visit: the full axe
// audit, then the layout at a laptop's and a phone's width (closed <details>
// opened, so what they hold is measured too), its #anchors and its scripts.
// Every /source/ page gets the structural checks below.
const WIDTHS = [1280, 390] as const;
for (const path of [...DOC_PAGES, ...SOURCE_PAGE_PER_KIND]) {
  test(`page ${path}: one h1, a description, no console errors, no axe violations, fits ${WIDTHS.join(' and ')} px, #anchors resolve, no scripts of its own`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    const errors = await visit(page, path);
    await expectNoAxeViolations(page, path);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const overflows: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      overflows.push(...(await structureAndOverflows(page, path)).map((o) => `at ${width} px, ${o}`));
    }
    expect(overflows, 'nothing scrolls sideways or sticks out of the content column').toEqual([]);
    expect(await missingAnchors(page), 'in-page #anchors with no element of that id').toEqual([]);
    // Only the challenge explainer ships JavaScript of its own.
    expect(await ownScripts(page), 'scripts of its own').toHaveLength(path === '/tools/challenge-explainer/' ? 1 : 0);
    expect(errors).toEqual([]);
  });
}

// In four parts, so the workers share them.
const PARTS = 4;
test('the /source/ pages are in the sitemap', () => {
  expect(SOURCE_PAGES.length, 'source pages in the sitemap').toBeGreaterThan(10);
});
for (let part = 0; part < PARTS; part++) {
  const paths = SOURCE_PAGES.filter((_, i) => i % PARTS === part);
  test(`/source/ pages, part ${part + 1} of ${PARTS} (${paths.length}): one h1, a description, no console errors, nothing wider than a 390 px phone`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 900 });
    const overflows: string[] = [];
    for (const path of paths) {
      const errors = await visit(page, path, 'domcontentloaded');
      overflows.push(...(await structureAndOverflows(page, path)));
      expect(errors, path).toEqual([]);
      await page.removeAllListeners();
    }
    expect(overflows).toEqual([]);
  });
}

// Dark mode for the pages with components of this site's own (the rest is Starlight's theme).
for (const path of ['/', '/guides/authenticate/', '/concepts/how-it-works/', '/concepts/refresh-or-reconsent/', '/tools/challenge-explainer/']) {
  test(`page ${path} in dark mode: no axe violations`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: 'dark' });
    await visit(page, path);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expectNoAxeViolations(page, `${path} (dark)`);
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
  const broken = result.links.filter((l) => l.state === LinkState.BROKEN).map((l) => `${l.url} (HTTP ${l.status ?? '-'}) on ${l.parent ?? '?'}`);
  expect(broken).toEqual([]);
  const pages = new Set(result.links.filter((l) => l.state === LinkState.OK).map((l) => new URL(l.url).pathname));
  for (const path of DOC_PAGES) expect(pages, `the crawl reached ${path}`).toContain(path);
});

test('llms.txt is built and points at the full text, which holds every page', async ({ request }) => {
  const index = await request.get('/llms.txt');
  expect(index.status()).toBe(200);
  const text = await index.text();
  expect(text).toContain('# MCP step-up authorization');
  expect(text).toContain('/llms-full.txt');
  const full = await (await request.get('/llms-full.txt')).text();
  for (const title of ['Authenticate with remote MCP servers', 'How step-up authorization works', 'Refresh or re-authorize?', 'For MCP server operators', 'Build a step-up client', 'Troubleshooting', 'Reference']) {
    expect(full, title).toContain(title);
  }
});

test('the sequence diagrams show the messages of the recorded transcript, in order', claims({
  'diagram.from-transcript': 'Both diagrams on this page are drawn, message by message, from [a run the test suite records](/source/examples/transcripts/step-up.txt/) against the reference servers in `examples/server/`',
}), async ({ page }) => {
  const all = parseSequence(readFileSync('examples/transcripts/step-up.txt', 'utf8'));
  const expected = [sliceSequence(all, undefined, 'add_note'), sliceSequence(all, 'add_note')];
  await page.goto('/concepts/how-it-works/');
  const figures = page.locator('figure[data-sequence-file="examples/transcripts/step-up.txt"]');
  await expect(figures).toHaveCount(2);
  for (const [i, items] of expected.entries()) {
    const shown = await figures.nth(i).locator('ol.messages > li').allInnerTexts();
    expect(shown).toHaveLength(items.length);
    items.forEach((item, n) => {
      const text = shown[n]!;
      if (item.kind === 'note') expect(text).toContain(item.text);
      else {
        expect(text).toContain(`${PARTICIPANT_NAMES[item.from]} to ${PARTICIPANT_NAMES[item.to]}`);
        expect(text).toContain(item.label);
      }
    });
  }
  // The step-up half starts with the refused call and its 403 challenge.
  await expect(figures.nth(1).locator('li.message').nth(1)).toContainText('403 Forbidden');
  await expect(figures.nth(1).locator('li.message').nth(1)).toContainText('error="insufficient_scope"');
});

// ---- The challenge explainer ----

/** What the reference client decides for a sample, computed here in Node. */
async function expectedFor(s: CaseInput) {
  const outcome = await decideCase(s);
  return { action: outcome.action, text: outcome.action === 'fail' ? outcome.error.message : outcome.reason };
}

async function openExplainer(page: Page) {
  await page.goto('/tools/challenge-explainer/');
  await expect(page.locator('form[data-ready="true"]')).toBeAttached();
}

async function explain(page: Page, input: Partial<Omit<ExplainerSample, 'id' | 'label'>>) {
  if (input.status !== undefined) await page.getByLabel('HTTP status').fill(String(input.status));
  if (input.header !== undefined) await page.getByLabel('WWW-Authenticate header value').fill(input.header);
  if (input.granted !== undefined) await page.getByLabel('Scopes already granted').fill(input.granted);
  if (input.supported !== undefined) await page.getByLabel('scopes_supported in the resource metadata').fill(input.supported);
  if (input.refreshToken !== undefined) await page.getByLabel('The client holds a refresh token').setChecked(input.refreshToken);
  if (input.rounds !== undefined) await page.getByLabel('Consent rounds already run for this call').fill(String(input.rounds));
  await page.getByRole('button', { name: 'Explain' }).click();
}

const result = (page: Page) => page.locator('#ex-result');

test('explainer: every sample shows what the reference client decides, computed by the same code', claims({
  'explainer.same-code': "The answer is computed in your browser by the reference client's own code: the same [`decide.ts`](/source/examples/client/decide.ts/) and [`challenge.ts`](/source/examples/client/challenge.ts/) that the tests run against real servers, with the same results",
}), async ({ page }) => {
  await openExplainer(page);
  for (const sample of SAMPLES) {
    await page.getByLabel('Start from a sample').selectOption(sample.id);
    const expected = await expectedFor(sample);
    await expect(result(page), sample.id).toHaveAttribute('data-action', expected.action);
    await expect(result(page), sample.id).toContainText(expected.text);
  }
});

test('explainer: typed headers get the documented decisions', async ({ page }) => {
  await openExplainer(page);
  const meta = 'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';
  const base = { supported: 'notes:read notes:write notes:admin', refreshToken: true, rounds: 0 };
  const cases = [
    { input: { ...base, status: 403, header: `Bearer error="insufficient_scope", scope="notes:write", ${meta}`, granted: 'notes:read' }, action: 'reauthorize', shows: ['Open the browser for consent', 'notes:read notes:write', 'A refresh keeps the old consent'] },
    { input: { ...base, status: 403, header: 'Bearer error="insufficient_scope", scope="notes:read"', granted: 'notes:read' }, action: 'reauthorize', shows: ['names only scopes already granted', 'every scope is already granted'] },
    { input: { ...base, status: 401, header: `Bearer error="invalid_token", ${meta}`, granted: 'notes:read' }, action: 'refresh', shows: ['Refresh the token silently'] },
    { input: { ...base, status: 401, header: `Bearer error="invalid_token"`, granted: 'notes:read', refreshToken: false }, action: 'reauthorize', shows: ['sign in again'] },
    { input: { ...base, status: 403, header: 'Bearer error="insufficient_scope", scope="notes:admin"', granted: 'notes:read notes:admin', rounds: 1 }, action: 'fail', shows: ['insufficient_scope_after_reauthorization', 'Ask the server operator'] },
    { input: { ...base, status: 403, header: 'Bearer error="invalid_request"', granted: 'notes:read' }, action: 'fail', shows: ['forbidden', 'not a missing scope'] },
    { input: { ...base, status: 403, header: 'Bearer error="insufficient_scope" scope="notes:write', granted: 'notes:read' }, action: 'error', shows: ['The header cannot be read', 'invalid_challenge', 'not a valid challenge list'] },
    { input: { ...base, status: 'abc' as unknown as number, header: '', granted: 'notes:read' }, action: 'error', shows: ['Check your input', 'HTTP status must be an integer from 200 to 599'] },
    { input: { ...base, status: 204, header: '', granted: 'notes:read' }, action: 'use', shows: ['Use the response as it is'] },
  ];
  for (const { input, action, shows } of cases) {
    await explain(page, input);
    const label = `${input.status} ${input.header}`;
    await expect(result(page), label).toHaveAttribute('data-action', action);
    for (const text of shows) await expect(result(page), label).toContainText(text);
    if (typeof input.status === 'number') await expect(result(page), label).toContainText((await expectedFor(input)).text);
  }
});

test('explainer: the result is announced politely and the form is labelled', async ({ page }) => {
  await openExplainer(page);
  await expect(result(page)).toHaveAttribute('aria-live', 'polite');
  for (const label of ['Start from a sample', 'HTTP status', 'WWW-Authenticate header value', 'Scopes already granted', 'The client holds a refresh token']) {
    await expect(page.getByLabel(label)).toBeVisible();
  }
  await page.getByLabel('Start from a sample').selectOption('malformed');
  await expect(result(page)).toContainText('The header cannot be read');
  await expectNoAxeViolations(page, 'explainer with an error shown');
});
