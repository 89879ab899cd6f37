// Each accepted survivor still points at a line of its file: an edit or a
// reformat that changes the line would otherwise quietly turn an accepted
// equivalent mutant into an unexplained survivor (or hide a real one).
import { readFileSync } from 'node:fs';
import { expect, test } from '../../tests/support/fixtures.ts';
import { ACCEPTED } from './mutation-accepted.ts';

test('every accepted mutation survivor names a line that is in its file', () => {
  expect(ACCEPTED.length).toBeGreaterThan(0);
  for (const a of ACCEPTED) {
    const lines = readFileSync(a.file, 'utf8')
      .split('\n')
      .map((l) => l.trim());
    const where = `${a.file}: "${a.code}"`;
    expect(
      lines.filter((l) => l === a.code).length,
      `${where} is not a line of the file`,
    ).toBeGreaterThan(0);
  }
});
