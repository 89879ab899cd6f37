// Every page fits the screen, on a laptop (1280 px) and a phone (390 px):
// nothing makes the page scroll sideways, nothing in the content column sticks
// out of it or hides behind a sideways scroll bar (a table whose last column
// is cut off, a diagram wider than the column), and the site title is shown
// whole. Runs against the built site (npm run build). The generated /source/
// pages share one layout: one of each kind is checked here at both widths, and
// every one of them at 390 px in pages.spec.ts, in the visit it makes anyway.
import { expect, test } from '@playwright/test';
import { findOverflows } from '../support/overflow.ts';
import { DOC_PAGES, SOURCE_PAGE_PER_KIND } from '../support/site.ts';

const WIDTHS = [1280, 390] as const;

for (const width of WIDTHS) {
  test(`at ${width} px no page scrolls sideways or overflows its content column`, async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const path of [...DOC_PAGES, ...SOURCE_PAGE_PER_KIND]) {
      await page.goto(path);
      // Closed <details> hide transcripts; open them so what they hold is measured too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      for (const o of await findOverflows(page)) problems.push(`${path}: ${o.what} by ${o.by} px`);
    }
    await context.close();
    expect(problems).toEqual([]);
  });

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

test('the overflow check catches a table wider than the column, and an element sticking out', async ({ page }) => {
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
