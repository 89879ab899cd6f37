// Measures the built site as a reader meets it: words and height of every
// documentation page at 1280 px, and where Pagefind (the site search) ranks
// the guide's step-up section for the queries a Claude Code user types.
//
//   npm run build && npm run measure:pages            (starts `astro preview` itself)
//   PREVIEW_PORT=4335 npm run measure:pages -- --json (machine-readable)
import { spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { SEARCH_RANKING } from '../src/lib/search-ranking.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from './lib/chromium.ts';
import { sitemapPaths } from './lib/sitemap.ts';

const PORT = Number(process.env.PREVIEW_PORT ?? 4329);
const BASE = `http://127.0.0.1:${PORT}`;
export const QUERIES = ['insufficient_scope', '403', 'consent again'];
const GUIDE = '/guides/authenticate/';
/** The guide's step-up section: its h2 and the h3s under it. */
const STEP_UP_ANCHORS = ['#step-up-authorization-and-elevated-scopes', '#when-claude-code-asks-for-consent-again', '#after-a-403-in-any-mcp-client'];

const docPaths = (): string[] => sitemapPaths().filter((p) => !p.startsWith('/source/'));

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 60; i++) {
    try {
      if ((await fetch(`${BASE}/`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`No preview server answered at ${BASE}/`);
}

export interface SearchHit {
  url: string;
  /** The page's best-matching section: the sub-result with the highest summed match score. */
  section: string;
}

/** Runs Pagefind's own search in the page, as the site's search box does. */
export async function pagefindSearch(page: Page, query: string): Promise<SearchHit[]> {
  return page.evaluate(async ([q, ranking]) => {
    // @ts-expect-error: served by the built site, not a module TypeScript knows.
    const pagefind = await import('/pagefind/pagefind.js');
    // The ranking the site's search box uses (Starlight passes it to Pagefind's UI).
    await pagefind.options({ ranking });
    await pagefind.init();
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.map((r: { data: () => Promise<unknown> }) => r.data()));
    type Sub = { url: string; weighted_locations?: { balanced_score: number }[] };
    const score = (s: Sub) => (s.weighted_locations ?? []).reduce((sum, l) => sum + l.balanced_score, 0);
    return data.map((d: { url: string; sub_results?: Sub[] }) => {
      const best = [...(d.sub_results ?? [])].sort((a, b) => score(b) - score(a))[0];
      return { url: d.url, section: best?.url ?? d.url };
    });
  }, [query, SEARCH_RANKING] as const);
}

/** 1-based rank of the guide page, and of the guide's step-up section (the page's rank when that section is its best match). */
export function stepUpRank(hits: SearchHit[]): { page: number; section: number } {
  const clean = (u: string) => u.replace(/\.html(?=#|$)/, '/').replace(/\/\/$/, '/');
  const page = hits.findIndex((h) => clean(h.url) === GUIDE) + 1;
  const section = hits.findIndex((h) => STEP_UP_ANCHORS.some((a) => clean(h.section) === GUIDE + a)) + 1;
  return { page, section };
}

async function main() {
  const json = process.argv.includes('--json');
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await fetch(`${BASE}/`);
  } catch {
    server = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--port', String(PORT), '--host', '127.0.0.1'], { stdio: 'ignore' });
  }
  try {
    await waitForServer();
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pages = [];
    for (const path of docPaths()) {
      await page.goto(`${BASE}${path}`);
      const m = await page.evaluate(() => ({
        words: (document.querySelector('.sl-markdown-content') as HTMLElement | null)?.innerText.split(/\s+/).filter(Boolean).length ?? 0,
        height: document.documentElement.scrollHeight,
      }));
      pages.push({ path, ...m });
    }
    const searches = [];
    for (const query of QUERIES) {
      const hits = await pagefindSearch(page, query);
      searches.push({ query, ...stepUpRank(hits), top: hits.slice(0, 3).map((h) => h.section) });
    }
    await browser.close();
    if (json) {
      console.log(JSON.stringify({ pages, searches }, null, 2));
      return;
    }
    console.log('| page | words | height at 1280 px |\n| --- | ---: | ---: |');
    for (const p of pages) console.log(`| ${p.path} | ${p.words} | ${p.height} |`);
    console.log('\n| query | guide page rank | step-up section rank | top 3 |\n| --- | ---: | ---: | --- |');
    for (const s of searches) console.log(`| ${s.query} | ${s.page || '-'} | ${s.section || '-'} | ${s.top.join('<br>')} |`);
  } finally {
    server?.kill();
  }
}

if (import.meta.main) await main();
