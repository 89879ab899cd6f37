// Reads a report of Playwright's `json` reporter: each test with its file,
// title, outcome and error text (without the terminal's colours), and the
// errors of files that did not load. Shared by the drift self-test and the
// planted-defect run, which both ask "did this test fail, and saying what?".
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

export interface ReportedTest {
  file: string;
  /** The test's own title (not its describe blocks). */
  title: string;
  /** Ran and did not pass (retries included). */
  failed: boolean;
  skipped: boolean;
  errors: string;
}

type Result = { status: string; errors?: { message?: string }[] };
type Spec = { title: string; file: string; tests: { results: Result[] }[] };
type Suite = { specs?: Spec[]; suites?: Suite[] };

// Playwright colours its errors; Node's own helper takes the escapes out.
const plain = (text: string) => stripVTControlCharacters(text);

export function readReport(path: string): { tests: ReportedTest[]; loadErrors: string[] } {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Suite & {
    errors?: { message?: string }[];
  };
  const tests: ReportedTest[] = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        tests.push({
          file: spec.file,
          title: spec.title,
          failed: test.results.some((r) => r.status !== 'passed' && r.status !== 'skipped'),
          skipped: test.results.every((r) => r.status === 'skipped'),
          errors: plain(
            test.results.flatMap((r) => (r.errors ?? []).map((e) => e.message ?? '')).join('\n'),
          ),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  walk(report);
  return { tests, loadErrors: (report.errors ?? []).map((e) => plain(e.message ?? '')) };
}
