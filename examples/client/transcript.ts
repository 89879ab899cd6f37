// Records every HTTP exchange the client makes as readable text, with tokens,
// codes and verifiers redacted and run-to-run noise (ports, client ids,
// state) replaced by stable placeholders, so a recorded run can be shown on a
// page and compared with a fresh one.

export interface Exchange {
  method: string;
  url: string;
  status: number;
  /** Form parameters of the request (e.g. grant_type), redacted. */
  form?: Record<string, string>;
  /** JSON-RPC method and tool name, when the request is an MCP call. */
  rpc?: string;
}

/** Query, form and JSON fields that hold secrets: never printed (`token` is the revocation request's). */
const SECRET_FIELDS = new Set([
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'client_secret',
  'registration_access_token',
]);
/** Fields that change every run: printed as a placeholder. */
const VOLATILE_FIELDS: Record<string, string> = {
  state: '<state>',
  code_challenge: '<code_challenge>',
  client_id: '<client_id>',
  client_id_issued_at: '<time>',
};
/** Metadata and registration responses are long; these fields are the ones a reader needs. */
const METADATA_FIELDS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'code_challenge_methods_supported',
  'authorization_response_iss_parameter_supported',
  'resource',
  'authorization_servers',
  'scopes_supported',
  'client_id',
  'application_type',
  'redirect_uris',
  'grant_types',
  'token_endpoint_auth_method',
];

const redactValue = (key: string, value: unknown): unknown =>
  SECRET_FIELDS.has(key) ? '[redacted]' : key in VOLATILE_FIELDS ? VOLATILE_FIELDS[key] : value;

export class Transcript {
  readonly exchanges: Exchange[] = [];
  readonly #lines: string[] = [];
  readonly #replacements: [string, string][] = [];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #baseFetch: typeof fetch;
  readonly #echo: ((line: string) => void) | undefined;

  constructor(options: { fetch?: typeof fetch; echo?: (line: string) => void } = {}) {
    this.#baseFetch = options.fetch ?? globalThis.fetch;
    this.#echo = options.echo;
  }

  /** Print `actual` as `stable` (for example a random port as the documented one). */
  replace(actual: string, stable: string): void {
    if (actual && actual !== stable) this.#replacements.push([actual, stable]);
  }

  /** A line about what the client decided or did. */
  note(text: string): void {
    this.#push(`· ${text}`);
  }

  /** A URL as it may be printed: secrets redacted, volatile values stable. */
  url(value: string | URL): string {
    const url = new URL(String(value));
    for (const [key, val] of [...url.searchParams])
      url.searchParams.set(key, String(redactValue(key, val)));
    return this.#stable(decodeURIComponent(url.href.replace(/\+/g, '%20')));
  }

  toString(): string {
    return this.#lines.join('\n') + '\n';
  }

  /** Resolves when every request started so far has been answered and recorded. */
  async settled(): Promise<void> {
    // Wait a macrotask first: the MCP SDK opens its GET stream a few microtasks
    // after connect() resolves, and that request must not race the next call.
    do {
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled([...this.#pending]);
    } while (this.#pending.size);
  }

  /** A fetch that records each exchange, for oauth4webapi and the MCP transport. */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    this.track(this.#record(input, init));

  /** Makes settled() wait for `work` too (a request that reads the store before it is sent). */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work)).catch(() => {});
    return work;
  }

  async #record(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const body =
      typeof init?.body === 'string'
        ? init.body
        : init?.body instanceof URLSearchParams
          ? init.body.toString()
          : undefined;
    const exchange: Exchange = {
      method: request.method,
      url: this.#stable(request.url),
      status: 0,
    };
    const lines = [`→ ${request.method} ${this.url(request.url)}`];
    if (request.headers.get('authorization')?.startsWith('Bearer '))
      lines.push('  Authorization: Bearer [access token]');
    if (body !== undefined) {
      const contentType = request.headers.get('content-type') ?? '';
      if (contentType.includes('application/x-www-form-urlencoded')) {
        exchange.form = Object.fromEntries(
          [...new URLSearchParams(body)].map(([k, v]) => [k, String(redactValue(k, v))]),
        );
        lines.push(
          `  ${Object.entries(exchange.form)
            .map(([k, v]) => `${k}=${v}`)
            .join('&')}`,
        );
      } else {
        const summary = this.#summarizeJson(body, true);
        if (summary.rpc) exchange.rpc = summary.rpc;
        lines.push(`  ${summary.text}`);
      }
    }

    const response = await this.#baseFetch(request.url, { ...init, headers: request.headers });
    exchange.status = response.status;
    this.exchanges.push(exchange);
    lines.push(`← ${response.status} ${response.statusText}`.trimEnd());
    const challenge = response.headers.get('www-authenticate');
    if (challenge) lines.push(`  WWW-Authenticate: ${challenge}`);
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json') && response.status !== 204) {
      const text = await response.clone().text();
      if (text) lines.push(`  ${this.#summarizeJson(text, false).text}`);
    }
    lines.forEach((line) => this.#push(line));
    this.#push('');
    return response;
  }

  #summarizeJson(text: string, isRequest: boolean): { text: string; rpc?: string } {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { text: `(${text.length} bytes, not JSON)` };
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const obj = value as Record<string, unknown>;
      if (obj.jsonrpc === '2.0') return this.#summarizeRpc(obj, isRequest);
      const keys = Object.keys(obj);
      const shown = keys.length > 12 ? keys.filter((k) => METADATA_FIELDS.includes(k)) : keys;
      const picked = Object.fromEntries(shown.map((k) => [k, redactValue(k, obj[k])]));
      const more = keys.length - shown.length;
      return {
        text: this.#stable(JSON.stringify(picked)) + (more ? ` (+${more} more fields)` : ''),
      };
    }
    return { text: this.#stable(JSON.stringify(value)) };
  }

  #summarizeRpc(msg: Record<string, unknown>, isRequest: boolean): { text: string; rpc?: string } {
    if (isRequest) {
      const params = (msg.params ?? {}) as Record<string, unknown>;
      const rpc =
        msg.method === 'tools/call' ? `tools/call ${String(params.name)}` : String(msg.method);
      const args = msg.method === 'tools/call' ? ` ${JSON.stringify(params.arguments ?? {})}` : '';
      return { text: `JSON-RPC ${rpc}${args}`, rpc };
    }
    if (msg.error) {
      const err = msg.error as { code: number; message: string };
      return { text: `JSON-RPC error ${err.code}: ${this.#stable(err.message)}` };
    }
    const result = (msg.result ?? {}) as {
      content?: { text?: string }[];
      serverInfo?: { name: string };
      isError?: boolean;
      supportedVersions?: string[];
    };
    // server/discover (MCP 2026-07-28): the protocol versions the server speaks.
    if (Array.isArray(result.supportedVersions)) {
      return { text: `JSON-RPC result: supports ${result.supportedVersions.join(', ')}` };
    }
    if (result.serverInfo)
      return { text: `JSON-RPC result: initialized ${result.serverInfo.name}` };
    const texts = (result.content ?? []).map((c) => c.text).filter(Boolean);
    return {
      text: `JSON-RPC result${result.isError ? ' (tool error)' : ''}: ${JSON.stringify(texts.join('\n'))}`,
    };
  }

  #stable(text: string): string {
    return this.#replacements.reduce(
      (acc, [actual, stable]) => acc.split(actual).join(stable),
      text,
    );
  }

  #push(line: string): void {
    const stable = this.#stable(line);
    this.#lines.push(stable);
    this.#echo?.(stable);
  }
}
