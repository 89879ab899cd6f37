// The challenge parser and the explainer's input handling take linear time on
// any input up to the 64 KB limit, and refuse longer input with a clear message.
import { expect, test } from '../../tests/support/fixtures.ts';
import { adversarial, explain } from './adversarial-challenges.ts';
import {
  countWords,
  joinLines,
  MAX_CHALLENGE_LENGTH,
  MAX_CHALLENGE_WORDS,
  parseChallenges,
} from './challenge.ts';

// Speed is a benchmark's business (npm run bench -- explainer prints the figures:
// 0.1 to 9 ms each). The tight test timeout only guards against a return of the
// super-linear parsing that froze the explainer for 13 to 15 s.
test('every 64 KB adversarial input is explained, with no super-linear blow-up', async ({}, testInfo) => {
  test.setTimeout(5_000);
  const times: string[] = [];
  for (const [name, input] of Object.entries(adversarial())) {
    expect(input.length, name).toBeLessThanOrEqual(MAX_CHALLENGE_LENGTH);
    expect(input.length, name).toBeGreaterThan(MAX_CHALLENGE_LENGTH - 100);
    await explain(input); // warm up the JIT, as a page would have by the second click
    const started = performance.now();
    const outcome = await explain(input);
    const ms = performance.now() - started;
    times.push(`${name}: ${ms.toFixed(1)} ms (${outcome})`);
    expect(outcome, name).toMatch(/^(use|refresh|reauthorize|fail|error: invalid_challenge)$/);
  }
  testInfo.annotations.push({ type: 'timings', description: times.join('; ') });
  console.log(times.join('\n'));
});

test('"Bearer" + 100,000 spaces + error="x" is refused at once with the 64 KB limit message', async () => {
  test.setTimeout(5_000);
  const input = `Bearer${' '.repeat(100_000)}error="x"`;
  expect(() => joinLines(input, 'The WWW-Authenticate header')).toThrow(
    expect.objectContaining({
      code: 'invalid_input',
      message:
        'The WWW-Authenticate header is 100,015 characters long; at most 65,536 (64 KB) are read',
    }),
  );
  await expect(parseChallenges(401, input)).rejects.toMatchObject({ code: 'invalid_input' });
});

test('a header with more schemes and parameters than the cap is refused with invalid_challenge', async () => {
  const header = `Bearer ${Array.from({ length: MAX_CHALLENGE_WORDS }, (_, i) => `p${i}=v`).join(', ')}`;
  await expect(parseChallenges(403, header)).rejects.toMatchObject({
    code: 'invalid_challenge',
    message: expect.stringContaining(`more than ${MAX_CHALLENGE_WORDS} schemes and parameters`),
  });
  // Quoted values do not count: a long scope list is one value.
  const scopes = Array.from({ length: 1000 }, (_, i) => `s${i}`).join(' ');
  expect(
    (await parseChallenges(403, `Bearer error="insufficient_scope", scope="${scopes}"`))[0]!
      .parameters.scope,
  ).toBe(scopes);
});

test('lines are joined the way the explainer always joined them', () => {
  expect(joinLines('Bearer error="insufficient_scope",\n   scope="notes:write"\n\n')).toBe(
    'Bearer error="insufficient_scope", scope="notes:write"',
  );
  expect(joinLines('  \r\n  Bearer\r\n')).toBe('Bearer');
  expect(joinLines('')).toBe('');
});

test('countWords: schemes, names and unquoted values count; quoted strings, with their escapes, do not', () => {
  expect(countWords('')).toBe(0);
  expect(countWords('a')).toBe(1);
  expect(countWords('ab')).toBe(1);
  expect(countWords('a ')).toBe(1);
  for (const separator of [' ', '\t', ',', '='])
    expect(countWords(`a${separator}b`), JSON.stringify(separator)).toBe(2);
  expect(countWords('a="x" b')).toBe(2);
  expect(countWords('a="x"b')).toBe(2);
  expect(countWords('a="x y, z=w" b')).toBe(2);
  // An escaped quote does not end the quoted string.
  expect(countWords('a="x\\" y" b c')).toBe(3);
  expect(countWords('Bearer error="insufficient_scope", scope="a b c"')).toBe(3);
});

test(`a header with exactly ${MAX_CHALLENGE_WORDS} words is read; one more is refused`, async () => {
  // "Bearer" + 255 name=value pairs + one name with a quoted value: 1 + 510 + 1 words.
  const header = `Bearer ${Array.from({ length: 255 }, (_, i) => `p${i}=v`).join(', ')}, last="q r"`;
  expect(countWords(header)).toBe(MAX_CHALLENGE_WORDS);
  const [bearer] = await parseChallenges(401, header);
  expect(Object.keys(bearer!.parameters)).toHaveLength(256);
  await expect(parseChallenges(401, `${header}, Basic`)).rejects.toMatchObject({
    code: 'invalid_challenge',
  });
});

test('parseChallenges: each refusal says what is wrong', async () => {
  const message = (status: number, header: string | null) =>
    parseChallenges(status, header).then(
      () => 'accepted',
      (err: Error) => err.message,
    );
  expect(await message(599, 'Bearer')).toBe('accepted');
  expect(await message(200, 'Bearer')).toBe('accepted');
  expect(await message(600, 'Bearer')).toBe(
    'HTTP status must be an integer from 200 to 599, got 600',
  );
  expect(await message(199, 'Bearer')).toBe(
    'HTTP status must be an integer from 200 to 599, got 199',
  );
  await expect(parseChallenges(600, 'Bearer')).rejects.toMatchObject({ code: 'invalid_input' });
  expect(await message(401, 'x'.repeat(MAX_CHALLENGE_LENGTH + 1))).toBe(
    'The WWW-Authenticate header is 65,537 characters long; at most 65,536 (64 KB) are read',
  );
  expect(await message(401, 'Bearer scope="€"')).toBe(
    'The WWW-Authenticate header contains characters HTTP does not allow (control characters or non-Latin-1 text)',
  );
  const long = `(${'x'.repeat(200)}`;
  expect(await message(401, long)).toBe(
    `The WWW-Authenticate header is not a valid challenge list: ${JSON.stringify(long.slice(0, 120))}`,
  );
  expect(() => joinLines('x'.repeat(MAX_CHALLENGE_LENGTH + 1))).toThrow(
    'The text is 65,537 characters long; at most 65,536 (64 KB) are read',
  );
});

test('a parameter named __proto__ pollutes nothing: it is dropped, and where that leaves a challenge empty before the next one, the header is refused', async () => {
  // oauth4webapi's parser stores parameters on a plain object; "__proto__" does not become one.
  const [alone] = await parseChallenges(401, 'Bearer __proto__="x", scope="notes:write"');
  expect(alone?.parameters).toEqual({ scope: 'notes:write' });
  expect(Object.getPrototypeOf(alone?.parameters)).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  // Its only parameter dropped, the challenge reads as having none, and the next challenge as junk: refused, fail closed.
  await expect(parseChallenges(403, 'Bearer __proto__="", Basic realm="r"')).rejects.toMatchObject({
    code: 'invalid_challenge',
  });
});
