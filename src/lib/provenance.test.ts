// What proved a claim, and the check that a sentence naming a real client
// carries only claims that client's records proved.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../../tests/support/fixtures.ts';
import { readClaimsInFile } from './claims.ts';
import {
  claimSentences,
  markText,
  provenance,
  provenanceProblems,
  readRuns,
} from './provenance.ts';

/** A throwaway project: files by path. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'provenance-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const RUN = (version: string, date: string) => ({
  client: 'Claude Code',
  version,
  date,
  scenario: 'x',
});

test('claims(): proof is read as literal file paths; anything else is a problem', () => {
  const ok = readClaimsInFile(
    't.spec.ts',
    `test('t', claims({ 'a.b': 'S' }, { proof: ['r/one.json', 'r/two.json'] }), () => {});`,
  );
  expect(ok.found[0]![1].proof).toEqual(['r/one.json', 'r/two.json']);
  const bad = readClaimsInFile(
    't.spec.ts',
    `const f = 'x'; test('t', claims({ 'a.b': 'S' }, { proof: [f] }), () => {});`,
  );
  expect(bad.problems.map((p) => p.message)).toEqual([
    "proof is not a list of literal file paths, like proof: ['tests/real-clients/records/x.json']",
  ]);
});

test('the mark says which client and versions recorded the claim, and the latest date', () => {
  const root = project({
    'r/a.json': JSON.stringify([RUN('2.1.117', '2026-11-20'), RUN('2.1.117', '2026-11-26')]),
    'r/b.json': JSON.stringify(RUN('2.1.118', '2026-11-21')),
  });
  const test = { file: 't.spec.ts', line: 1, title: 't', sentence: 'S' };
  expect(markText(provenance([{ ...test, proof: ['r/a.json', 'r/b.json'] }], root))).toBe(
    'recorded with Claude Code 2.1.117, 2.1.118 on 2026-11-26',
  );
  expect(markText(provenance([test], root))).toBe('tested on the reference client');
  expect(readRuns('r/none.json', root)).toBe('proof file r/none.json does not exist');
  expect(provenance([{ ...test, proof: ['r/none.json'] }], root).problems).toHaveLength(1);
});

test('the sentence around a claim stops at full stops, list items and table cells', () => {
  const said = new Map([
    ['a', 'It does not refresh'],
    ['b', 'It asks again'],
  ]);
  const mdx = [
    'Claude Code fails the call. In the reference client: <Claim id="a" />. <Claim id="b" />.',
    '',
    '- Claude Code: <Claim id="b" />',
    '| Claude Code | <Claim id="a" /> |',
  ].join('\n');
  expect(claimSentences('p.mdx', mdx, said).map((s) => s.text)).toEqual([
    'In the reference client: It does not refresh',
    'It asks again',
    'Claude Code: It asks again',
    'It does not refresh',
  ]);
});

test("a sentence naming Claude Code fails with a reference-client claim or another client's records", () => {
  const root = project({
    'r/cc.json': JSON.stringify([RUN('2.1.332', '2026-11-26')]),
    'r/sdk.json': JSON.stringify([
      { client: '@modelcontextprotocol/sdk', version: '1.32.2', date: '2026-11-26' },
    ]),
    'tests/x.spec.ts': [
      `test('ref', claims({ 'ref.a': 'It does not refresh' }), () => {});`,
      `test('cc', claims({ 'cc.a': 'It fails the call' }, { proof: ['r/cc.json'] }), () => {});`,
      `test('sdk', claims({ 'sdk.a': 'It refreshes first' }, { proof: ['r/sdk.json'] }), () => {});`,
    ].join('\n'),
    'src/content/docs/p.mdx': [
      'In Claude Code, <Claim id="cc.a" />.',
      '',
      'Claude Code too: <Claim id="ref.a" />.',
      '',
      'In Claude Code, <Claim id="sdk.a" />.',
      '',
      'In the reference client, <Claim id="ref.a" />.',
    ].join('\n'),
  });
  const problems = provenanceProblems(root);
  expect(problems.map((p) => `${p.at} ${p.id}`)).toEqual([
    'src/content/docs/p.mdx:3 ref.a',
    'src/content/docs/p.mdx:5 sdk.a',
  ]);
  expect(problems[0]!.message).toBe(
    'the sentence "Claude Code too: It does not refresh" names Claude Code, but claim "ref.a" is proven only by the reference client, not by a run of Claude Code',
  );
  expect(problems[1]!.message).toContain(
    'is proven by records of @modelcontextprotocol/sdk, not by a run of Claude Code',
  );
});
