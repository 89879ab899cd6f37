// An axe audit of what the page shows now, as the site tests run it.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** `rules`: only these axe rules (all of them if absent). */
export async function expectNoAxeViolations(page: Page, label: string, rules?: string[]) {
  // Code lines are thousands of coloured tokens, and slow axe down a lot.
  // Expressive Code already adjusts every token to a contrast of at least
  // 5.5:1 (its minSyntaxHighlightingColorContrast default), so skip them here;
  // the code frames, titles and copy buttons are still checked.
  // Legacy mode runs axe in the page itself: the same rules and results, at
  // half the cost (the default mode opens an extra page to merge the results
  // of frames, and these pages have no frames).
  const builder = new AxeBuilder({ page });
  if (rules) builder.withRules(rules);
  const { violations } = await builder
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .exclude('.expressive-code .ec-line')
    .analyze();
  const summary = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join('\n  ')}`,
  );
  expect(summary, `axe on ${label}`).toEqual([]);
}
