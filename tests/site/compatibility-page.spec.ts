// The compatibility page (built site): every recorded run is a cell that links
// to its record, and the matrix fits the viewport on a desktop and a phone.
import { expect, test } from '../support/fixtures.ts';
import { isAgentCli, rows, runAnchor, SCENARIO_ORDER } from '../real-clients/harness/matrix.ts';
import { readRecords } from '../real-clients/harness/records.ts';

const PATH = '/clients/compatibility/';

test('the compatibility page shows every recorded run as a cell linking to its record', async ({
  page,
}) => {
  const records = readRecords();
  await page.goto(PATH);
  // Read every cell and every run's summary in one pass (one round trip, not two per run).
  const shown = await page.evaluate(() => ({
    cells: Object.fromEntries(
      [...document.querySelectorAll<HTMLAnchorElement>('.compat-matrix td a')].map((a) => [
        a.getAttribute('href') ?? '',
        a.getAttribute('aria-label') ?? '',
      ]),
    ),
    cellCount: document.querySelectorAll('.compat-matrix td a').length,
    summaries: Object.fromEntries(
      [...document.querySelectorAll('details[id]')].map((d) => [
        d.id,
        d.querySelector('summary')?.textContent ?? '',
      ]),
    ),
  }));
  expect(shown.cellCount, 'cells in the matrix').toBe(records.length);
  const problems: string[] = [];
  for (const row of rows(records)) {
    for (const scenario of SCENARIO_ORDER) {
      const run = row.runs[scenario];
      if (!run) continue;
      const anchor = runAnchor(row.clientId, scenario);
      const label = shown.cells[`#${anchor}`];
      if (label === undefined) problems.push(`${anchor}: no cell links to it`);
      else if (!label.includes(`: ${run.outcome}, `))
        problems.push(`${anchor}: the cell says "${label}", not "${run.outcome}"`);
      const summary = shown.summaries[anchor];
      if (summary === undefined) problems.push(`${anchor}: no run record with this id`);
      else if (!summary.includes(`${scenario}: `))
        problems.push(
          `${anchor}: the record's summary "${summary.trim()}" does not name ${scenario}`,
        );
    }
  }
  expect(problems).toEqual([]);
});

// That the page and its matrices fit 1280 and 390 px, with every run opened,
// is checked with every page's layout, in pages.spec.ts: nothing scrolls
// sideways and nothing sticks out of the content column.

test('the agent CLIs table has a row per agent and every cell links to its run', async ({
  page,
}) => {
  const agents = rows(readRecords()).filter((r) => isAgentCli(r.clientId));
  await page.goto(PATH);
  const table = await page.evaluate(() =>
    [...document.querySelectorAll('.compat-agents tbody tr')].map((tr) => ({
      head: tr.querySelector('th')?.textContent ?? '',
      links: [...tr.querySelectorAll('td a')].map((a) => a.getAttribute('href') ?? ''),
    })),
  );
  expect(table.map((t) => t.head.replace(/\s+/g, ' ').trim())).toEqual(
    agents.map((r) => `${r.client} ${r.version}${r.variant ?? ''}`),
  );
  const anchors = await page.evaluate(() =>
    [...document.querySelectorAll('details[id]')].map((d) => d.id),
  );
  for (const [i, row] of agents.entries()) {
    const runs = SCENARIO_ORDER.filter((s) => row.runs[s]).map(
      (s) => `#${runAnchor(row.clientId, s)}`,
    );
    expect(table[i]!.links, row.clientId).toEqual(runs);
    for (const link of runs) expect(anchors, `${link} exists`).toContain(link.slice(1));
  }
});
