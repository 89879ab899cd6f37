// Prints one plain closing line, "N passed, N failed", that CI and people
// can read at a glance, and keeps each test's time in
// test-results/durations.json for `npm run bench -- test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  #passed = 0;
  #failed = 0;
  #skipped = 0;
  #durations: { title: string; file: string; seconds: number }[] = [];
  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'skipped') this.#skipped++;
    else if (test.outcome() === 'expected' || test.outcome() === 'flaky') this.#passed++;
    else if (result.retry === test.retries) this.#failed++;
    this.#durations.push({
      title: test.title,
      file: relative(process.cwd(), test.location.file),
      seconds: result.duration / 1000,
    });
  }
  onEnd(_result: FullResult) {
    mkdirSync('test-results', { recursive: true });
    // npm test runs two Playwright runs side by side: each names its own file.
    writeFileSync(
      process.env.PLAYWRIGHT_DURATIONS ?? 'test-results/durations.json',
      JSON.stringify(this.#durations),
    );
    console.log(`\n${this.#passed} passed, ${this.#failed} failed, ${this.#skipped} skipped`);
  }
}
