// Measures the built site as a reader meets it: words and height of every
// documentation page at 1280 px, and where Pagefind (the site search) ranks
// the guide's step-up section for the queries a Claude Code user types.
//
//   npm run build && npm run bench -- pages            (starts `astro preview` itself)
//   PREVIEW_PORT=4335 npm run bench -- pages --json  (machine-readable)
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../lib/chromium.ts';
import { pagefindSearch, stepUpRank } from '../lib/site-search.ts';
import { sitemapPaths } from '../lib/sitemap.ts';

const PORT = Number(process.env.PREVIEW_PORT ?? 4329);
const BASE = `http://127.0.0.1:${PORT}`;
const QUERIES = ['insufficient_scope', '403', 'consent again'];
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

async function main() {
  const json = process.argv.includes('--json');
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await fetch(`${BASE}/`);
  } catch {
    server = spawn(
      process.execPath,
      [
        'node_modules/astro/bin/astro.mjs',
        'preview',
        '--port',
        String(PORT),
        '--host',
        '127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  }
  try {
    await waitForServer();
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pages = [];
    for (const path of docPaths()) {
      await page.goto(`${BASE}${path}`);
      const m = await page.evaluate(() => ({
        words:
          (document.querySelector('.sl-markdown-content') as HTMLElement | null)?.innerText
            .split(/\s+/)
            .filter(Boolean).length ?? 0,
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
    console.log(
      '\n| query | guide page rank | step-up section rank | top 3 |\n| --- | ---: | ---: | --- |',
    );
    for (const s of searches)
      console.log(
        `| ${s.query} | ${s.page || '-'} | ${s.section || '-'} | ${s.top.join('<br>')} |`,
      );
  } finally {
    server?.kill();
  }
}

await main();
