// The challenge explainer (/tools/challenge-explainer/): what it shows is what
// the reference client decides, computed by the same code.
import type { Page } from '@playwright/test';
import { decideCase, type CaseInput } from '../../src/lib/decision.ts';
import { SAMPLES, type ExplainerSample } from '../../src/lib/explainer-samples.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';

/** What the reference client decides for a sample, computed here in Node. */
async function expectedFor(s: CaseInput) {
  const outcome = await decideCase(s);
  return {
    action: outcome.action,
    text: outcome.action === 'fail' ? outcome.error.message : outcome.reason,
  };
}

async function openExplainer(page: Page) {
  await page.goto('/tools/challenge-explainer/');
  await expect(page.locator('form[data-ready="true"]')).toBeAttached();
}

async function explain(page: Page, input: Partial<Omit<ExplainerSample, 'id' | 'label'>>) {
  if (input.status !== undefined) await page.getByLabel('HTTP status').fill(String(input.status));
  if (input.header !== undefined)
    await page.getByLabel('WWW-Authenticate header value').fill(input.header);
  if (input.granted !== undefined)
    await page.getByLabel('Scopes already granted').fill(input.granted);
  if (input.supported !== undefined)
    await page.getByLabel('scopes_supported in the resource metadata').fill(input.supported);
  if (input.refreshToken !== undefined)
    await page.getByLabel('The client holds a refresh token').setChecked(input.refreshToken);
  if (input.rounds !== undefined)
    await page.getByLabel('Consent rounds already run for this call').fill(String(input.rounds));
  await page.getByRole('button', { name: 'Explain' }).click();
}

const result = (page: Page) => page.locator('#ex-result');

test(
  'explainer: every sample shows what the reference client decides, computed by the same code',
  claims({
    'explainer.same-code':
      "The answer is computed in your browser by the reference client's own code: the same [`decide.ts`](/source/examples/client/decide.ts/) and [`challenge.ts`](/source/examples/client/challenge.ts/) that the tests run against real servers, with the same results",
  }),
  async ({ page }) => {
    await openExplainer(page);
    for (const sample of SAMPLES) {
      await page.getByLabel('Start from a sample').selectOption(sample.id);
      const expected = await expectedFor(sample);
      await expect(result(page), sample.id).toHaveAttribute('data-action', expected.action);
      await expect(result(page), sample.id).toContainText(expected.text);
    }
  },
);

test('explainer: typed headers get the documented decisions', async ({ page }) => {
  await openExplainer(page);
  const meta =
    'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';
  const base = { supported: 'notes:read notes:write notes:admin', refreshToken: true, rounds: 0 };
  const cases = [
    {
      input: {
        ...base,
        status: 403,
        header: `Bearer error="insufficient_scope", scope="notes:write", ${meta}`,
        granted: 'notes:read',
      },
      action: 'reauthorize',
      shows: [
        'Open the browser for consent',
        'notes:read notes:write',
        'A refresh keeps the old consent',
      ],
    },
    {
      input: {
        ...base,
        status: 403,
        header: 'Bearer error="insufficient_scope", scope="notes:read"',
        granted: 'notes:read',
      },
      action: 'reauthorize',
      shows: ['names only scopes already granted', 'every scope is already granted'],
    },
    {
      input: {
        ...base,
        status: 401,
        header: `Bearer error="invalid_token", ${meta}`,
        granted: 'notes:read',
      },
      action: 'refresh',
      shows: ['Refresh the token silently'],
    },
    {
      input: {
        ...base,
        status: 401,
        header: `Bearer error="invalid_token"`,
        granted: 'notes:read',
        refreshToken: false,
      },
      action: 'reauthorize',
      shows: ['sign in again'],
    },
    {
      input: {
        ...base,
        status: 403,
        header: 'Bearer error="insufficient_scope", scope="notes:admin"',
        granted: 'notes:read notes:admin',
        rounds: 1,
      },
      action: 'fail',
      shows: ['insufficient_scope_after_reauthorization', 'Ask the server operator'],
    },
    {
      input: {
        ...base,
        status: 403,
        header: 'Bearer error="invalid_request"',
        granted: 'notes:read',
      },
      action: 'fail',
      shows: ['forbidden', 'not a missing scope'],
    },
    {
      input: {
        ...base,
        status: 403,
        header: 'Bearer error="insufficient_scope" scope="notes:write',
        granted: 'notes:read',
      },
      action: 'error',
      shows: ['The header cannot be read', 'invalid_challenge', 'not a valid challenge list'],
    },
    {
      input: { ...base, status: 'abc' as unknown as number, header: '', granted: 'notes:read' },
      action: 'error',
      shows: ['Check your input', 'HTTP status must be an integer from 200 to 599'],
    },
    {
      input: { ...base, status: 204, header: '', granted: 'notes:read' },
      action: 'use',
      shows: ['Use the response as it is'],
    },
  ];
  for (const { input, action, shows } of cases) {
    await explain(page, input);
    const label = `${input.status} ${input.header}`;
    await expect(result(page), label).toHaveAttribute('data-action', action);
    for (const text of shows) await expect(result(page), label).toContainText(text);
    if (typeof input.status === 'number')
      await expect(result(page), label).toContainText((await expectedFor(input)).text);
  }
});

test('explainer: the result is announced politely and the form is labelled', async ({ page }) => {
  await openExplainer(page);
  await expect(result(page)).toHaveAttribute('aria-live', 'polite');
  for (const label of [
    'Start from a sample',
    'HTTP status',
    'WWW-Authenticate header value',
    'Scopes already granted',
    'The client holds a refresh token',
  ]) {
    await expect(page.getByLabel(label)).toBeVisible();
  }
  await page.getByLabel('Start from a sample').selectOption('malformed');
  await expect(result(page)).toContainText('The header cannot be read');
  await expectNoAxeViolations(page, 'explainer with an error shown');
});
