// Every planted defect still applies: its `find` stands exactly once in its
// file (tests/defects/locate.ts: formatting aside). A code change that moves
// the text would otherwise be found only by the slow `npm run test:defects`.
import { readFileSync } from 'node:fs';
import { expect, test } from '../support/fixtures.ts';
import { DEFECTS } from './defects.ts';
import { locate } from './locate.ts';

test('every planted defect finds its text exactly once in its file', () => {
  expect(DEFECTS.length).toBeGreaterThan(0);
  const stale = DEFECTS.map((d) => ({
    d,
    times: locate(readFileSync(d.file, 'utf8'), d.find).length,
  }))
    .filter(({ times }) => times !== 1)
    .map(({ d, times }) => `${d.file}: ${d.what} (find stands there ${times} times)`);
  expect(stale, 'update `find` in tests/defects/defects.ts').toEqual([]);
});

test('a defect is found whatever the formatter did, and not where the code differs', () => {
  const code = "const input = {\n  status,\n  granted: granted.join(' '),\n};\nfoo(a, b);";
  expect(locate(code, "const input = { status, granted: granted.join(' ') };")).toHaveLength(1);
  expect(locate(code, 'granted: granted.join(" "),')).toHaveLength(1);
  expect(locate('foo(\n  a,\n  b,\n);', 'foo(a, b);')).toHaveLength(1);
  expect(locate(code, "granted: granted.join(',')")).toHaveLength(0);
  expect(locate(code, 'constinput')).toHaveLength(0);
  expect(locate('a  b a b', 'a b')).toHaveLength(2);
  expect(locate(code, '   ')).toHaveLength(0);
});
