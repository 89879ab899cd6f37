// Where the client keeps what it learned: the registration, the tokens and the
// granted scopes. "Clear authentication" empties it, so the next connection
// starts from the first 401 again.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface StoredAuth {
  /** The dynamically registered client id (pre-registered and URL-based ids are configuration, not stored). */
  clientId?: string;
  /** The registered client's secret, when the server issued one it must be used with. */
  clientSecret?: string;
  /** How the registered client authenticates at the token endpoint (default none). */
  tokenEndpointAuthMethod?: 'none' | 'client_secret_basic' | 'client_secret_post';
  accessToken?: string;
  refreshToken?: string;
  /** Scopes granted for this resource (what the last consent covered). */
  grantedScopes?: string[];
}

export interface AuthStore {
  load(): Promise<StoredAuth>;
  save(value: StoredAuth): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryStore implements AuthStore {
  #value: StoredAuth = {};
  async load() {
    return structuredClone(this.#value);
  }
  async save(value: StoredAuth) {
    this.#value = structuredClone(value);
  }
  async clear() {
    this.#value = {};
  }
}

/** A JSON file readable only by its owner (mode 0600). */
export class FileStore implements AuthStore {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  async load(): Promise<StoredAuth> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as StoredAuth;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`Cannot read the stored MCP credentials at ${this.path}; delete the file to sign in again`, { cause: err });
    }
  }
  async save(value: StoredAuth) {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFile(this.path, JSON.stringify(value, null, 2), { mode: 0o600 });
  }
  async clear() {
    await rm(this.path, { force: true });
  }
}
