// Prose that states what a recorded run showed is checked against the records
// (built site): version badges next to recorded claims, the held-scope fix
// badge in "What changed in Claude Code", the FAQ's "You see" row, and the page
// proposing the text for the Claude Code docs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures.ts';
import { heldScopeFixVersion } from '../../src/lib/claude-code-records.ts';
import { readMapping, readUpstream, renderedWords, upstreamBody } from '../../src/lib/upstream.ts';

const VERSION = /^\d+\.\d+\.\d+$/;

test('the held-scope fix badge is the first recorded version that stopped refreshing', async ({
  page,
}) => {
  await page.goto('/guides/authenticate/');
  const row = page.locator('tr', { has: page.locator('[data-claim="cc.record.held-scope-fix"]') });
  await expect(row).toHaveCount(1);
  const fixed = heldScopeFixVersion();
  expect(
    fixed,
    'the records show a version that stopped refreshing on a held-scope challenge',
  ).toBeTruthy();
  await expect(
    row.locator('td').first(),
    `the held-scope fix badge (the records say ${fixed})`,
  ).toHaveText(fixed!);
});

for (const path of ['/guides/authenticate/', '/troubleshooting/', '/guides/faq/']) {
  test(`version badges on ${path} agree with the records of the claims beside them`, async ({
    page,
  }) => {
    await page.goto(path);
    // Each list item or table row with a version badge and claims proven by records.
    const items = await page.evaluate(() =>
      [...document.querySelectorAll('.sl-markdown-content li, .sl-markdown-content tr')].flatMap(
        (el) => {
          const badges = [...el.querySelectorAll('.sl-badge')].map(
            (b) => b.textContent?.trim() ?? '',
          );
          const recorded = [...el.querySelectorAll<HTMLElement>('.claim[data-claim-versions]')].map(
            (c) => ({ id: c.dataset.claim!, versions: c.dataset.claimVersions!.split(' ') }),
          );
          return badges.length && recorded.length
            ? [{ text: (el.textContent ?? '').slice(0, 80), badges, recorded }]
            : [];
        },
      ),
    );
    const wrong = items.flatMap(({ text, badges, recorded }) =>
      badges
        .filter((b) => VERSION.test(b))
        .flatMap((badge) =>
          recorded
            .filter((c) => !c.versions.includes(badge))
            .map(
              (c) =>
                `"${text}…": badge ${badge}, but claim ${c.id} was recorded with ${c.versions.join(', ')}`,
            ),
        ),
    );
    expect(wrong).toEqual([]);
  });
}

test('the proposed text page shows the file, the page as it is, and the claims behind each sentence', async ({
  page,
}) => {
  await page.goto('/clients/claude-code-docs/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Proposed text for the Claude Code docs',
  );
  // The Markdown, as the file holds it, with a copy button.
  const block = page.locator('[data-upstream-file] .expressive-code');
  await expect(block.locator('button[data-code]')).toHaveCount(1);
  const copied = await block.locator('button[data-code]').getAttribute('data-code');
  expect(copied?.replace(/\u007f/g, '\n')).toBe(readUpstream().trimEnd());
  // Beside it, the page's current bullets and the same text rendered.
  const compare = page.locator('.upstream-compare');
  await expect(compare.locator('blockquote li')).toHaveCount(5);
  const rendered = await compare.locator('.upstream-text').innerText();
  expect(rendered.split(/\s+/).filter(Boolean)).toEqual(
    renderedWords(upstreamBody(readUpstream())),
  );
  // Every sentence with its claims, each marked with the Claude Code run that proves it.
  const { sentences } = readMapping();
  const rows = page.locator('.upstream-mapping tbody tr');
  await expect(rows).toHaveCount(sentences.length);
  for (const [i, { claims }] of sentences.entries()) {
    const marks = await rows.nth(i).locator('.claim-mark').allInnerTexts();
    expect(marks, `row ${i + 1}`).toHaveLength(claims.length);
    for (const mark of marks)
      expect(mark).toMatch(
        /^recorded with Claude Code \d+\.\d+\.\d+(, \d+\.\d+\.\d+)* on \d{4}-\d{2}-\d{2}$/,
      );
  }
});

test('what the FAQ says you see in Claude Code is what its recorded runs showed', async ({
  page,
}) => {
  await page.goto('/guides/faq/');
  const row = page.locator('.sl-markdown-content tr', {
    has: page.locator('th, td', { hasText: /^You see$/ }),
  });
  await expect(row).toHaveCount(1);
  const quoted = [...(await row.innerText()).matchAll(/["“]([^"”]+)["”]/g)].map((m) => m[1]!);
  expect(quoted.length, 'the row quotes what Claude Code shows').toBeGreaterThan(0);
  // Every screen and message of every Claude Code record, headless and journey.
  const dirs = ['tests/real-clients/records', 'tests/real-clients/records/claude-code-journey'];
  const recorded = dirs
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f)),
    )
    .map((file) => readFileSync(file, 'utf8'))
    .filter((text) => text.includes('"client": "Claude Code"'))
    .map((text) => JSON.stringify(JSON.parse(text)))
    .join('\n');
  for (const words of quoted)
    expect(recorded, `"${words}" in a Claude Code record`).toContain(words);
});
