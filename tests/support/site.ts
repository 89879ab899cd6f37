// The built site's pages (dist/, from npm run build), for the site tests:
// every path in the sitemap, and the generated /source/ pages grouped by kind.
import { readFileSync } from 'node:fs';
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

/** The repository file a /source/ page shows: `/source/examples/x.ts/` shows `examples/x.ts`. */
const sourceFile = (path: string) => path.replace(/^\/source\//, '').replace(/\/$/, '');

/**
 * The /source/ pages at the extremes of what differs between them. They share
 * one layout (src/pages/source/[...path].astro) and differ only in the file
 * they show: its path (the title, shown twice), its kind (how it is
 * highlighted), and its lines. So, of each kind, the page with the longest
 * path, the longest line, the longest run of characters with no space to wrap
 * at, and the most lines: if any /source/ page does not fit a phone, one of
 * these does not either.
 */
export const SOURCE_PAGE_EXTREMES = (() => {
  const measures: ((path: string, lines: string[]) => number)[] = [
    (path) => path.length,
    (_, lines) => Math.max(...lines.map((l) => l.length)),
    (_, lines) => Math.max(...lines.flatMap((l) => l.split(/\s+/).map((run) => run.length))),
    (_, lines) => lines.length,
  ];
  const files = SOURCE_PAGES.map((path) => ({
    path,
    kind: sourceKind(path),
    lines: readFileSync(sourceFile(path), 'utf8').split('\n'),
  }));
  const chosen = new Set<string>();
  for (const kind of new Set(files.map((f) => f.kind))) {
    const ofKind = files.filter((f) => f.kind === kind);
    for (const measure of measures) {
      const top = ofKind.reduce((a, b) =>
        measure(b.path, b.lines) > measure(a.path, a.lines) ? b : a,
      );
      chosen.add(top.path);
    }
  }
  return [...chosen].sort();
})();
