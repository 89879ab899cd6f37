// The built site's pages (dist/, from npm run build), for the site tests:
// every path in the sitemap, and the generated /source/ pages grouped by kind.
import { sitemapPaths } from '../../scripts/lib/sitemap.ts';

export const PAGES = sitemapPaths();
/** Hand-written pages: each gets every check. */
export const DOC_PAGES = PAGES.filter((p) => !p.startsWith('/source/'));
/** Generated pages showing a file of the repository; they share one layout. */
export const SOURCE_PAGES = PAGES.filter((p) => p.startsWith('/source/'));
const sourceKind = (path: string) =>
  path.replace(/\/$/, '').match(/(\.spec\.ts|\.test\.ts|\.[a-z]+)$/)?.[1] ?? 'other';
/** One /source/ page of each kind of file, for the checks that need a page's layout more than its text. */
export const SOURCE_PAGE_PER_KIND = [
  ...new Map(SOURCE_PAGES.map((p) => [sourceKind(p), p])).values(),
];
