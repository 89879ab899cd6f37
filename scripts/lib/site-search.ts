// The site search as a reader runs it: Pagefind's own search in a built page,
// and where the guide's step-up section ranks. Used by the search test
// (tests/site/search.spec.ts) and the page measurements (npm run bench -- pages).
import type { Page } from '@playwright/test';
import { SEARCH_RANKING } from '../../src/lib/search-ranking.ts';

const GUIDE = '/guides/authenticate/';
/** The guide's step-up section: its h2 and the h3s under it. */
const STEP_UP_ANCHORS = [
  '#step-up-authorization-and-elevated-scopes',
  '#when-claude-code-asks-for-consent-again',
  '#after-a-403-in-any-mcp-client',
];

export interface SearchHit {
  url: string;
  /** The page's best-matching section: the sub-result with the highest summed match score. */
  section: string;
}

/** Runs Pagefind's own search in the page, as the site's search box does. */
export async function pagefindSearch(page: Page, query: string): Promise<SearchHit[]> {
  return page.evaluate(
    async ([q, ranking]) => {
      // @ts-expect-error: served by the built site, not a module TypeScript knows.
      const pagefind = await import('/pagefind/pagefind.js');
      // The ranking the site's search box uses (Starlight passes it to Pagefind's UI).
      await pagefind.options({ ranking });
      await pagefind.init();
      const search = await pagefind.search(q);
      const data = await Promise.all(
        search.results.map((r: { data: () => Promise<unknown> }) => r.data()),
      );
      type Sub = { url: string; weighted_locations?: { balanced_score: number }[] };
      const score = (s: Sub) =>
        (s.weighted_locations ?? []).reduce((sum, l) => sum + l.balanced_score, 0);
      return data.map((d: { url: string; sub_results?: Sub[] }) => {
        const best = [...(d.sub_results ?? [])].sort((a, b) => score(b) - score(a))[0];
        return { url: d.url, section: best?.url ?? d.url };
      });
    },
    [query, SEARCH_RANKING] as const,
  );
}

/** 1-based rank of the guide page, and of the guide's step-up section (the page's rank when that section is its best match). */
export function stepUpRank(hits: SearchHit[]): { page: number; section: number } {
  const clean = (u: string) => u.replace(/\.html(?=#|$)/, '/').replace(/\/\/$/, '/');
  const page = hits.findIndex((h) => clean(h.url) === GUIDE) + 1;
  const section =
    hits.findIndex((h) => STEP_UP_ANCHORS.some((a) => clean(h.section) === GUIDE + a)) + 1;
  return { page, section };
}
