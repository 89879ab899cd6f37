// The built guide page: the subsection the seed asks for is there, short and
// without code, with Claude Code first; and code shown on the pages that do
// show code equals what the example files hold.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { readRegion } from '../../src/lib/regions.ts';

/** The text of an h2 section: from its heading to the next h2. */
async function sectionText(page: Page, heading: string): Promise<{ text: string; codeBlocks: number }> {
  return page.evaluate((name) => {
    const h2 = [...document.querySelectorAll('.sl-markdown-content h2')].find((h) => h.textContent?.trim() === name);
    if (!h2) throw new Error(`no h2 "${name}"`);
    // Starlight wraps each heading in a div.sl-heading-wrapper.
    let node = (h2.closest('.sl-heading-wrapper') ?? h2).nextElementSibling;
    let text = '';
    let codeBlocks = 0;
    while (node && !(node.matches('.sl-heading-wrapper.level-h2') || node.matches('h2'))) {
      text += ` ${(node as HTMLElement).innerText}`;
      codeBlocks += node.querySelectorAll('pre, .expressive-code').length + (node.matches('pre, .expressive-code') ? 1 : 0);
      node = node.nextElementSibling;
    }
    return { text, codeBlocks };
  }, heading);
}

test('the guide has the step-up subsection making the three points', async ({ page }) => {
  await page.goto('/guides/authenticate/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authenticate with remote MCP servers');
  const section = page.getByRole('heading', { level: 2, name: 'Step-up authorization and elevated scopes' });
  await expect(section).toBeVisible();
  const { text } = await sectionText(page, 'Step-up authorization and elevated scopes');
  expect(text).toContain('403');
  expect(text).toContain('insufficient_scope');
  expect(text).toContain('tool call or a resource read');
  expect(text).toMatch(/browser authorization flow again/);
  expect(text).toMatch(/instead of refreshing/);
  expect(text).toMatch(/Clear authentication/);
  expect(text).toContain('/mcp');
});

test('the step-up subsection is short, has no code, and starts with Claude Code by version', async ({ page }) => {
  await page.goto('/guides/authenticate/');
  const { text, codeBlocks } = await sectionText(page, 'Step-up authorization and elevated scopes');
  // The "tested" marks are links, not words a reader reads.
  const words = text.replace(/✓\s*tested/g, '').split(/\s+/).filter(Boolean).length;
  expect(words, 'words in the step-up subsection').toBeLessThan(500);
  expect(codeBlocks, 'code blocks in the step-up subsection').toBe(0);
  const subheads = await page.locator('.sl-markdown-content h3').allInnerTexts();
  expect(subheads.indexOf('When Claude Code asks for consent again')).toBeLessThan(subheads.indexOf('After a 403, in any MCP client'));
  for (const version of ['2.1.332', '2.1.118', '2.1.117']) expect(text).toContain(version);
  expect(text).toContain('claude mcp login <name>');
  expect(text).toContain('Re-authenticate');
  await expect(page.getByRole('heading', { level: 2, name: 'What changed in Claude Code' })).toBeVisible();
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
        shown: [...block.querySelectorAll('pre code .ec-line')].map((line) => (line as HTMLElement).innerText.replace(/\n$/, '')).join('\n'),
      })),
    );
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const { file, region, shown } of blocks) expect(shown, `${file} ${region ?? ''}`).toBe(readRegion(file, region));
  });
}
