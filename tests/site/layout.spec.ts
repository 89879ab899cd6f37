// The site fits the screen, on a laptop (1280 px) and a phone (390 px). Each
// page's own check (nothing scrolls sideways, nothing in the content column
// sticks out of it or hides behind a sideways scroll bar) runs in the visit
// pages.spec.ts makes anyway; here: the site title, and a check of that check.
import { expect, test } from '../support/fixtures.ts';
import { findOverflows } from '../support/overflow.ts';

const WIDTHS = [1280, 390] as const;

for (const width of WIDTHS) {
  test(`at ${width} px the site title is shown whole`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto('/guides/authenticate/');
    const title = page.locator('.site-title span').first();
    await expect(title).toBeVisible();
    const cut = await title.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(cut, 'pixels of the site title cut off').toBeLessThanOrEqual(0);
    await context.close();
  });
}

test('the overflow check catches a table wider than the column, and an element sticking out', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('/troubleshooting/');
  expect(await findOverflows(page)).toEqual([]);
  await page.evaluate(() => {
    const column = document.querySelector('.sl-markdown-content')!;
    const table = document.createElement('table');
    table.innerHTML = `<tr>${'<td style="white-space: nowrap">a cell that cannot wrap</td>'.repeat(4)}</tr>`;
    column.append(table);
    const box = document.createElement('div');
    box.style.width = '900px';
    box.textContent = 'wide';
    column.append(box);
  });
  const found = (await findOverflows(page)).map((o) => o.what).join('\n');
  expect(found).toMatch(/<table> .* (scrolls sideways|sticks out of the content column)/);
  expect(found).toMatch(/<div> "wide" sticks out of the content column/);
});
