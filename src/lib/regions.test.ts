// Code on pages comes from files by named region; a wrong name must fail loudly.
import { expect, test } from '../../tests/support/fixtures.ts';
import { readRegion, readSource } from './regions.ts';

test('a region is the lines between its markers, dedented, without nested markers', () => {
  const code = readRegion('examples/client/step-up.ts', 'connect');
  expect(code.startsWith('export async function connect(')).toBe(true);
  expect(code).not.toContain('#region');
  expect(readSource('examples/client/step-up.ts')).toContain(code.split('\n')[1]!.trim());
});

test('a missing region fails with the file, the name and the fix', () => {
  expect(() => readRegion('examples/client/step-up.ts', 'no-such-region')).toThrow(
    'Code import failed: examples/client/step-up.ts has no region "no-such-region". Add "// #region no-such-region"',
  );
});

test('a missing file fails with its name', () => {
  expect(() => readRegion('examples/client/gone.ts', 'x')).toThrow(
    'Code import failed: examples/client/gone.ts does not exist',
  );
});

test('only examples/ and tests/ can be shown', () => {
  expect(() => readSource('package.json')).toThrow('must come from examples/ or tests/');
  expect(() => readSource('examples/../package.json')).toThrow(
    'must come from examples/ or tests/',
  );
});
