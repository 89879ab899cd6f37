// The site search (Pagefind, as built into dist/) sends a Claude Code user who
// types what they saw to the guide's step-up section, not to the transcripts.
import { expect, test } from '@playwright/test';
import { pagefindSearch, stepUpRank } from '../../scripts/measure-pages.ts';

test('searching insufficient_scope ranks the guide step-up section first', async ({ page }) => {
  await page.goto('/');
  const hits = await pagefindSearch(page, 'insufficient_scope');
  expect(stepUpRank(hits), hits.map((h) => h.section).join('\n')).toEqual({ page: 1, section: 1 });
});

for (const query of ['403', 'consent again']) {
  test(`searching "${query}" shows the guide step-up section in the top 3, above the recorded runs`, async ({ page }) => {
    await page.goto('/');
    const hits = await pagefindSearch(page, query);
    const rank = stepUpRank(hits);
    expect(rank.section, hits.map((h) => h.section).join('\n')).toBeGreaterThan(0);
    expect(rank.section).toBeLessThanOrEqual(3);
    const recorded = hits.findIndex((h) => h.url.startsWith('/concepts/recorded-runs/')) + 1;
    if (recorded) expect(recorded).toBeGreaterThan(rank.section);
  });
}
