// Every planted defect still applies: its `find` occurs exactly once in its
// file. A code change (or a reformat) that moves the text would otherwise be
// found only by the slow `npm run test:defects`, weeks later.
import { readFileSync } from 'node:fs';
import { expect, test } from '../support/fixtures.ts';
import { DEFECTS } from './defects.ts';

test('every planted defect finds its text exactly once in its file', () => {
  expect(DEFECTS.length).toBeGreaterThan(0);
  const stale = DEFECTS.filter(
    (d) => readFileSync(d.file, 'utf8').split(d.find).length - 1 !== 1,
  ).map(
    (d) =>
      `${d.file}: ${d.what} (find occurs ${readFileSync(d.file, 'utf8').split(d.find).length - 1} times)`,
  );
  expect(stale, 'update `find` in tests/defects/defects.ts').toEqual([]);
});
