// The site may be published under a path: GitHub Pages serves a project
// repository's site at https://<owner>.github.io/<repo>/. Astro prefixes its
// own links with `base`, but not the root-relative links written in pages and
// components (`/guides/authenticate/`); these helpers do.
import type { HastPluginDefinition } from 'satteri';

/** `/guides/x/` under base `/repo/` is `/repo/guides/x/`; other links (`#x`, `https://`, `//host`) stay as they are. */
export function withBase(href: string, base: string): string {
  if (!href.startsWith('/') || href.startsWith('//')) return href;
  const prefix = base.replace(/\/+$/, '');
  if (!prefix || href === prefix || href.startsWith(`${prefix}/`)) return href;
  return `${prefix}${href}`;
}

/** Sätteri (Astro's Markdown processor) plugin: root-relative links in Markdown and MDX pages go under the base path. */
export function basePathLinks(base: string): HastPluginDefinition {
  return {
    name: 'base-path-links',
    element: {
      filter: ['a'],
      visit(node, ctx) {
        const href = node.properties?.href;
        if (typeof href !== 'string') return;
        const under = withBase(href, base);
        if (under !== href) ctx.setProperty(node, 'href', under);
      },
    },
  };
}
