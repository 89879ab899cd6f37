// The built decision table: each row shows what decide() returns for the
// row's stored input (not words typed into the page), every cell is inside the
// content column on a desktop and a phone, and the proof of each row is shown.
import { expect, test } from '../support/fixtures.ts';
import { decideCase, describeOutcome } from '../../src/lib/decision.ts';
import { DECISION_TABLE } from '../../src/lib/decision-table.ts';

const PAGE = '/concepts/refresh-or-reconsent/';
/** The visible text of a Markdown cell: code marks dropped, link text kept. */
const plain = (md: string) => md.replace(/`/g, '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');

test('decision table: each row shows the case and what decide() answers for it', async ({
  page,
}) => {
  await page.goto(PAGE);
  for (const { rows } of DECISION_TABLE) {
    for (const row of rows) {
      const shown = page.locator(`[data-case="${row.id}"]`);
      await expect(shown.locator('.answer'), row.id).toHaveText(plain(row.answer));
      if (row.beyondDecide) {
        for (const id of row.claims!)
          await expect(shown.locator(`.does [data-claim="${id}"]`), row.id).toBeVisible();
      } else {
        await expect(shown.locator('.does'), row.id).toHaveText(
          plain(describeOutcome(row.input, await decideCase(row.input))),
        );
      }
      await expect(shown.locator('.proof a').first(), `${row.id} links to its proof`).toBeVisible();
    }
  }
});

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`decision table: fits the content column at ${viewport.width}px, with no horizontal scrolling`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto(PAGE);
    const tables = page.locator('.decision-table');
    await expect(tables).toHaveCount(DECISION_TABLE.length);
    const content = await page.locator('.sl-markdown-content').boundingBox();
    for (const table of await tables.all()) {
      const box = (await table.boundingBox())!;
      expect(box.x, 'left edge inside the content column').toBeGreaterThanOrEqual(content!.x - 1);
      expect(box.x + box.width, 'right edge inside the content column').toBeLessThanOrEqual(
        content!.x + content!.width + 1,
      );
      // No cell is cut off or scrolls: every row's content fits its row.
      const overflowing = await table.evaluate((el) =>
        [...el.querySelectorAll('dd, dt')]
          .filter((c) => c.scrollWidth > c.clientWidth + 1)
          .map((c) => c.textContent!.slice(0, 60)),
      );
      expect(overflowing, 'cells wider than their box').toEqual([]);
    }
    const pageOverflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(pageOverflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
  });
}
