// How the site search (Pagefind, through Starlight) ranks results. The site's
// search box and the search tests (scripts/measure-pages.ts) both use this, so
// a test ranks pages the way a reader's search does.
// These are Starlight's own defaults, written out so the tests can apply them:
// they favour how often a word occurs (termFrequency near 0 counts occurrences,
// scaled by data-pagefind-weight) and the word as typed over longer words that
// merely start with it (termSimilarity), and barely penalise long pages.
export const SEARCH_RANKING = {
  pageLength: 0.1,
  termFrequency: 0.1,
  termSaturation: 2,
  termSimilarity: 9,
  diacriticSimilarity: 0.8,
} as const;
