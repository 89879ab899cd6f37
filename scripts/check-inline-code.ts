// Code a reader may run is imported from examples/ (<ExampleCode file=... region=...>),
// where the type-check and the tests keep it true. A page may not paste a
// TypeScript/JavaScript fenced block, unless its fence says it is an
// illustration: ```ts illustration
import { pageFiles, read, report, type Problem } from './check-support.ts';

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
const problems: Problem[] = [];

for (const file of pageFiles()) {
  const text = read(file);
  imported += [...text.matchAll(/<ExampleCode\b/g)].length;
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
  `${imported} ExampleCode import(s), ${inline} inline runnable block(s), ${illustrations} illustration(s), ${otherFences} other fence(s)`,
  problems,
);
