// Output shown on the pages comes from real runs: every file in
// examples/transcripts/ is compared with a fresh run by some test
// (expectRecordedOutput in a test tagged @transcript), and every transcript a
// page shows exists. The comparison itself runs in the Playwright tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSCRIPTS_DIR, UPDATE_COMMAND } from '../tests/support/recorded-output.ts';
import {
  escapeRegExp,
  lineAt,
  listFiles,
  pageFiles,
  read,
  report,
  ROOT,
  testFiles,
  type Problem,
} from './check-support.ts';

const CALL = /expectRecordedOutput\(\s*(?:(['"])([^'"]*)\1|`([^`]*)`|([^,)]*))/g;

const problems: Problem[] = [];
const recorded = listFiles(TRANSCRIPTS_DIR, /./).map((f) => f.slice(TRANSCRIPTS_DIR.length + 1));

// Which transcript names the tests produce: literal names, or template
// literals (`${scenario}.txt`) matched as patterns.
const unreadable: string[] = []; // names this check cannot resolve statically
const producers: { at: string; match: (name: string) => boolean; literal?: string }[] = [];
for (const file of testFiles()) {
  const text = read(file);
  const calls = [...text.matchAll(CALL)];
  if (calls.length && !text.includes('@transcript')) {
    problems.push({
      at: `${file}:${lineAt(text, calls[0]!.index)}`,
      message: 'this file compares recorded output but no test in it is tagged @transcript',
      fix: `add '@transcript' to the test's tags, so ${UPDATE_COMMAND} re-records its output.`,
    });
  }
  for (const m of calls) {
    const at = `${file}:${lineAt(text, m.index)}`;
    if (m[2] !== undefined) {
      const literal = m[2];
      producers.push({ at, literal, match: (name) => name === literal });
    } else if (m[3] !== undefined) {
      const pattern = new RegExp(
        `^${m[3]
          .split(/\$\{[^}]*\}/)
          .map(escapeRegExp)
          .join('.+')}$`,
      );
      producers.push({ at, match: (name) => pattern.test(name) });
    } else {
      unreadable.push(`${at}: expectRecordedOutput(${m[4]?.trim()}, ...)`);
    }
  }
}

for (const name of recorded) {
  if (!producers.some((p) => p.match(name))) {
    problems.push({
      at: `${TRANSCRIPTS_DIR}/${name}`,
      message: 'no test produces this transcript, so nothing keeps it equal to a real run',
      fix:
        `compare it in a test tagged @transcript with expectRecordedOutput('${name}', ...) and run ${UPDATE_COMMAND}; or delete the file if no page shows it.` +
        (unreadable.length
          ? ` (Names this check cannot read, use a string or template literal: ${unreadable.join('; ')})`
          : ''),
    });
  }
}
for (const p of producers) {
  if (p.literal !== undefined && !existsSync(join(ROOT, TRANSCRIPTS_DIR, p.literal))) {
    problems.push({
      at: p.at,
      message: `${TRANSCRIPTS_DIR}/${p.literal} is not recorded yet`,
      fix: `run ${UPDATE_COMMAND} and commit the file.`,
    });
  }
}

// Transcripts the pages show (<ExampleCode file=...>, or a link to /source/examples/transcripts/...).
const shown = new Set<string>();
for (const file of pageFiles()) {
  const text = read(file);
  for (const m of text.matchAll(
    new RegExp(`${escapeRegExp(TRANSCRIPTS_DIR)}(?:/[\\w.-]+)+`, 'g'),
  )) {
    const path = m[0].replace(/[.]+$/, '');
    shown.add(path);
    if (!existsSync(join(ROOT, path))) {
      problems.push({
        at: `${file}:${lineAt(text, m.index)}`,
        message: `the page shows ${path}, which does not exist`,
        fix: `record it from a test (expectRecordedOutput in a test tagged @transcript) and run ${UPDATE_COMMAND}, or fix the path.`,
      });
    }
  }
}

const produced = recorded.filter((name) => producers.some((p) => p.match(name))).length;
report(
  'transcripts',
  `${recorded.length} recorded, ${produced} produced by tests, ${shown.size} shown on pages`,
  problems,
);
