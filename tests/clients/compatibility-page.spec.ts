// The compatibility page (built site): every recorded run is a cell that links
// to its record, and the matrix fits the viewport on a desktop and a phone.
import { expect, test } from '@playwright/test';
import { rows, runAnchor, SCENARIO_ORDER } from '../../examples/compat/matrix.ts';
import { readRecords } from '../../examples/compat/records.ts';

const PATH = '/clients/compatibility/';

test('the compatibility page shows every recorded run as a cell linking to its record', async ({ page }) => {
  const records = readRecords();
  await page.goto(PATH);
  const cells = page.locator('.compat-matrix td a');
  await expect(cells).toHaveCount(records.length);
  for (const row of rows(records)) {
    for (const scenario of SCENARIO_ORDER) {
      const run = row.runs[scenario];
      if (!run) continue;
      const anchor = runAnchor(row.clientId, scenario);
      await expect(page.locator(`.compat-matrix a[href="#${anchor}"]`), anchor).toHaveAttribute('aria-label', new RegExp(`: ${run.outcome}, `));
      await expect(page.locator(`details#${anchor} summary`), anchor).toContainText(`${scenario}: `);
    }
  }
});

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test(`the compatibility page does not scroll sideways at ${viewport.width}px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(PATH);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // The matrix itself fits its column, so nothing inside it is cut off or scrolled either.
    const wrap = page.locator('.compat-wrap').first();
    const overflow = await wrap.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
