import { expect, test } from '../../tests/support/fixtures.ts';
import { basePathLinks, withBase } from './base-path.ts';

test('withBase: root-relative links go under the base path; others stay', () => {
  expect(withBase('/guides/authenticate/', '/mcp-step-up/')).toBe(
    '/mcp-step-up/guides/authenticate/',
  );
  expect(withBase('/guides/authenticate/#step-up', '/mcp-step-up')).toBe(
    '/mcp-step-up/guides/authenticate/#step-up',
  );
  expect(withBase('/source/examples/client/decide.ts/', '/')).toBe(
    '/source/examples/client/decide.ts/',
  );
  expect(withBase('/mcp-step-up/guides/', '/mcp-step-up/'), 'already under the base').toBe(
    '/mcp-step-up/guides/',
  );
  for (const other of [
    '#anchor',
    'https://modelcontextprotocol.io/',
    '//cdn.example/x',
    'relative/page/',
    'mailto:a@b.c',
  ]) {
    expect(withBase(other, '/mcp-step-up/'), other).toBe(other);
  }
});

test('basePathLinks: the Markdown plugin moves root-relative links under the base path, and leaves the rest', () => {
  const { element } = basePathLinks('/docs/') as unknown as {
    element: { filter: string[]; visit(node: object, ctx: object): void };
  };
  expect(element.filter).toEqual(['a']);
  const set: [string, unknown][] = [];
  const ctx = {
    setProperty: (_node: unknown, key: string, value: unknown) => void set.push([key, value]),
  };
  for (const href of ['/reference/', '#x', 'https://example.com/', undefined])
    element.visit({ type: 'element', tagName: 'a', properties: { href }, children: [] }, ctx);
  expect(set).toEqual([['href', '/docs/reference/']]);
});
