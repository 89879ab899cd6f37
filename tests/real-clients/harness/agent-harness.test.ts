// What the agent CLIs' runs rely on, checked without any agent installed:
// the mock OpenAI API asks for the planned tool in each API's own shape and
// keeps the results it is sent, and the two ways Codex gets a client id are
// what the records' notes say they are.
import { expect, test } from '../../support/fixtures.ts';
import { CODEX_DOCUMENT } from './codex.ts';
import { hideMetadataDocuments, serveLocalDocument } from './metadata-documents.ts';
import { MockOpenAI } from './mock-openai.ts';

/** The JSON payloads of a server-sent event stream. */
const events = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)));

test('the mock Responses API calls a namespaced MCP tool and keeps its result', async () => {
  const mock = await MockOpenAI.start();
  try {
    mock.plan = [{ tool: 'mcp__notes__add_note', input: { text: 'hi' } }];
    const tools = [
      { type: 'namespace', name: 'mcp__notes', tools: [{ type: 'function', name: 'add_note' }] },
    ];
    const ask = (input: unknown[]) =>
      fetch(`${mock.url}/responses`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock', stream: true, tools, input }),
      }).then((r) => r.text());
    const first = events(await ask([{ type: 'message', role: 'user', content: 'Add a note.' }]));
    const call = first.find((e) => e.type === 'response.output_item.done').item;
    expect(call).toMatchObject({
      type: 'function_call',
      namespace: 'mcp__notes',
      name: 'add_note',
      arguments: '{"text":"hi"}',
    });
    expect(first.at(-1).type).toBe('response.completed');
    const second = events(
      await ask([
        { type: 'message', role: 'user', content: 'Add a note.' },
        {
          type: 'function_call',
          call_id: call.call_id,
          namespace: 'mcp__notes',
          name: 'add_note',
          arguments: '{}',
        },
        { type: 'function_call_output', call_id: call.call_id, output: 'Insufficient scope' },
      ]),
    );
    expect(second.find((e) => e.type === 'response.output_item.done').item.type).toBe('message');
    expect(mock.results).toEqual([
      { tool: 'mcp__notes__add_note', text: 'Insufficient scope', isError: false },
    ]);
  } finally {
    await mock.close();
  }
});

test('the mock Chat Completions API streams a tool call, then text once answered', async () => {
  const mock = await MockOpenAI.start();
  try {
    mock.plan = [{ tool: 'notes_list_notes', input: {} }];
    const tools = [{ type: 'function', function: { name: 'notes_list_notes' } }];
    const ask = (messages: unknown[]) =>
      fetch(`${mock.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock', stream: true, tools, messages }),
      }).then((r) => r.text());
    const first = events(await ask([{ role: 'user', content: 'List my notes.' }]));
    const call = first[0].choices[0].delta.tool_calls[0];
    expect(call).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'notes_list_notes' },
    });
    expect(first.at(-1).choices[0].finish_reason).toBe('tool_calls');
    const second = events(
      await ask([
        { role: 'user', content: 'List my notes.' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'No notes yet.' },
      ]),
    );
    expect(second[0].choices[0].delta.content).toBe('Done.');
    expect(mock.results.map((r) => r.text)).toEqual(['No notes yet.']);
  } finally {
    await mock.close();
  }
});

test("with the local copy, the authorization server knows Codex's document URL", async ({
  servers,
}) => {
  const Client = servers.authorizationServer.provider.Client;
  expect(
    await Client.find(CODEX_DOCUMENT.client_id).catch(() => undefined),
    'before',
  ).toBeUndefined();
  serveLocalDocument(servers, CODEX_DOCUMENT);
  const client = await Client.find(CODEX_DOCUMENT.client_id);
  expect(client?.clientId).toBe(CODEX_DOCUMENT.client_id);
  // A native client's loopback redirect URI, at the port Codex happens to listen on.
  expect(client?.redirectUriAllowed('http://127.0.0.1:45653/callback')).toBe(true);
  expect(client?.redirectUriAllowed('http://127.0.0.1:45653/elsewhere')).toBe(false);
});

test('hiding metadata documents drops only that flag from the AS metadata', async ({ servers }) => {
  const read = () =>
    fetch(`${servers.issuer}/.well-known/oauth-authorization-server`).then((r) => r.json());
  const before = await read();
  expect(before.client_id_metadata_document_supported).toBe(true);
  hideMetadataDocuments(servers, 'Codex');
  const after = await read();
  expect(after.client_id_metadata_document_supported).toBeUndefined();
  expect({ ...after, client_id_metadata_document_supported: true }).toEqual(before);
});
