// Every link and #fragment in the built site (dist/, from `npm run build`)
// leads somewhere: linkinator serves dist/ locally and follows each link
// between pages. Links to other sites are not followed (the tests run offline).
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { LinkChecker, LinkState } from 'linkinator';
import { PAGES_DIR, report, type Problem } from './check-support.ts';

const DIST = 'dist';
if (!existsSync(`${DIST}/index.html`)) {
  console.error(`links: ${DIST}/ has no built site. Run npm run build first.`);
  process.exit(1);
}

const port = await new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});
const local = `http://127.0.0.1:${port}/`;
const result = await new LinkChecker().check({
  path: DIST,
  port,
  recurse: true,
  checkFragments: true,
  timeout: 10_000,
  linksToSkip: async (link) => !link.startsWith(local),
});

/** linkinator reports local URLs as dist/...; show them as site paths. */
const sitePath = (url: string) => (url.startsWith('http') ? url : `/${url.replace(new RegExp(`^${DIST}/?`), '')}`);
/** The page source a built page comes from, if it is a docs page. */
function source(page: string): string {
  const slug = page.replace(/^\/|\/$/g, '') || 'index';
  const candidates = [`${slug}.mdx`, `${slug}.md`, `${slug}/index.mdx`, `${slug}/index.md`].map((f) => `${PAGES_DIR}/${f}`);
  return candidates.find((f) => existsSync(f)) ?? `${DIST}${page}`;
}

const broken = result.links.filter((l) => l.state === LinkState.BROKEN);
const problems: Problem[] = broken.map((l) => {
  const page = l.parent ? sitePath(l.parent) : '/';
  return {
    at: `${source(page)} (page ${page})`,
    message: `broken link to ${sitePath(l.url)}${l.status && l.status !== 200 ? ` (HTTP ${l.status})` : l.url.includes('#') ? ' (no such #fragment on that page)' : ''}`,
    fix: 'correct or remove the link in the page source. Links between pages are absolute and end with a slash, like /guides/authenticate/; a #fragment is a heading id on that page.',
  };
});
const checked = result.links.filter((l) => l.state !== LinkState.SKIPPED);
const pages = checked.filter((l) => sitePath(l.url).endsWith('/')).length;
report('links', `${checked.length} link(s) checked on ${pages} page(s), ${broken.length} broken, ${result.links.length - checked.length} to other sites not followed`, problems);
