// The built guide page: the subsection the seed asks for is there, and each
// code block shows exactly what the example file holds.
import { expect, test } from '@playwright/test';
import { readRegion } from '../../src/lib/regions.ts';

test('the guide has the step-up subsection making the three points', async ({ page }) => {
  await page.goto('/guides/authenticate/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authenticate with remote MCP servers');
  const section = page.getByRole('heading', { level: 2, name: 'Step-up authorization and elevated scopes' });
  await expect(section).toBeVisible();
  const text = await page.locator('.sl-markdown-content').innerText();
  expect(text).toContain('403');
  expect(text).toContain('insufficient_scope');
  expect(text).toMatch(/browser authorization flow again/);
  expect(text).toMatch(/Clear authentication/);
});

test('code on the guide page equals the example files, region by region', async ({ page }) => {
  await page.goto('/guides/authenticate/');
  const blocks = page.locator('[data-example-file]');
  expect(await blocks.count()).toBeGreaterThanOrEqual(3);
  for (const block of await blocks.all()) {
    const file = (await block.getAttribute('data-example-file'))!;
    const region = (await block.getAttribute('data-example-region')) || undefined;
    const shown = await block.locator('pre code').evaluate((code) =>
      [...code.querySelectorAll('.ec-line')].map((line) => (line as HTMLElement).innerText.replace(/\n$/, '')).join('\n'),
    );
    expect(shown, `${file} ${region ?? ''}`).toBe(readRegion(file, region));
  }
});
