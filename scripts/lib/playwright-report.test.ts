import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../../tests/support/fixtures.ts';
import { readReport } from './playwright-report.ts';

test('a JSON report reads back as each test with its file, title, outcome and plain error text', () => {
  const spec = (title: string, ...statuses: string[]) => ({
    title,
    file: 'tests/a.spec.ts',
    tests: [
      {
        results: statuses.map((status) => ({
          status,
          errors: status === 'failed' ? [{ message: '\u001b[31mExpected 1\u001b[39m' }] : [],
        })),
      },
    ],
  });
  const report = {
    suites: [
      {
        title: 'tests/a.spec.ts',
        specs: [spec('passes', 'passed')],
        suites: [
          {
            title: 'a describe',
            specs: [
              spec('fails', 'failed'),
              spec('is skipped', 'skipped'),
              spec('times out', 'timedOut'),
            ],
          },
        ],
      },
    ],
    errors: [{ message: '\u001b[31mSyntaxError in tests/b.spec.ts\u001b[39m' }],
  };
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  try {
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    const { tests, loadErrors } = readReport(join(dir, 'report.json'));
    expect(tests.map((t) => [t.file, t.title, t.failed, t.skipped, t.errors])).toEqual([
      ['tests/a.spec.ts', 'passes', false, false, ''],
      ['tests/a.spec.ts', 'fails', true, false, 'Expected 1'],
      ['tests/a.spec.ts', 'is skipped', false, true, ''],
      ['tests/a.spec.ts', 'times out', true, false, ''],
    ]);
    expect(loadErrors).toEqual(['SyntaxError in tests/b.spec.ts']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
