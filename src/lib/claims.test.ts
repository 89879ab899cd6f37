// The claim reader: sentences are read from claims() calls without running
// the tests, and anything it cannot bind to a test is reported, not skipped.
import { expect, test } from '../../tests/support/fixtures.ts';
import { readClaimsInFile, sentenceHtml } from './claims.ts';

const read = (code: string) => readClaimsInFile('t.spec.ts', code);

test('claims(): reads each id and sentence with the test title and the sentence line', () => {
  const { found, problems } = read(`import { claims } from './claims.ts';
test('the title', claims({
  'a.one': 'First sentence',
  "a.two": \`Second \\\`code\\\`\`,
}, { tag: '@transcript' }), async () => {});
`);
  expect(problems).toEqual([]);
  expect(found).toEqual([
    ['a.one', { file: 't.spec.ts', line: 3, title: 'the title', sentence: 'First sentence' }],
    ['a.two', { file: 't.spec.ts', line: 4, title: 'the title', sentence: 'Second `code`' }],
  ]);
});

test('claims(): a hand-written @claim: tag, a computed sentence or a claims() outside a test is a problem', () => {
  const { found, problems } = read(`const s = 'x';
test('t', { tag: '@claim:a.b' }, () => {});
test('u', claims({ 'a.c': s }), () => {});
const details = claims({ 'a.d': 'words' });
test('v', claims({ 'Bad Id': 'words' }), () => {});
`);
  expect(found).toEqual([]);
  expect(problems.map((p) => `${p.at} ${p.message}`)).toEqual([
    't.spec.ts:2 "@claim:a.b" is a claim tag written by hand, with no sentence',
    "t.spec.ts:3 a claim in claims(...) is not 'id': 'sentence' with literal strings",
    "t.spec.ts:4 claims(...) is not the details argument of a test('title', ...) with a literal title",
    't.spec.ts:5 claim id "Bad Id" is not valid',
  ]);
});

test('sentenceHtml: escapes text, renders `code` and site or https links only', () => {
  expect(
    sentenceHtml('a <b> & `x<y>` [the run](/source/a.txt/) [`decide.ts`](https://example.com/d)'),
  ).toBe(
    'a &lt;b&gt; &amp; <code>x&lt;y&gt;</code> <a href="/source/a.txt/">the run</a> <a href="https://example.com/d"><code>decide.ts</code></a>',
  );
  expect(sentenceHtml('[bad](javascript:alert(1))')).toBe('[bad](javascript:alert(1))');
});
