// Every page path of the built site (dist/, from npm run build), read from its sitemap.
import { readFileSync } from 'node:fs';

export function sitemapPaths(): string[] {
  const index = readFileSync('dist/sitemap-index.xml', 'utf8');
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.replace(/^\//, ''));
  const paths = maps.flatMap((file) => [...readFileSync(`dist/${file}`, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname));
  return [...new Set(paths)].sort();
}
