// The consent screen as a person reads it: the visible "new" badge and
// "(already granted)" label, read by role and text, must say what the server
// means; and what the client sends (its name, scopes) is shown as text, never
// as markup.
import { expect, test } from '../support/fixtures.ts';
import { renderConsentPage, type ConsentView } from '../../examples/server/consent-page.ts';
import { sampleConsentView } from '../../examples/server/consent-view.fixture.ts';
import { readConsentScopes } from '../support/fixtures.ts';

const view = (over: Partial<ConsentView> = {}): ConsentView => sampleConsentView(over);

test('consent screen: a step-up shows "(already granted)" for held scopes and a "new" badge for the added one', async ({
  page,
}) => {
  await page.setContent(renderConsentPage(view()));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Allow additional access?');
  expect(await readConsentScopes(page)).toEqual([
    { scope: 'notes:read', state: 'granted' },
    { scope: 'notes:write', state: 'new' },
  ]);
  const write = page.getByRole('listitem').filter({ hasText: 'notes:write' });
  await expect(write.getByText('new', { exact: true })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'notes:read' })).toContainText(
    '(already granted)',
  );
});

test('consent screen: visible labels swapped while data-state stays right is caught by the reading of the screen', async ({
  page,
}) => {
  // The contributor mistake: the badges change places, the hidden attributes do not.
  const html = renderConsentPage(view());
  const swapped = html
    .replace('<span class="badge">new</span>', ' (already granted)@@')
    .replace(
      /(<code>notes:read<\/code>[^<]*) \(already granted\)/,
      '$1<span class="badge">new</span>',
    )
    .replace('@@', '');
  expect(swapped).not.toBe(html);
  await page.setContent(swapped);
  await expect(readConsentScopes(page)).rejects.toThrow(
    'consent screen: scope notes:read is shown as "new" but its data-state says "granted"',
  );
});

test('consent screen: the client name, account and scopes are escaped, shown as text', async ({
  page,
}) => {
  const hostile = '<img src=x onerror="window.__pwned=1">"&\'';
  await page.setContent(
    renderConsentPage(
      view({
        clientName: hostile,
        account: '<b>mallory</b>',
        requested: ['<script>window.__pwned=2</script>'],
        alreadyGranted: new Set(),
      }),
    ),
  );
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
  await expect(page.locator('img, script, b')).toHaveCount(0);
  await expect(page.getByText(hostile)).toBeVisible();
  await expect(page.getByText('<b>mallory</b>')).toBeVisible();
  await expect(page.locator('#scopes code')).toHaveText('<script>window.__pwned=2</script>');
});

test('consent screen: a person reads who the client is: its id, what kind of client it is, and where the browser goes next', async ({
  page,
}) => {
  await page.setContent(
    renderConsentPage(
      view({
        clientName: 'Notes desktop (pre-registered)',
        clientId: 'dyn-42',
        clientKind: 'dynamic',
        redirectUri: 'https://attacker.example/callback',
      }),
    ),
  );
  const terms = await page.locator('#client').getByRole('term').allInnerTexts();
  const definitions = await page.locator('#client').getByRole('definition').allInnerTexts();
  expect(Object.fromEntries(terms.map((t, i) => [t, definitions[i]]))).toEqual({
    'Client id': 'dyn-42',
    Client: 'registered itself automatically (dynamic registration): its name is not verified',
    'After you answer, your browser goes to': 'attacker.example',
  });
  await page.setContent(
    renderConsentPage(
      view({ clientKind: 'pre-registered', redirectUri: 'http://127.0.0.1:51234/callback' }),
    ),
  );
  await expect(
    page
      .getByRole('definition')
      .filter({ hasText: 'pre-registered by the operator of this server' }),
  ).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: '127.0.0.1:51234' })).toBeVisible();
});
