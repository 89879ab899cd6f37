import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '../../tests/support/fixtures.ts';
import { firstSignIn, splitTranscript } from './transcript-parts.ts';

const read = (name: string) => readFileSync(`examples/transcripts/${name}`, 'utf8');

test('the shared first sign-in ends before the first tool call, after the token exchange', () => {
  const shared = firstSignIn(read('step-up.txt'));
  expect(shared[0]).toMatch(/^→ POST .*\/mcp$/);
  expect(shared.join('\n')).toContain('grant_type=authorization_code');
  expect(shared.join('\n')).not.toContain('tools/call');
});

test('a run that starts with the shared sign-in shows only the rest, and the two put together are the whole transcript', () => {
  const shared = firstSignIn(read('step-up.txt'));
  let split = 0;
  for (const name of readdirSync('examples/transcripts')) {
    const text = read(name);
    const parts = splitTranscript(text, shared);
    if (parts.sharedLines > 0) {
      split++;
      expect(parts.rest.split('\n')[0], name).toMatch(/^→ /);
      const whole = [...shared, '', parts.rest].join('\n');
      expect(whole.replace(/\n+/g, '\n').trimEnd(), name).toBe(
        text.replace(/\n+/g, '\n').trimEnd(),
      );
    } else {
      expect(parts.rest, name).toBe(text.trimEnd());
    }
  }
  // Most runs share the first sign-in; that is the point of showing it once.
  expect(split).toBeGreaterThanOrEqual(10);
});

test('a run whose start differs is shown whole', () => {
  const shared = firstSignIn(read('step-up.txt'));
  const other = read('step-up.txt').replace('scope=notes:read&', 'scope=notes:admin&');
  expect(splitTranscript(other, shared)).toEqual({ sharedLines: 0, rest: other.trimEnd() });
});
