// Prints one plain closing line, "N passed, N failed", that CI and people
// can read at a glance.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  #passed = 0;
  #failed = 0;
  #skipped = 0;
  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'skipped') this.#skipped++;
    else if (test.outcome() === 'expected' || test.outcome() === 'flaky') this.#passed++;
    else if (result.retry === test.retries) this.#failed++;
  }
  onEnd(_result: FullResult) {
    console.log(`\n${this.#passed} passed, ${this.#failed} failed, ${this.#skipped} skipped`);
  }
}
