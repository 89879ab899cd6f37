// Where the client keeps what it learned: the registration, the tokens and the
// granted scopes. "Clear authentication" empties it, so the next connection
// starts from the first 401 again.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface StoredAuth {
  /** The dynamically registered client id (pre-registered and URL-based ids are configuration, not stored). */
  clientId?: string;
  /** The registered client's secret, when the server issued one it must be used with. */
  clientSecret?: string;
  /** How the registered client authenticates at the token endpoint (default none). */
  tokenEndpointAuthMethod?: 'none' | 'client_secret_basic' | 'client_secret_post';
  /** The authorization server that issued the registration; it is valid there only (SEP-2352). */
  clientIssuer?: string;
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

/** Saves to each path, in order: one at a time, across FileStore instances in this process. */
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(path: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => {});
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return next;
}

/**
 * A JSON file readable only by its owner (mode 0600). Saves write a temporary
 * file beside it and rename it over the old one, so a reader sees the old or
 * the new file, never half of one; the new file's mode is 0600 whatever the old
 * one had. A symlink at the path is refused rather than followed.
 */
export class FileStore implements AuthStore {
  readonly path: string;
  constructor(path: string) {
    this.path = resolve(path);
  }
  async load(): Promise<StoredAuth> {
    let text: string;
    try {
      // O_NOFOLLOW: a symlink planted at the path is an error, not a redirection.
      const file = await open(this.path, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        text = await file.readFile('utf8');
      } finally {
        await file.close();
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return {};
      if (code === 'ELOOP') throw symlinkError(this.path);
      throw new Error(
        `Cannot read the stored MCP credentials at ${this.path}; delete the file to sign in again`,
        { cause: err },
      );
    }
    try {
      return JSON.parse(text) as StoredAuth;
    } catch (err) {
      throw new Error(
        `The stored MCP credentials at ${this.path} are not valid JSON; delete the file to sign in again`,
        { cause: err },
      );
    }
  }
  save(value: StoredAuth): Promise<void> {
    return serialised(this.path, async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await this.#refuseSymlink();
      const temp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        // wx: a fresh file, never one an attacker prepared; mode 0600 from the start.
        await writeFile(temp, JSON.stringify(value, null, 2), { mode: 0o600, flag: 'wx' });
        await chmod(temp, 0o600); // in case a umask or filesystem widened it
        await rename(temp, this.path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    });
  }
  clear(): Promise<void> {
    return serialised(this.path, async () => {
      await this.#refuseSymlink();
      await rm(this.path, { force: true });
    });
  }
  async #refuseSymlink(): Promise<void> {
    const stat = await lstat(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (stat?.isSymbolicLink()) throw symlinkError(this.path);
  }
}

function symlinkError(path: string): Error {
  return new Error(
    `The MCP credentials file ${path} is a symbolic link; refusing to follow it. Remove the link (credentials are written only to a regular file).`,
  );
}
