// A stand-in for the Anthropic Messages API, on loopback only, so Claude Code
// can run as a test subject with a dummy key and no account. The "model"
// follows a fixed plan: call each planned tool once (when Claude Code offers
// it), then answer with text. Tool results it receives are kept: they are what
// the user would read in the session.
import type { IncomingMessage, Server } from 'node:http';
import { MockModelApi } from './mock-server.ts';

interface ContentBlock {
  type: string;
  name?: string;
  text?: string;
  content?: unknown;
  is_error?: boolean;
  id?: string;
  tool_use_id?: string;
}
interface MessagesRequest {
  stream?: boolean;
  tools?: { name: string }[];
  messages?: { role: string; content: string | ContentBlock[] }[];
}

export interface PlannedCall {
  tool: string;
  input: Record<string, unknown>;
}
export interface ToolResult {
  tool: string;
  text: string;
  isError: boolean;
}

const readJson = async (req: IncomingMessage): Promise<MessagesRequest> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest;
  } catch {
    return {};
  }
};

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((c: ContentBlock) => (typeof c === 'string' ? c : (c.text ?? ''))).join('\n')
      : '';

export class MockAnthropic extends MockModelApi {
  readonly results: ToolResult[] = [];
  /** Tool names Claude Code offered the model, from the last request with tools. */
  offered: string[] = [];
  plan: PlannedCall[] = [];
  /** Turns the model ended with a text answer (the session is idle again): a driver waits on it. */
  turnsEnded = 0;
  /** Awaited before the model answers a new tool result: the harness acts on it (e.g. opens a sign-in URL). */
  onToolResult: ((result: ToolResult) => Promise<void>) | undefined;
  #ids = 0;
  readonly #seen = new Set<string>();

  private constructor(server: Server) {
    super(server);
  }

  static start(): Promise<MockAnthropic> {
    return MockModelApi.listen((server) => new MockAnthropic(server));
  }

  override async handle(
    req: IncomingMessage,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await readJson(req);
    if (req.method === 'POST' && path.endsWith('/count_tokens'))
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"input_tokens":10}');
    if (req.method !== 'POST' || !path.endsWith('/v1/messages'))
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"type":"error","error":{"type":"not_found_error","message":"mock"}}');
    const before = this.results.length;
    const reply = this.#decide(body);
    for (const result of this.results.slice(before)) await this.onToolResult?.(result);
    if (body.stream) this.#stream(res, reply);
    else this.#json(res, reply);
  }

  /** The next step of the plan, given what the conversation already holds. */
  #decide(body: MessagesRequest): ContentBlock {
    const names = (body.tools ?? []).map((t) => t.name);
    if (names.length) this.offered = names;
    const messages = body.messages ?? [];
    // Tool calls already made in this conversation, and their results.
    const calls = new Map<string, string>();
    for (const m of messages) {
      if (typeof m.content === 'string') continue;
      for (const block of m.content) {
        if (block.type === 'tool_use' && block.id && block.name) calls.set(block.id, block.name);
        if (block.type === 'tool_result' && block.tool_use_id && m === messages.at(-1)) {
          const tool = calls.get(block.tool_use_id) ?? '?';
          const text = textOf(block.content);
          // Once per tool call (a request may be sent again).
          if (this.#seen.has(block.tool_use_id)) continue;
          this.#seen.add(block.tool_use_id);
          this.results.push({ tool, text, isError: Boolean(block.is_error) });
        }
      }
    }
    // Side requests (titles, summaries) carry no tools: plain text.
    if (!names.length) return { type: 'text', text: 'Notes' };
    const made = [...calls.values()];
    const next = this.plan.find(
      (step, i) =>
        made.filter((n) => n === step.tool).length <
        this.plan.slice(0, i + 1).filter((s) => s.tool === step.tool).length,
    );
    if (next && names.includes(next.tool)) {
      return {
        type: 'tool_use',
        id: `toolu_mock_${++this.#ids}`,
        name: next.tool,
        input: next.input,
      } as ContentBlock;
    }
    this.turnsEnded++;
    return { type: 'text', text: 'Done.' };
  }

  #message(block: ContentBlock) {
    return {
      id: `msg_mock_${++this.#ids}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-mock',
      content: [block],
      stop_reason: block.type === 'tool_use' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    };
  }

  #json(res: import('node:http').ServerResponse, block: ContentBlock): void {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(this.#message(block)));
  }

  #stream(res: import('node:http').ServerResponse, block: ContentBlock): void {
    const message = this.#message(block);
    const events: [string, unknown][] = [
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            ...message,
            content: [],
            stop_reason: null,
            usage: { input_tokens: 10, output_tokens: 1 },
          },
        },
      ],
      block.type === 'tool_use'
        ? [
            'content_block_start',
            { type: 'content_block_start', index: 0, content_block: { ...block, input: {} } },
          ]
        : [
            'content_block_start',
            { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          ],
      block.type === 'tool_use'
        ? [
            'content_block_delta',
            {
              type: 'content_block_delta',
              index: 0,
              delta: {
                type: 'input_json_delta',
                partial_json: JSON.stringify((block as { input?: unknown }).input ?? {}),
              },
            },
          ]
        : [
            'content_block_delta',
            {
              type: 'content_block_delta',
              index: 0,
              delta: { type: 'text_delta', text: block.text ?? '' },
            },
          ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: message.stop_reason, stop_sequence: null },
          usage: { output_tokens: 5 },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const [event, data] of events)
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.end();
  }
}
