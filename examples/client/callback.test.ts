// Unit tests for the callback receiver's paste fallback: pasted text is
// checked for shape, and a paste meant for the next sign-in is not swallowed
// by the receiver of the previous one (both wait on the same input).
import { expect, test } from '@playwright/test';
import { parsePastedCallback, startCallbackReceiver } from './callback.ts';

/** Pasted lines, delivered in order to whoever reads first. */
function lines() {
  const waiters: ((text: string) => void)[] = [];
  return { read: () => new Promise<string>((resolve) => waiters.push(resolve)), type: (text: string) => waiters.shift()!(text), waiting: () => waiters.length };
}

test('pasted text that is not a callback URL is refused with invalid_callback', () => {
  for (const text of ['hello', 'http://127.0.0.1:8080/callback', 'http://127.0.0.1:8080/callback?code=x']) {
    expect(() => parsePastedCallback(text), text).toThrow(expect.objectContaining({ code: 'invalid_callback' }));
  }
  expect(parsePastedCallback('  http://127.0.0.1:1/callback?code=c&state=s \n').searchParams.get('state')).toBe('s');
});

test('a URL pasted for the second sign-in reaches the second receiver, not the closed first one', { tag: '@claim:edge.paste-fallback-every-sign-in' }, async () => {
  const input = lines();
  const first = await startCallbackReceiver({ loopback: false, readPastedUrl: input.read });
  input.type(`${first.redirectUri}?code=a&state=one`);
  expect((await first.next(1000)).url.searchParams.get('state')).toBe('one');
  await first.close(); // its reader is still waiting on the input, as stdin would be

  const second = await startCallbackReceiver({ loopback: false, readPastedUrl: input.read });
  expect(input.waiting(), 'one read of the input, shared').toBe(1);
  input.type(`${second.redirectUri}?code=b&state=two`);
  expect((await second.next(1000)).url.searchParams.get('state')).toBe('two');
  await second.close();
});
