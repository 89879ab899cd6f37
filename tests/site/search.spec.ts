// The site search (Pagefind, as built into dist/) sends a Claude Code user who
// types what they saw to the guide's step-up section, ahead of the pages of
// recorded output (transcripts, the compatibility runs). Ranks measured with
// `npm run measure:pages`.
import { expect, test } from '@playwright/test';
import { pagefindSearch, stepUpRank } from '../../scripts/measure-pages.ts';

const RECORDED = ['/concepts/recorded-runs/'];

for (const [query, top] of [['insufficient_scope', 3], ['403', 3], ['consent again', 5]] as const) {
  test(`searching "${query}" shows the guide step-up section in the top ${top}, above the recorded runs`, async ({ page }) => {
    await page.goto('/');
    const hits = await pagefindSearch(page, query);
    const rank = stepUpRank(hits);
    const seen = hits.map((h) => h.section).join('\n');
    expect(rank.section, seen).toBeGreaterThan(0);
    expect(rank.section, seen).toBeLessThanOrEqual(top);
    for (const path of RECORDED) {
      const at = hits.findIndex((h) => h.url.startsWith(path)) + 1;
      if (at) expect(at, `${path} in\n${seen}`).toBeGreaterThan(rank.section);
    }
  });
}
