// `npm run check:base-path`: builds the site as GitHub Pages serves a project
// repository's site, under /<repo>/, serves it with `astro preview` and crawls
// it from its home page. Every link between pages must resolve under that
// path: a link that forgets the base path (written as `/guides/...` and left
// so) is reported with its page. The CI workflow runs it before publishing;
// it is a second full build, so `npm test` does not.
//
//   npm run check:base-path              under /mcp-step-up/
//   npm run check:base-path -- docs      under /docs/
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinkChecker, LinkState } from 'linkinator';
import { freePort } from '../examples/shared/free-port.ts';
import { sitemapPaths } from './lib/sitemap.ts';

const BASE = (process.argv[2] ?? 'mcp-step-up').replace(/^\/+|\/+$/g, '');
const outDir = mkdtempSync(join(tmpdir(), 'base-path-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env = { ...process.env, DOCS_BASE: `/${BASE}/`, DOCS_OUT_DIR: outDir, DOCS_SITE: origin };
const ASTRO = 'node_modules/astro/bin/astro.mjs';

const build = spawnSync(process.execPath, [ASTRO, 'build'], { env, encoding: 'utf8' });
if (build.status !== 0) {
  console.error(
    `check:base-path: the build under /${BASE}/ failed:\n${`${build.stdout}${build.stderr}`.slice(-3000)}`,
  );
  process.exit(1);
}
const preview = spawn(
  process.execPath,
  [ASTRO, 'preview', '--port', String(port), '--host', '127.0.0.1'],
  { env, stdio: 'ignore' },
);
try {
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(`${origin}/${BASE}/`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const result = await new LinkChecker().check({
    path: `${origin}/${BASE}/`,
    recurse: true,
    // Offline: other sites are not followed. Links to this origin are, base path or not.
    linksToSkip: async (link) => !link.startsWith(origin),
  });
  const local = result.links.filter((l) => l.url.startsWith(origin));
  const path = (url: string | undefined) =>
    url && URL.canParse(url) ? new URL(url).pathname : '?';
  const reached = new Set(local.filter((l) => l.state === LinkState.OK).map((l) => path(l.url)));
  // Every hand-written page must be reached (the generated /source/ pages are listed in the sitemap, not all linked).
  const unreached = sitemapPaths(outDir, `/${BASE}/`).filter(
    (p) => !p.includes('/source/') && !reached.has(p),
  );
  const broken = local.filter((l) => l.state === LinkState.BROKEN);
  const outside = local.filter((l) => !path(l.url).startsWith(`/${BASE}/`));
  for (const l of broken)
    console.error(`broken: ${path(l.url)} (HTTP ${l.status ?? '-'}) on ${path(l.parent)}`);
  for (const l of outside) console.error(`outside /${BASE}/: ${path(l.url)} on ${path(l.parent)}`);
  for (const p of unreached) console.error(`not reached from the home page: ${p}`);
  console.log(
    `check:base-path: under /${BASE}/, ${local.length} links to the site crawled, ${reached.size} pages and files reached, ${broken.length} broken, ${outside.length} outside the base path, ${unreached.length} hand-written page(s) not reached`,
  );
  if (broken.length || outside.length || unreached.length) process.exitCode = 1;
} finally {
  preview.kill();
  rmSync(outDir, { recursive: true, force: true });
}
