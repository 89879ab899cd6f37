// What every local mock of a model API shares: an HTTP server on a free
// loopback port, its URL, and a close that ends kept-alive connections too.
// Each mock (Anthropic Messages, Gemini, OpenAI) only says how it answers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from '../../../examples/shared/loopback.ts';

export abstract class MockModelApi {
  readonly #server: Server;
  /** Appended to the origin in `url` (an API's version prefix, say). */
  readonly #basePath: string;

  protected constructor(server: Server, basePath = '') {
    this.#server = server;
    this.#basePath = basePath;
  }

  /** Listens on a free loopback port, then makes the mock that answers there. */
  protected static async listen<T extends MockModelApi>(make: (server: Server) => T): Promise<T> {
    // Requests are handled only after listen resolves, when `mock` is set.
    const server = createServer(
      (req, res) => void mock.handle(req, res).catch(() => res.destroy()),
    );
    await listenOnLoopback(server);
    const mock = make(server);
    return mock;
  }

  abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${this.#basePath}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
