import { createServer } from 'node:http';
import { expect, test } from '../../tests/support/fixtures.ts';
import { isLoopbackHost, listenOnLoopback } from './loopback.ts';

test('loopback hosts: 127.0.0.1, localhost and ::1, with or without brackets; nothing else', () => {
  for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '::1', '[::1]'])
    expect(isLoopbackHost(host), host).toBe(true);
  for (const host of [
    '0.0.0.0',
    'example.com',
    'localhost.example.com',
    '[::2]',
    '::',
    '',
    '127.0.0.1.nip.io',
  ]) {
    expect(isLoopbackHost(host), host).toBe(false);
  }
});

test('listenOnLoopback resolves with the port it got, and rejects when the port is taken', async () => {
  const first = createServer();
  const port = await listenOnLoopback(first);
  expect(port).toBeGreaterThan(0);
  const second = createServer();
  await expect(listenOnLoopback(second, port)).rejects.toThrow(/EADDRINUSE/);
  await new Promise((resolve) => first.close(resolve));
});
