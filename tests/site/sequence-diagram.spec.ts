// The sequence diagrams on /concepts/how-it-works/ are drawn from a recorded
// transcript: every message, in order.
import { readFileSync } from 'node:fs';
import { parseSequence, sliceSequence, PARTICIPANT_NAMES } from '../../src/lib/sequence.ts';
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';

test(
  'the sequence diagrams show the messages of the recorded transcript, in order',
  claims({
    'diagram.from-transcript':
      'Both diagrams on this page are drawn, message by message, from [a run the test suite records](/source/examples/transcripts/step-up.txt/) against the reference servers in `examples/server/`',
  }),
  async ({ page }) => {
    const all = parseSequence(readFileSync('examples/transcripts/step-up.txt', 'utf8'));
    const expected = [sliceSequence(all, undefined, 'add_note'), sliceSequence(all, 'add_note')];
    await page.goto('/concepts/how-it-works/');
    const figures = page.locator('figure[data-sequence-file="examples/transcripts/step-up.txt"]');
    await expect(figures).toHaveCount(2);
    for (const [i, items] of expected.entries()) {
      const shown = await figures.nth(i).locator('ol.messages > li').allInnerTexts();
      expect(shown).toHaveLength(items.length);
      items.forEach((item, n) => {
        const text = shown[n]!;
        if (item.kind === 'note') expect(text).toContain(item.text);
        else {
          expect(text).toContain(
            `${PARTICIPANT_NAMES[item.from]} to ${PARTICIPANT_NAMES[item.to]}`,
          );
          expect(text).toContain(item.label);
        }
      });
    }
    // The step-up half starts with the refused call and its 403 challenge.
    await expect(figures.nth(1).locator('li.message').nth(1)).toContainText('403 Forbidden');
    await expect(figures.nth(1).locator('li.message').nth(1)).toContainText(
      'error="insufficient_scope"',
    );
  },
);
