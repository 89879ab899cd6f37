// What does not fit on a page as it is laid out: shared by the layout test
// (every hand-written page, at 1280 and 390 px) and the /source/ page pass in
// pages.spec.ts.
import type { Page } from '@playwright/test';

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
      const cls = [...el.classList]
        .slice(0, 2)
        .map((c) => `.${c}`)
        .join('');
      const text = (el as HTMLElement).innerText?.trim().replace(/\s+/g, ' ').slice(0, 50) ?? '';
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth)
      found.push({ what: 'the page scrolls sideways', by: doc.scrollWidth - window.innerWidth });

    const column = document.querySelector('.sl-markdown-content') ?? document.querySelector('main');
    if (!column) return found;
    const edge = column.getBoundingClientRect();
    const clips = (el: Element) =>
      ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const reported = new Set<Element>();
    for (const el of column.querySelectorAll('*')) {
      // Cheap geometry first: most elements (thousands of code tokens on a
      // source page) neither scroll nor reach past the column, and need no style.
      const bounds = el.getBoundingClientRect();
      if (
        el.scrollWidth <= el.clientWidth + 1 &&
        Math.max(bounds.right - edge.right, edge.left - bounds.left) <= 1
      )
        continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed')
        continue;
      // Screen-reader-only text is 1 px and clipped on purpose.
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') continue;
      // A sideways scroll bar inside the content: part of it is out of sight.
      if (
        clips(el) &&
        style.overflowX !== 'hidden' &&
        style.overflowX !== 'clip' &&
        el.scrollWidth > el.clientWidth + 1
      ) {
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
