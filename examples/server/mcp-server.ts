// The protected MCP server: the official MCP TypeScript SDK 2.x
// (@modelcontextprotocol/server), which serves MCP 2026-07-28 and, for older
// clients, 2025-11-25 from one endpoint. In front of it, the bearer middleware
// (bearer-middleware.ts): a token check and a per-tool scope check, so the
// server can answer with HTTP 401 and 403. The scenarios plug in as the tool
// policy; plain insufficient_scope answers come from each tool's SDK hook.
import express from 'express';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer, validateHostHeader } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ScenarioName } from './scenarios.ts';
import { TOOL_SCOPES } from './scopes.ts';
import {
  baselineScopes,
  firstSignInScopes,
  scenarioPolicy,
  type ScenarioState,
} from './scope-policy.ts';
// #region bearer-challenge
// 401 and 403 challenges are built by bearerChallenge() in bearer-middleware.ts
// (quoted values, `"` and `\` escaped per RFC 9110 §5.6.4).
import { requireBearerToken, requireToolScopes } from './bearer-middleware.ts';
// #endregion bearer-challenge
import { authInfo, toolScopeChallenge } from './bearer-middleware.ts';
import type { ToolPolicy, VerifiedToken } from './bearer-middleware.ts';

export interface McpServerOptions {
  /** The MCP endpoint, e.g. http://127.0.0.1:9001/mcp: the resource identifier. */
  resource: string;
  issuer: string;
  jwksUri: string;
  scenario: ScenarioName;
  /** Scenario state; the held-scope cut-off in it is shared with the authorization server. */
  state?: ScenarioState;
  /**
   * Whether the grant a token was issued from still exists. A JWT stays valid
   * until it expires; asking the authorization server's store on each request
   * is what makes revocation (Clear authentication, code replay) take effect at once.
   */
  isGrantActive?: (grantId: string) => Promise<boolean>;
  /** Browser origins allowed to call the MCP endpoint besides the server's own. */
  allowedOrigins?: readonly string[];
}

// #region metadata-url
/** RFC 9728 §3: metadata lives at the well-known path inserted before the resource's path. */
export function protectedResourceMetadataUrl(resource: string, suffix = ''): string {
  const url = new URL(resource);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname}${suffix}`;
}
// #endregion metadata-url

type Note = { id: number; text: string };

function buildMcpServer(notes: Note[], policy: ToolPolicy): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  // #region tool-scope-hook
  // MCP SDK 2.x: the tool's scopeChallenge hook answers 403 insufficient_scope.
  const scopeChallenge = (tool: string) => toolScopeChallenge(tool, policy);
  server.registerTool(
    'list_notes',
    {
      description: 'List all notes (needs notes:read)',
      inputSchema: z.object({}),
      scopeChallenge: scopeChallenge('list_notes'),
    },
    async () => {
      const text = notes.map((n) => `#${n.id} ${n.text}`).join('\n') || '(no notes)';
      return { content: [{ type: 'text', text }] };
    },
  );
  // #endregion tool-scope-hook
  server.registerTool(
    'add_note',
    {
      description: 'Add a note (needs notes:write)',
      inputSchema: z.object({ text: z.string().min(1).max(500) }),
      scopeChallenge: scopeChallenge('add_note'),
    },
    async ({ text }) => {
      const note = { id: notes.length ? notes.at(-1)!.id + 1 : 1, text };
      notes.push(note);
      return { content: [{ type: 'text', text: `Added note #${note.id}` }] };
    },
  );
  server.registerTool(
    'delete_note',
    {
      description: 'Delete a note (needs notes:admin)',
      inputSchema: z.object({ id: z.number().int().positive() }),
      scopeChallenge: scopeChallenge('delete_note'),
    },
    async ({ id }) => {
      const index = notes.findIndex((n) => n.id === id);
      if (index < 0) return { isError: true, content: [{ type: 'text', text: `No note #${id}` }] };
      notes.splice(index, 1);
      return { content: [{ type: 'text', text: `Deleted note #${id}` }] };
    },
  );
  return server;
}

const jsonRpcError = (code: number, message: string, id: unknown = null, data?: unknown) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message, ...(data === undefined ? {} : { data }) },
});

/** Body-parser and router errors (see express.json), as a status and a JSON-RPC error. */
function bodyErrorStatus(err: {
  type?: string;
  status?: number;
}): { status: number; code: number; message: string } | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return { status: 400, code: -32700, message: 'Parse error: the body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: -32600, message: 'Request body too large' };
    case 'charset.unsupported':
      return { status: 415, code: -32600, message: 'Unsupported charset: send JSON as UTF-8' };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: -32600,
        message: 'Unsupported Content-Encoding: send the body uncompressed or gzip/deflate/br',
      };
  }
  if (err instanceof URIError) return { status: 400, code: -32600, message: 'Malformed URL' };
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500)
    return { status: err.status, code: -32600, message: 'Bad request' };
  return undefined;
}

export function createMcpApp(options: McpServerOptions): express.Express {
  const metadataUrl = protectedResourceMetadataUrl(options.resource);
  const resourcePath = new URL(options.resource).pathname;
  const state: ScenarioState = options.state ?? {};
  // Each server instance has its own notes, so parallel test servers never share.
  const notes: Note[] = [
    { id: 1, text: 'Step-up asks for consent again; refresh never widens it.' },
  ];
  const app = express();
  app.disable('x-powered-by');

  // #region dns-rebinding
  // DNS rebinding (MCP transports, security warning): a page on another site
  // whose name now resolves to 127.0.0.1 reaches this server with its own
  // Host and Origin. Refuse both before anything else runs.
  const own = new URL(options.resource);
  app.use((req, res, next) => {
    const host = validateHostHeader(req.get('host'), [own.hostname]);
    if (host.ok) return next();
    res.status(403).json(jsonRpcError(-32000, host.message));
  });
  const allowedOrigins = new Set([own.origin, ...(options.allowedOrigins ?? [])]);
  app.use(resourcePath, (req, res, next) => {
    const origin = req.get('origin');
    // No Origin: not a browser (CLI clients, SDKs). A browser always sends it on POST.
    if (origin === undefined || allowedOrigins.has(origin)) return next();
    res
      .status(403)
      .json(jsonRpcError(-32000, `Origin ${origin} is not allowed to call this MCP server`));
  });
  // #endregion dns-rebinding

  // #region metadata
  const metadata = (resource: string) => ({
    resource,
    authorization_servers: [options.issuer],
    // What a first sign-in may take; the 403s name the rest (see firstSignInScopes).
    scopes_supported: [...firstSignInScopes(options.scenario)],
    bearer_methods_supported: ['header'],
    resource_name: 'Notes (reference MCP server)',
  });
  // RFC 9728 §3.1 inserts the well-known path before the resource's path; the
  // MCP spec has clients fall back to the root one, so serve both.
  app.get([new URL(metadataUrl).pathname, '/.well-known/oauth-protected-resource'], (_req, res) => {
    // `?revision=2` is the document the changed-metadata scenario points to.
    res.json(metadata(options.resource));
  });
  // #endregion metadata
  // A document for some other server, for the mismatched-metadata scenario.
  const otherResource = `${new URL(options.resource).origin}/other`;
  app.get(new URL(protectedResourceMetadataUrl(otherResource)).pathname, (_req, res) =>
    res.json(metadata(otherResource)),
  );

  // #region challenge-401
  // 401 without a valid token for this resource; the challenge asks for the first-sign-in scopes.
  const requireToken = requireBearerToken({
    resource: options.resource,
    issuer: options.issuer,
    jwksUri: options.jwksUri,
    resourceMetadataUrl: metadataUrl,
    firstSignInScopes: baselineScopes(options.scenario),
    ...(options.isGrantActive ? { isGrantActive: options.isGrantActive } : {}),
  });
  // #endregion challenge-401

  // #region challenge-403
  // 403 insufficient_scope for a tool call the token does not cover. The
  // policy is the scenario's; outside the test scenarios, use fullSetPolicy.
  const policy = scenarioPolicy(options.scenario, state, {
    changed: `${metadataUrl}?revision=2`,
    mismatched: protectedResourceMetadataUrl(otherResource),
  });
  // Answers the scenario's other refusals (another metadata URL, another
  // error code, no scope, a JSON-RPC error) that the SDK hook cannot express.
  const checkToolScopes = requireToolScopes({
    resourceMetadataUrl: metadataUrl,
    knownTools: TOOL_SCOPES,
    policy,
    sdkAnswersScopeChallenges: true,
  });
  // #endregion challenge-403

  // #region serve
  // One endpoint, both protocol versions: 2026-07-28 requests (with the
  // per-request _meta envelope) and 2025-11-25 ones (initialize first), each
  // served statelessly by a fresh server instance.
  const mcp = createMcpHandler(() => buildMcpServer(notes, policy), { responseMode: 'json' });
  app.post(
    resourcePath,
    requireToken,
    express.json({ limit: '1mb' }),
    checkToolScopes,
    async (req, res, next) => {
      try {
        // The SDK hands the verified token to the tools' scope hooks as AuthInfo.
        const auth = authInfo(res.locals.token as VerifiedToken, options.resource, metadataUrl);
        const request = await toWebRequest(req, req.body);
        const answer = await mcp.fetch(request, { authInfo: auth, parsedBody: req.body });
        res.status(answer.status).set(Object.fromEntries(answer.headers));
        if (!answer.body) return void res.end();
        Readable.fromWeb(answer.body as ReadableStream).pipe(res);
      } catch (err) {
        next(err);
      }
    },
  );
  // #endregion serve
  // No server-initiated stream and no sessions in stateless mode.
  app.all(resourcePath, (_req, res) => {
    res.status(405).set('Allow', 'POST').json(jsonRpcError(-32000, 'Method not allowed'));
  });

  // Bad input gets the 4xx it deserves with a JSON-RPC error; anything else a bare 500, never a stack trace.
  app.use(
    (
      err: { type?: string; status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const known = bodyErrorStatus(err);
      if (known) return void res.status(known.status).json(jsonRpcError(known.code, known.message));
      console.error('mcp-server: internal error:', err instanceof Error ? err.message : 'unknown');
      res.status(500).json(jsonRpcError(-32603, 'Internal error'));
    },
  );
  return app;
}
