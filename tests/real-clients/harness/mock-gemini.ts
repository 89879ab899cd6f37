// A stand-in for the Gemini API (generateContent, streamGenerateContent,
// countTokens), on loopback only, so Gemini CLI can run as a test subject
// with a dummy key and no account. The "model" follows a fixed plan: call
// each planned tool once (when Gemini CLI offers it), then answer with text.
// Tool results it receives are kept: they are what the user would read.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { PlannedCall, ToolResult } from './mock-anthropic.ts';
import { MockModelApi } from './mock-server.ts';

interface Part {
  text?: string;
  functionCall?: { name: string; args?: Record<string, unknown> };
  functionResponse?: { name: string; response?: unknown };
}
interface GenerateRequest {
  contents?: { role?: string; parts?: Part[] }[];
  tools?: { functionDeclarations?: { name: string }[] }[];
  generationConfig?: { responseMimeType?: string };
}

const readJson = async (req: IncomingMessage): Promise<GenerateRequest> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as GenerateRequest;
  } catch {
    return {};
  }
};

/** The readable text of a function response: the MCP content's text, or the error message. */
function textOf(response: unknown): string {
  const texts: string[] = [];
  const walk = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (['text', 'output', 'error', 'message', 'llmContent'].includes(key)) texts.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(response);
  return texts.length ? [...new Set(texts)].join('\n') : JSON.stringify(response ?? '');
}

const isError = (response: unknown) =>
  Boolean(
    response &&
    typeof response === 'object' &&
    ('error' in response || JSON.stringify(response).includes('"isError":true')),
  );

export class MockGemini extends MockModelApi {
  readonly results: ToolResult[] = [];
  /** Function names Gemini CLI offered the model, from the last request with tools. */
  offered: string[] = [];
  plan: PlannedCall[] = [];
  /** Waits this long before answering this tool's result (a short-lived token expires). */
  pauseAfter: { tool: string; ms: number } | undefined;
  /** Turns the model ended with text, tools in hand (the agent is waiting for the user again). */
  turnsEnded = 0;
  /** Paths the CLI asked for that the mock does not serve (for COMPAT_DEBUG). */
  readonly unknown: string[] = [];

  private constructor(server: Server) {
    super(server);
  }

  static start(): Promise<MockGemini> {
    return MockModelApi.listen((server) => new MockGemini(server));
  }

  override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await readJson(req);
    const json = (value: unknown) =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (path.endsWith(':countTokens')) return json({ totalTokens: 10 });
    const streamed = path.endsWith(':streamGenerateContent');
    if (!streamed && !path.endsWith(':generateContent')) {
      this.unknown.push(`${req.method} ${path}`);
      const notFound = '{"error":{"code":404,"message":"mock","status":"NOT_FOUND"}}';
      return void res.writeHead(404, { 'content-type': 'application/json' }).end(notFound);
    }
    const before = this.results.length;
    const reply = this.#response(this.#decide(body));
    const pause = this.pauseAfter;
    if (pause && this.results.slice(before).some((r) => r.tool.endsWith(pause.tool))) {
      await new Promise((resolve) => setTimeout(resolve, pause.ms));
    }
    if (!streamed) return json(reply);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(`data: ${JSON.stringify(reply)}\r\n\r\n`);
  }

  /** The next step of the plan, given what the conversation already holds. */
  #decide(body: GenerateRequest): Part {
    const names = (body.tools ?? [])
      .flatMap((t) => t.functionDeclarations ?? [])
      .map((f) => f.name);
    if (names.length) this.offered = names;
    const contents = body.contents ?? [];
    const made: string[] = [];
    for (const content of contents) {
      for (const part of content.parts ?? []) {
        if (part.functionCall) made.push(part.functionCall.name);
        if (part.functionResponse && content === contents.at(-1)) {
          const { name, response } = part.functionResponse;
          const text = textOf(response);
          if (!this.results.some((r) => r.tool === name && r.text === text)) {
            this.results.push({ tool: name, text, isError: isError(response) });
          }
        }
      }
    }
    // Side requests (next speaker, routing, summaries) carry no tools; some want JSON.
    if (!names.length) {
      const wantsJson = body.generationConfig?.responseMimeType === 'application/json';
      const answer = {
        reasoning: 'mock',
        next_speaker: 'user',
        model_choice: 'flash',
        complexity_reasoning: 'mock',
        complexity_score: 1,
      };
      return { text: wantsJson ? JSON.stringify(answer) : 'Notes' };
    }
    // Gemini CLI may prefix MCP tool names (mcp_notes_add_note): match on the tool's own name.
    const offeredAs = (tool: string) => names.find((n) => n === tool || n.endsWith(`_${tool}`));
    const calls = (tool: string) => made.filter((n) => n === offeredAs(tool)).length;
    const planned = (tool: string, upTo: number) =>
      this.plan.slice(0, upTo + 1).filter((s) => s.tool === tool).length;
    const next = this.plan.find((step, i) => calls(step.tool) < planned(step.tool, i));
    const name = next && offeredAs(next.tool);
    if (next && name) return { functionCall: { name, args: next.input } };
    this.turnsEnded++;
    return { text: 'Done.' };
  }

  #response(part: Part) {
    return {
      candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
      modelVersion: 'gemini-mock',
    };
  }
}
