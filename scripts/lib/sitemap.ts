// Every page path of the built site (dist/, from npm run build), read from its sitemap.
import { readFileSync } from 'node:fs';

/** `dir`: the build; `base`: the path the site is built for (its URLs start with it, its files do not). */
export function sitemapPaths(dir = 'dist', base = '/'): string[] {
  const index = readFileSync(`${dir}/sitemap-index.xml`, 'utf8');
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) =>
    new URL(m[1]!).pathname.slice(base.length),
  );
  const paths = maps.flatMap((file) =>
    [...readFileSync(`${dir}/${file}`, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map(
      (m) => new URL(m[1]!).pathname,
    ),
  );
  return [...new Set(paths)].sort();
}
