// The JavaScript each built page ships: the bytes of every <script src> file
// it loads (each file counted once per page) plus its inline scripts.
// Run after `npm run build`:  npm run bench -- page-js [--json]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const DIST = 'dist';
if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`bench page-js: ${DIST}/ has no built site. Run npm run build first.`);
  process.exit(1);
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith('.html') ? [path] : [];
  });
}

interface PageJs {
  page: string;
  external: number;
  inline: number;
  files: string[];
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

function measure(file: string): PageJs {
  const html = readFileSync(file, 'utf8');
  const files = new Set<string>();
  let inline = 0;
  for (const [, attrs = '', body = ''] of html.matchAll(SCRIPT)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
    // JSON data blocks and the like are not executed.
    if (type && !/^(module|text\/javascript|application\/javascript)$/i.test(type)) continue;
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
    if (src) {
      if (!/^https?:/.test(src)) files.add(src.split(/[?#]/)[0]!);
    } else {
      inline += Buffer.byteLength(body, 'utf8');
    }
  }
  const external = [...files].reduce((sum, src) => {
    const path = join(DIST, src);
    return sum + (existsSync(path) ? statSync(path).size : 0);
  }, 0);
  const page = `/${relative(DIST, file)
    .replace(/index\.html$/, '')
    .replace(/\\/g, '/')}`;
  return { page, external, inline, files: [...files] };
}

const rows = htmlFiles(DIST)
  .map(measure)
  .sort((a, b) => a.page.localeCompare(b.page));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
  console.log(
    `${'page'.padEnd(52)}${'<script src>'.padStart(14)}${'inline'.padStart(10)}${'total'.padStart(10)}`,
  );
  for (const r of rows)
    console.log(
      `${r.page.padEnd(52)}${kb(r.external).padStart(14)}${kb(r.inline)}${kb(r.external + r.inline)}`,
    );
  const totals = rows.map((r) => r.external + r.inline).sort((a, b) => a - b);
  const median = totals[Math.floor(totals.length / 2)]!;
  const top = rows.reduce((a, b) => (b.external + b.inline > a.external + a.inline ? b : a));
  console.log(
    `\n${rows.length} pages. Median ${kb(median).trim()}; most: ${top.page} with ${kb(top.external + top.inline).trim()}.`,
  );
}
