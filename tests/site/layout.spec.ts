// Every page fits the screen, on a laptop (1280 px) and a phone (390 px):
// nothing makes the page scroll sideways, nothing in the content column sticks
// out of it or hides behind a sideways scroll bar (a table whose last column
// is cut off, a diagram wider than the column), and the site title is shown
// whole. Runs against the built site (npm run build).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

function sitemapPaths(): string[] {
  const index = readFileSync('dist/sitemap-index.xml', 'utf8');
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.replace(/^\//, ''));
  const paths = maps.flatMap((file) => [...readFileSync(`dist/${file}`, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname));
  return [...new Set(paths)].sort();
}

const WIDTHS = [1280, 390] as const;

export interface Overflow {
  what: string;
  /** How many CSS pixels too wide. */
  by: number;
}

/**
 * What does not fit on the page as it is laid out now. Runs in the browser.
 * Three kinds: the document wider than the viewport; an element in the content
 * column reaching past its edges with no clipping scroll container between
 * them; a scroll container in the content that actually scrolls sideways.
 */
export async function findOverflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const found: { what: string; by: number }[] = [];
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
      const text = (el as HTMLElement).innerText?.trim().replace(/\s+/g, ' ').slice(0, 50) ?? '';
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) found.push({ what: 'the page scrolls sideways', by: doc.scrollWidth - window.innerWidth });

    const column = document.querySelector('.sl-markdown-content') ?? document.querySelector('main');
    if (!column) return found;
    const edge = column.getBoundingClientRect();
    const clips = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const reported = new Set<Element>();
    for (const el of column.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
      // Screen-reader-only text is 1 px and clipped on purpose.
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') continue;
      // A sideways scroll bar inside the content: part of it is out of sight.
      if (clips(el) && style.overflowX !== 'hidden' && style.overflowX !== 'clip' && el.scrollWidth > el.clientWidth + 1) {
        found.push({ what: `${name(el)} scrolls sideways`, by: el.scrollWidth - el.clientWidth });
        reported.add(el);
        continue;
      }
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const by = Math.max(box.right - edge.right, edge.left - box.left);
      if (by <= 1) continue;
      // Clipped by a scroll container inside the column: that container is what counts, above.
      let up = el.parentElement;
      let clipped = false;
      while (up && up !== column) {
        if (clips(up) || reported.has(up)) {
          clipped = true;
          break;
        }
        up = up.parentElement;
      }
      if (clipped) continue;
      // Report the outermost element that sticks out, not each of its children.
      if (el.parentElement && reported.has(el.parentElement)) {
        reported.add(el);
        continue;
      }
      reported.add(el);
      found.push({ what: `${name(el)} sticks out of the content column`, by: Math.round(by) });
    }
    return found;
  });
}

for (const width of WIDTHS) {
  test(`at ${width} px no page scrolls sideways or overflows its content column`, async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const path of sitemapPaths()) {
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
