// A stand-in for the OpenAI APIs, on loopback only, so Codex CLI (Responses
// API) and opencode (Chat Completions, as an OpenAI-compatible provider) can
// run as test subjects with a dummy key and no account. The "model" follows a
// fixed plan, as MockAnthropic does: call each planned tool once (when the
// agent offers it), then answer with text. Tool results it receives are kept:
// they are what the user would read in the session.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { PlannedCall, ToolResult } from './mock-anthropic.ts';
import { MockModelApi } from './mock-server.ts';

export type { PlannedCall, ToolResult };

/** One tool call or result, whichever API it came in. */
interface Turn {
  kind: 'call' | 'result';
  id: string;
  name?: string;
  text?: string;
  last: boolean;
}
type Reply =
  { type: 'tool'; name: string; args: Record<string, unknown> } | { type: 'text'; text: string };

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** Text of a tool result: a string, or content parts with text. */
const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content
          .map((c: { text?: string }) => (typeof c === 'string' ? c : (c.text ?? '')))
          .join('\n')
      : '';

/** A namespaced function's full name, as the agent shows it: `mcp__notes` + `add_note`. */
const qualified = (namespace: string | undefined, name: string) =>
  !namespace ? name : namespace.endsWith('_') ? `${namespace}${name}` : `${namespace}__${name}`;

/**
 * Tools the agent offers, by full name. Responses API: `{ type: 'function', name }`, or a
 * namespace holding functions (Codex puts each MCP server's tools in one); Chat Completions:
 * `{ function: { name } }`.
 */
function offeredTools(
  tools: unknown,
  namespace?: string,
): Map<string, { namespace?: string; name: string }> {
  const found = new Map<string, { namespace?: string; name: string }>();
  if (!Array.isArray(tools)) return found;
  for (const t of tools as { name?: string; function?: { name?: string }; tools?: unknown }[]) {
    if (Array.isArray(t.tools)) {
      for (const [full, tool] of offeredTools(t.tools, t.name)) found.set(full, tool);
      continue;
    }
    const name = t.function?.name ?? t.name;
    if (name) found.set(qualified(namespace, name), { ...(namespace ? { namespace } : {}), name });
  }
  return found;
}

/** Responses API `input` items as calls and results. */
function responsesTurns(input: unknown): Turn[] {
  if (!Array.isArray(input)) return [];
  const turns: Turn[] = [];
  input.forEach(
    (
      item: {
        type?: string;
        call_id?: string;
        name?: string;
        namespace?: string;
        output?: unknown;
      },
      i,
    ) => {
      const last = i === input.length - 1;
      if (item.type === 'function_call' && item.call_id) {
        turns.push({
          kind: 'call',
          id: item.call_id,
          name: qualified(item.namespace, item.name ?? ''),
          last,
        });
      }
      if (item.type === 'function_call_output' && item.call_id)
        turns.push({ kind: 'result', id: item.call_id, text: textOf(item.output), last });
    },
  );
  return turns;
}

/** Chat Completions `messages` as calls and results. */
function chatTurns(messages: unknown): Turn[] {
  if (!Array.isArray(messages)) return [];
  const turns: Turn[] = [];
  messages.forEach(
    (
      m: {
        role?: string;
        tool_calls?: { id: string; function?: { name?: string } }[];
        tool_call_id?: string;
        content?: unknown;
      },
      i,
    ) => {
      const last =
        i === messages.length - 1 ||
        messages.slice(i + 1).every((n: { role?: string }) => n.role === 'tool');
      for (const call of m.tool_calls ?? [])
        turns.push({ kind: 'call', id: call.id, name: call.function?.name, last: false });
      if (m.role === 'tool' && m.tool_call_id)
        turns.push({ kind: 'result', id: m.tool_call_id, text: textOf(m.content), last });
    },
  );
  return turns;
}

export class MockOpenAI extends MockModelApi {
  readonly results: ToolResult[] = [];
  /** Tool names the agent offered the model, from the last request with tools. */
  offered: string[] = [];
  /** Requests answered, by API path, for the harness's diagnostics. */
  readonly paths: string[] = [];
  plan: PlannedCall[] = [];
  /** Awaited before the model answers a new tool result: the harness acts on it. */
  onToolResult: ((result: ToolResult) => Promise<void>) | undefined;
  #ids = 0;
  #tools = new Map<string, { namespace?: string; name: string }>();

  private constructor(server: Server) {
    super(server, '/v1');
  }

  static start(): Promise<MockOpenAI> {
    return MockModelApi.listen((server) => new MockOpenAI(server));
  }

  /** The base URL an OpenAI client appends `/responses` or `/chat/completions` to. */
  override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.paths.push(`${req.method} ${path}`);
    if (req.method === 'GET' && path.endsWith('/models')) {
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"object":"list","data":[{"id":"mock","object":"model"}]}');
    }
    const responses = req.method === 'POST' && path.endsWith('/responses');
    const chat = req.method === 'POST' && path.endsWith('/chat/completions');
    if (!responses && !chat) {
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"mock: not found","type":"invalid_request_error"}}');
    }
    const body = await readJson(req);
    const before = this.results.length;
    const turns = responses ? responsesTurns(body.input) : chatTurns(body.messages);
    const tools = offeredTools(body.tools);
    if (tools.size) this.#tools = tools;
    const reply = this.#decide([...tools.keys()], turns);
    for (const result of this.results.slice(before)) await this.onToolResult?.(result);
    if (responses) this.#streamResponses(res, reply);
    else if (body.stream) this.#streamChat(res, reply);
    else this.#jsonChat(res, reply);
  }

  /** The next step of the plan, given what the conversation already holds. */
  #decide(names: string[], turns: Turn[]): Reply {
    if (names.length) this.offered = names;
    const calls = new Map(turns.filter((t) => t.kind === 'call').map((t) => [t.id, t.name ?? '?']));
    for (const t of turns) {
      if (t.kind !== 'result' || !t.last) continue;
      const tool = calls.get(t.id) ?? '?';
      const text = t.text ?? '';
      if (!this.results.some((r) => r.tool === tool && r.text === text))
        this.results.push({ tool, text, isError: /error|failed/i.test(text) });
    }
    // Side requests (titles, summaries) carry no tools: plain text.
    if (!names.length) return { type: 'text', text: 'Notes' };
    const made = [...calls.values()];
    const next = this.plan.find(
      (step, i) =>
        made.filter((n) => n === step.tool).length <
        this.plan.slice(0, i + 1).filter((s) => s.tool === step.tool).length,
    );
    if (next && names.includes(next.tool))
      return { type: 'tool', name: next.tool, args: next.input };
    return { type: 'text', text: 'Done.' };
  }

  /** Responses API: server-sent events ending in `response.completed`. */
  #streamResponses(res: ServerResponse, reply: Reply): void {
    const id = `resp_mock_${++this.#ids}`;
    const tool =
      reply.type === 'tool' ? (this.#tools.get(reply.name) ?? { name: reply.name }) : undefined;
    const item =
      reply.type === 'tool'
        ? {
            type: 'function_call',
            id: `fc_mock_${this.#ids}`,
            call_id: `call_mock_${this.#ids}`,
            ...tool,
            arguments: JSON.stringify(reply.args),
            status: 'completed',
          }
        : {
            type: 'message',
            id: `msg_mock_${this.#ids}`,
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: reply.text, annotations: [] }],
          };
    const usage = {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 15,
    };
    const response = {
      id,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      model: 'mock',
      status: 'in_progress',
      output: [] as unknown[],
    };
    const events: [string, Record<string, unknown>][] = [
      ['response.created', { response }],
      ['response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress' } }],
      ...(reply.type === 'text'
        ? [
            [
              'response.output_text.delta',
              { item_id: item.id, output_index: 0, content_index: 0, delta: reply.text },
            ] as [string, Record<string, unknown>],
          ]
        : []),
      ['response.output_item.done', { output_index: 0, item }],
      [
        'response.completed',
        { response: { ...response, status: 'completed', output: [item], usage } },
      ],
    ];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    events.forEach(([type, data], n) =>
      res.write(
        `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: n, ...data })}\n\n`,
      ),
    );
    res.end();
  }

  #chatMessage(reply: Reply) {
    return reply.type === 'tool'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: `call_mock_${++this.#ids}`,
              type: 'function',
              function: { name: reply.name, arguments: JSON.stringify(reply.args) },
            },
          ],
        }
      : { role: 'assistant', content: reply.text };
  }

  #jsonChat(res: ServerResponse, reply: Reply): void {
    const body = {
      id: `chatcmpl-mock-${++this.#ids}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'mock',
      choices: [
        {
          index: 0,
          message: this.#chatMessage(reply),
          finish_reason: reply.type === 'tool' ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** Chat Completions streaming: one delta with the whole message, then the finish reason. */
  #streamChat(res: ServerResponse, reply: Reply): void {
    const id = `chatcmpl-mock-${++this.#ids}`;
    const message = this.#chatMessage(reply);
    const delta =
      'tool_calls' in message && message.tool_calls
        ? { role: 'assistant', tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
        : { role: 'assistant', content: message.content };
    const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: 'mock',
        choices: [choice],
        ...extra,
      })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(chunk({ index: 0, delta, finish_reason: null }));
    res.write(
      chunk(
        { index: 0, delta: {}, finish_reason: reply.type === 'tool' ? 'tool_calls' : 'stop' },
        { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } },
      ),
    );
    res.end('data: [DONE]\n\n');
  }
}
