// The built guide page: the subsection the seed asks for is there, short and
// without code, opening with the text proposed for the Claude Code docs; and
// code shown on the pages that do show code equals what the example files hold.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { readRegion } from '../../src/lib/regions.ts';
import {
  readUpstream,
  renderedWords,
  UPSTREAM_HEADING,
  upstreamBody,
} from '../../src/lib/upstream.ts';

/** The text of an h2 section: from its heading to the next h2. */
async function sectionText(
  page: Page,
  heading: string,
): Promise<{ text: string; codeBlocks: number; first: string; words: number }> {
  return page.evaluate((name) => {
    const h2 = [...document.querySelectorAll('.sl-markdown-content h2')].find(
      (h) => h.textContent?.trim() === name,
    );
    if (!h2) throw new Error(`no h2 "${name}"`);
    // Starlight wraps each heading in a div.sl-heading-wrapper.
    let node = (h2.closest('.sl-heading-wrapper') ?? h2).nextElementSibling;
    let text = '';
    let codeBlocks = 0;
    let words = 0;
    const first = (node?.querySelector('.upstream-text') as HTMLElement | null)?.innerText ?? '';
    while (node && !(node.matches('.sl-heading-wrapper.level-h2') || node.matches('h2'))) {
      text += ` ${(node as HTMLElement).innerText}`;
      codeBlocks +=
        node.querySelectorAll('pre, .expressive-code').length +
        (node.matches('pre, .expressive-code') ? 1 : 0);
      // The claims' marks say what proved a sentence; they are not words a reader reads.
      const copy = node.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.claim-mark').forEach((m) => m.remove());
      words += (copy.textContent ?? '').split(/\s+/).filter(Boolean).length;
      node = node.nextElementSibling;
    }
    return { text, codeBlocks, first, words };
  }, heading);
}

test('the guide has the step-up subsection making the three points', async ({ page }) => {
  await page.goto('/guides/authenticate/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Authenticate with remote MCP servers',
  );
  const section = page.getByRole('heading', { level: 2, name: UPSTREAM_HEADING });
  await expect(section).toBeVisible();
  const { text } = await sectionText(page, UPSTREAM_HEADING);
  expect(text).toContain('403');
  expect(text).toContain('insufficient_scope');
  expect(text).toContain('tool call or a resource read');
  expect(text).toMatch(/browser authorization flow again/);
  expect(text).toMatch(/instead of refreshing/);
  expect(text).toMatch(/re-authenticate/i);
});

test('the step-up subsection opens with the proposed Claude Code text, has no code, and stays under 400 words', async ({
  page,
}) => {
  await page.goto('/guides/authenticate/');
  const { text, codeBlocks, first, words } = await sectionText(page, UPSTREAM_HEADING);
  expect(words, 'words in the step-up subsection, marks left out').toBeLessThanOrEqual(400);
  expect(codeBlocks, 'code blocks in the step-up subsection').toBe(0);
  // The same words as upstream/claude-code-mcp-step-up.md, first.
  const upstream = renderedWords(upstreamBody(readUpstream())).join(' ');
  expect(
    first.split(/\s+/).filter(Boolean).join(' '),
    'the subsection opens with the proposed text',
  ).toBe(upstream);
  expect(text.indexOf(first)).toBeLessThan(text.indexOf('After a 403, in any MCP client'));
  await expect(
    page.getByRole('heading', { level: 2, name: 'What changed in Claude Code' }),
  ).toBeVisible();
});

for (const path of ['/clients/implementers/', '/servers/operators/']) {
  test(`code on ${path} equals the example files, region by region`, async ({ page }) => {
    await page.goto(path);
    // Long listings sit in closed <details>; open them so their lines are laid out.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    // Every block's file, region and the lines a reader sees, in one pass.
    const blocks = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-example-file]')].map((block) => ({
        file: block.dataset.exampleFile!,
        region: block.dataset.exampleRegion || undefined,
        shown: [...block.querySelectorAll('pre code .ec-line')]
          .map((line) => (line as HTMLElement).innerText.replace(/\n$/, ''))
          .join('\n'),
      })),
    );
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const { file, region, shown } of blocks)
      expect(shown, `${file} ${region ?? ''}`).toBe(readRegion(file, region));
  });
}
