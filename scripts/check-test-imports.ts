// Every test file takes `test` and `expect` from tests/support/fixtures.ts.
// Playwright gives each set of fixtures workers of its own: one file written
// against @playwright/test's `test` makes it stop a worker and start another
// (a Node process and a browser) whenever the queue switches between the sets.
import { read, report, testFiles, type Problem } from './check-support.ts';

const FIXTURES = 'tests/support/fixtures.ts';
const files = testFiles();
const problems: Problem[] = [];
for (const file of files) {
  const text = read(file);
  const m = /import\s*\{([^}]*)\}\s*from\s*'@playwright\/test'/.exec(text);
  const names = m?.[1]!.split(',').map((n) => n.trim()) ?? [];
  const wrong = names.filter((n) => n === 'test' || n === 'expect' || n.startsWith('test as'));
  if (wrong.length) {
    problems.push({
      at: `${file}:${text.slice(0, m!.index).split('\n').length}`,
      message: `imports ${wrong.join(', ')} from @playwright/test`,
      fix: `import { expect, test } from '${FIXTURES}' (by a relative path) instead: one set of fixtures for every test file keeps Playwright's workers.`,
    });
  }
}
report(
  'test imports',
  `${files.length} test files, ${files.length - problems.length} take test and expect from ${FIXTURES}`,
  problems,
);
