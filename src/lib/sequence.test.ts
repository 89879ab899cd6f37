import { readFileSync } from 'node:fs';
import { expect, test } from '../../tests/support/fixtures.ts';
import { parseSequence } from './sequence.ts';

test('the diagram leaves out protocol housekeeping: notifications and the GET event stream, with their answers', () => {
  const items = parseSequence(readFileSync('examples/transcripts/step-up.txt', 'utf8'));
  const labels = items
    .flatMap((i) => (i.kind === 'message' ? [i.label, ...i.details] : [i.text]))
    .join('\n');
  expect(labels).not.toContain('notifications/initialized');
  expect(labels).not.toContain('405');
  expect(labels).not.toContain('202 Accepted');
  expect(labels).not.toContain('GET /mcp');
  expect(labels).not.toContain('Authorization: Bearer');
  // The JSON-RPC error body of a challenged response repeats the challenge.
  expect(labels).not.toContain('JSON-RPC error -32003');
  // What matters is all there: the 401, the 403 challenge, both consents and the retried call.
  expect(labels).toContain('401 Unauthorized');
  expect(labels).toContain('error="insufficient_scope"');
  expect(labels).toContain('JSON-RPC tools/call add_note {"text":"Written after step-up"}');
  expect(
    items.filter((i) => i.kind === 'message' && i.label === 'open the authorization URL'),
  ).toHaveLength(2);
});

test('a response is paired with its own request: the answer after a skipped request is skipped, the next one is kept', () => {
  const text = [
    '→ GET http://127.0.0.1:9001/mcp',
    '← 405 Method Not Allowed',
    '→ POST http://127.0.0.1:9001/mcp',
    '  JSON-RPC tools/call list_notes {}',
    '← 200 OK',
  ].join('\n');
  const items = parseSequence(text);
  expect(items.map((i) => (i.kind === 'message' ? i.label : i.text))).toEqual([
    'POST /mcp',
    '200 OK',
  ]);
});
