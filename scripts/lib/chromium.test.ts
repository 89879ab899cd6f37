import { expect, test } from '../../tests/support/fixtures.ts';
import { findChromium, NO_CHROMIUM_MESSAGE } from './chromium.ts';

const none = () => false;

test("prefers Playwright's own browser when it is installed", () => {
  expect(
    findChromium({
      env: {},
      playwrightBrowser: () => '/pw/chrome',
      exists: (p) => p === '/pw/chrome' || p === '/usr/bin/chromium',
    }),
  ).toEqual({ kind: 'playwright' });
});

test('falls back to a system Chromium', () => {
  expect(
    findChromium({
      env: {},
      playwrightBrowser: () => '/pw/chrome',
      exists: (p) => p === '/usr/bin/chromium',
    }),
  ).toEqual({ kind: 'system', path: '/usr/bin/chromium' });
});

test('of the system browsers, the headless shell comes before the full browser', () => {
  const both = (p: string) => p === '/usr/bin/chromium' || p === '/usr/bin/chromium-headless-shell';
  expect(findChromium({ env: {}, playwrightBrowser: () => '/pw/chrome', exists: both })).toEqual({
    kind: 'system',
    path: '/usr/bin/chromium-headless-shell',
  });
});

test('with no browser anywhere, explains how to get one', () => {
  const lookup = findChromium({ env: {}, playwrightBrowser: () => '/pw/chrome', exists: none });
  expect(lookup).toEqual({ kind: 'missing', message: NO_CHROMIUM_MESSAGE });
  expect(NO_CHROMIUM_MESSAGE).toContain('npx playwright install chromium');
  expect(NO_CHROMIUM_MESSAGE).toContain('apt-get install chromium-headless-shell');
});

test('a CHROMIUM_PATH that does not exist is reported, not silently ignored', () => {
  const lookup = findChromium({ env: { CHROMIUM_PATH: '/nope/chrome' }, exists: none });
  expect(lookup.kind).toBe('missing');
  expect(lookup.kind === 'missing' && lookup.message).toContain(
    'CHROMIUM_PATH is set to /nope/chrome',
  );
});
