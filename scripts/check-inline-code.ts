// Code a reader may run is imported from examples/ (<ExampleCode file=... region=...>),
// where the type-check and the tests keep it true. A page may not paste a
// TypeScript/JavaScript fenced block, unless its fence says it is an
// illustration: ```ts illustration
// Code shown from a file fits a phone-sized code block: at most MAX_WIDTH
// columns, so a reader never scrolls sideways through it.
import { readRegion } from '../src/lib/regions.ts';
import { pageFiles, read, report, type Problem } from './check-support.ts';

export const MAX_WIDTH = 100;
const RUNNABLE = new Set([
  'ts',
  'typescript',
  'tsx',
  'mts',
  'cts',
  'js',
  'javascript',
  'jsx',
  'mjs',
  'cjs',
]);
export const ILLUSTRATION = 'illustration';

let imported = 0;
let inline = 0;
let illustrations = 0;
let otherFences = 0;
let shownLines = 0;
const problems: Problem[] = [];

for (const file of pageFiles()) {
  const text = read(file);
  imported += [...text.matchAll(/<ExampleCode\b/g)].length;
  const shownFrom = /<ExampleCode\b[^>]*?\bfile="([^"]+\.ts)"(?:[^>]*?\bregion="([^"]+)")?/g;
  for (const shown of text.matchAll(shownFrom)) {
    const [, source, region] = shown;
    let code: string;
    try {
      code = readRegion(source!, region);
    } catch {
      continue; // the build names a missing file or region
    }
    const lines = code.split('\n');
    shownLines += lines.length;
    const wide = lines.filter((l) => l.length > MAX_WIDTH);
    if (wide.length) {
      const widest = Math.max(...wide.map((l) => l.length));
      problems.push({
        at: `${file}:${text.slice(0, shown.index).split('\n').length}`,
        message: `${source}${region ? ` (region ${region})` : ''} shows ${wide.length} line(s) wider than ${MAX_WIDTH} columns, the widest ${widest}: "${wide[0]!.trim().slice(0, 60)}..."`,
        fix: `break the line in ${source}: npx prettier --write ${source} breaks code; split long strings and comments by hand`,
      });
    }
  }
  const lines = text.split('\n');
  let open: { fence: string } | undefined;
  lines.forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})\s*([^\s`{]*)\s*(.*)$/.exec(line);
    if (!m) return;
    const [, fence, lang = '', meta = ''] = m;
    if (open) {
      // A closing fence: same character, at least as long, nothing after it.
      if (
        fence![0] === open.fence[0] &&
        fence!.length >= open.fence.length &&
        !lang &&
        !meta.trim()
      )
        open = undefined;
      return;
    }
    open = { fence: fence! };
    if (!RUNNABLE.has(lang.toLowerCase())) {
      otherFences++;
    } else if (meta.split(/\s+/).includes(ILLUSTRATION)) {
      illustrations++;
    } else {
      inline++;
      problems.push({
        at: `${file}:${i + 1}`,
        message: `a \`\`\`${lang} code block is written inline in the page`,
        fix: `move the code into a file in examples/ between "// #region NAME" and "// #endregion NAME" and show it with <ExampleCode file="examples/..." region="NAME" />, so it is type-checked and tested. If it is a fragment nobody should run, mark the fence: \`\`\`${lang} ${ILLUSTRATION}`,
      });
    }
  });
}

report(
  'inline code',
  `${imported} ExampleCode import(s) (${shownLines} lines of code, none over ${MAX_WIDTH} columns), ${inline} inline runnable block(s), ${illustrations} illustration(s), ${otherFences} other fence(s)`,
  problems,
);
