// Every <Claim id="..."> on a page is proven by a test tagged '@claim:<id>',
// and every '@claim:' tag names a claim some page makes. (A failing test for
// a claim fails the Playwright run; this check catches the ones with no test.)
import { claimIndex, CLAIM_ID } from '../src/lib/claims.ts';
import { lineAt, pageFiles, read, report, ROOT, type Problem } from './check-support.ts';

const CLAIM_TAG = /<Claim\b[^>]*?\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})/g;

const onPages = new Map<string, string[]>(); // id -> "file:line" places
for (const file of pageFiles()) {
  const text = read(file);
  for (const m of text.matchAll(CLAIM_TAG)) {
    const id = m[1] ?? m[2] ?? m[3] ?? '';
    onPages.set(id, [...(onPages.get(id) ?? []), `${file}:${lineAt(text, m.index)}`]);
  }
}
const tested = claimIndex(ROOT);

const problems: Problem[] = [];
for (const [id, places] of onPages) {
  if (!CLAIM_ID.test(id)) {
    problems.push({ at: places[0]!, message: `claim id "${id}" is not valid`, fix: 'use lowercase words joined by dots or dashes, like "step-up.not-refresh".' });
  } else if (!tested.has(id)) {
    for (const at of places) {
      problems.push({
        at,
        message: `claim "${id}" has no test`,
        fix: `tag the test that proves this sentence with { tag: '@claim:${id}' } (write the test if there is none), or remove the <Claim> if the page should not promise it.`,
      });
    }
  }
}
for (const [id, tests] of tested) {
  if (onPages.has(id)) continue;
  for (const t of tests) {
    problems.push({
      at: `${t.file}:${t.line}`,
      message: `test "${t.title}" is tagged @claim:${id}, but no page has <Claim id="${id}">`,
      fix: `fix the tag's spelling, mark the sentence on the page with <Claim id="${id}">...</Claim>, or remove the tag if the page no longer says it.`,
    });
  }
}

const testedOnPages = [...onPages.keys()].filter((id) => tested.has(id)).length;
const orphanTags = [...tested.keys()].filter((id) => !onPages.has(id)).length;
report('claims', `${onPages.size} on pages, ${testedOnPages} tested, ${orphanTags} test tag(s) naming no page claim`, problems);
