// The subsection proposed for the Claude Code docs: every sentence rests on
// claims checked against recorded Claude Code runs, and the text stays what
// that page can take (200 words at most, plain Markdown, no links into this
// site). A re-recorded run changes a record's hash and fails here until
// someone re-reads the sentences against it.
import { expect, test } from '../support/fixtures.ts';
import { claims } from '../support/claims.ts';
import { claimIndex } from '../../src/lib/claims.ts';
import { provenance } from '../../src/lib/provenance.ts';
import {
  markupIn,
  MAX_WORDS,
  readMapping,
  readUpstream,
  renderedWords,
  sha256,
  siteLinksIn,
  UPSTREAM_FILE,
  UPSTREAM_HEADING,
  UPSTREAM_MAP,
  upstreamSentences,
} from '../../src/lib/upstream.ts';

test(
  'the proposed Claude Code text: every sentence mapped to claims proven by Claude Code records',
  claims({
    'upstream.cc-text-checked':
      'A test fails when a sentence of this text has no claim behind it, when a record those claims rest on changes, or when the text passes 200 words or holds HTML or JSX',
  }),
  () => {
    const text = readUpstream();
    const mapping = readMapping();
    expect(text.split('\n')[0], 'the heading').toBe(`### ${UPSTREAM_HEADING}`);
    expect(renderedWords(text).length, `words in ${UPSTREAM_FILE}`).toBeLessThanOrEqual(MAX_WORDS);
    expect(markupIn(text), 'HTML or JSX the Claude Code docs would not take').toEqual([]);
    expect(siteLinksIn(text), 'links into this site').toEqual([]);

    const mapped = new Map(mapping.sentences.map((s) => [s.sentence, s.claims]));
    const sentences = upstreamSentences(text);
    const unmapped = sentences.filter((s) => !mapped.get(s)?.length);
    expect(unmapped, `sentences of ${UPSTREAM_FILE} with no claim in ${UPSTREAM_MAP}`).toEqual([]);
    const stale = [...mapped.keys()].filter((s) => !sentences.includes(s));
    expect(stale, `sentences in ${UPSTREAM_MAP} that the text no longer has`).toEqual([]);

    const index = claimIndex();
    const records = new Set<string>();
    for (const { sentence, claims: ids } of mapping.sentences) {
      for (const id of ids) {
        const tests = index.claims.get(id);
        expect(tests, `claim "${id}" (for "${sentence}") is declared by a test`).toBeTruthy();
        const proven = provenance(tests!);
        expect(
          proven.clients.map((c) => c.client),
          `claim "${id}" rests on Claude Code records only`,
        ).toEqual(['Claude Code']);
        for (const t of tests!) for (const file of t.proof ?? []) records.add(file);
      }
    }
    expect(Object.keys(mapping.records).sort(), `the records pinned in ${UPSTREAM_MAP}`).toEqual(
      [...records].sort(),
    );
    const changed = [...records].filter((file) => sha256(file) !== mapping.records[file]);
    expect(
      changed,
      [
        `these records changed since the text was checked against them; re-read every sentence of ${UPSTREAM_FILE}`,
        `whose claims rest on them, then pin the new hashes in ${UPSTREAM_MAP}:`,
        ...changed.map((file) => `  "${file}": "${sha256(file)}"`),
      ].join('\n'),
    ).toEqual([]);
  },
);

test('upstream helpers: sentences, words, markup and links', () => {
  const md =
    '### Title\n\nA first one. `-p` second.\n\n- **Bold** bullet, e.g. here.\n- Another `<name>`.\n';
  expect(upstreamSentences(md)).toEqual([
    'A first one.',
    '`-p` second.',
    '**Bold** bullet, e.g. here.',
    'Another `<name>`.',
  ]);
  expect(renderedWords(md)).toEqual([
    'Title',
    'A',
    'first',
    'one.',
    '-p',
    'second.',
    'Bold',
    'bullet,',
    'e.g.',
    'here.',
    'Another',
    '<name>.',
  ]);
  expect(markupIn(md)).toEqual([]);
  expect(markupIn('Use <Claim id="x" /> or <b>this</b> {value}')).toEqual([
    '<Claim id="x" />',
    '<b>',
    '</b>',
    '{value}',
  ]);
  expect(siteLinksIn('[a](/guides/x/) [b](#y) [c](https://code.claude.com/docs/en/mcp)')).toEqual([
    '/guides/x/',
    '#y',
  ]);
});
