// The decision table's rows state what the client does; the page writes that
// cell from decide() at build time. This checks each row's stated expectation
// against decide(), and that the cell the page shows follows from it.
import { expect, test } from '../../tests/support/fixtures.ts';
import { decideCase, describeOutcome, summarize } from './decision.ts';
import { DECISION_TABLE } from './decision-table.ts';

for (const { section, rows } of DECISION_TABLE) {
  for (const row of rows) {
    test(`decision table, ${section}: "${row.answer}" — decide() does what the row states`, async () => {
      const outcome = await decideCase(row.input);
      expect(summarize(outcome), `row ${row.id}`).toEqual(row.expect);
      // The words on the page name the action and scopes decide() chose.
      const cell = describeOutcome(row.input, outcome);
      if (row.expect.action === 'reauthorize') {
        expect(cell).toContain(`\`${row.expect.scopes.join(' ')}\``);
        const signIn = /sign in/.test(cell);
        expect(cell).toMatch(
          signIn ? /sign in/ : row.expect.newScopes.length ? /new `/ : /already granted/,
        );
      }
      if (row.expect.action === 'fail') expect(cell).toContain(`\`${row.expect.code}\``);
      if (row.expect.action === 'refresh') expect(cell).toMatch(/^Refreshes/);
      expect(row.claims?.length || row.proof, `row ${row.id} names its proof`).toBeTruthy();
      if (row.beyondDecide)
        expect(
          row.claims?.length,
          `row ${row.id} shows claims in place of decide()'s answer`,
        ).toBeTruthy();
    });
  }
}

test('decision table: row ids are unique', () => {
  const ids = DECISION_TABLE.flatMap((s) => s.rows.map((r) => r.id));
  expect(new Set(ids).size).toBe(ids.length);
});
