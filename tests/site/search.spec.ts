// The site search (Pagefind, as built into dist/, ranked as the site's search
// box ranks) sends a Claude Code user who types what they saw to the guide's
// step-up section first. Ranks measured with `npm run bench -- pages`.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '../support/fixtures.ts';
import { pagefindSearch, stepUpRank } from '../../scripts/lib/site-search.ts';
import { SEARCH_RANKING } from '../../src/lib/search-ranking.ts';

for (const query of ['insufficient_scope', '403', 'consent again']) {
  test(`searching "${query}" shows the guide step-up section first`, async ({ page }) => {
    await page.goto('/');
    const hits = await pagefindSearch(page, query);
    const seen = hits
      .slice(0, 5)
      .map((h) => h.section)
      .join('\n');
    expect(stepUpRank(hits).section, `results, best first:\n${seen}`).toBe(1);
  });
}

test('the search box ranks with SEARCH_RANKING, the options the search tests use', () => {
  // Starlight inlines its Pagefind options into a script of the built site.
  const scripts = readdirSync('dist/_astro')
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(`dist/_astro/${f}`, 'utf8'));
  const found = scripts
    .map((s) => /ranking:(\{[^{}]*\})/.exec(s)?.[1])
    .filter((s) => s !== undefined);
  expect(found, 'the ranking options in the built search script').toHaveLength(1);
  const ranking = new Function(`return ${found[0]}`)() as unknown;
  expect(ranking).toEqual(SEARCH_RANKING);
});
