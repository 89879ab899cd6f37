// FileStore under concurrency and against a hostile filesystem: atomic
// writes, mode 0600 always, symlinks refused, saves applied in order.
import { mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../../tests/support/fixtures.ts';
import { FileStore } from './store.ts';
import { claims } from '../../tests/support/claims.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'filestore-'));
const mode = async (path: string) => (await stat(path)).mode & 0o777;

test(
  '300 concurrent saves: the file is valid JSON at every read, mode 0600, and holds the last save',
  claims({
    'client.filestore-atomic':
      'Under 300 concurrent saves, every read of the file is valid JSON, its mode is `0600`, and it ends with the last save',
  }),
  async () => {
    const store = new FileStore(join(await tempDir(), 'auth.json'));
    let reads = 0;
    let saving = true;
    // A reader racing the writers, as another process would.
    const reader = (async () => {
      while (saving) {
        const text = await readFile(store.path, 'utf8').catch((err: NodeJS.ErrnoException) =>
          err.code === 'ENOENT' ? undefined : Promise.reject(err),
        );
        if (text !== undefined) {
          expect(() => JSON.parse(text), `read ${reads}: ${text.slice(0, 80)}`).not.toThrow();
          reads++;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.save({
          clientId: `client-${i}`,
          accessToken: 'x'.repeat(1000 + i),
          grantedScopes: ['notes:read'],
        }),
      ),
    );
    saving = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await store.load()).clientId).toBe('client-299');
    expect(await mode(store.path)).toBe(0o600);
  },
);

test(
  'an existing 0644 file becomes 0600 on the next save',
  claims({
    'client.filestore-mode': 'An existing file with mode `0644` becomes `0600` on the next save',
  }),
  async () => {
    const path = join(await tempDir(), 'auth.json');
    await writeFile(path, '{}', { mode: 0o644 });
    expect(await mode(path)).toBe(0o644);
    await new FileStore(path).save({ clientId: 'c' });
    expect(await mode(path)).toBe(0o600);
  },
);

test(
  'a symlink at the path is refused by save, load and clear; its target is untouched',
  claims({
    'client.filestore-symlink':
      "A symbolic link at the store's path is refused by save, load and clear, and its target is left untouched",
  }),
  async () => {
    const dir = await tempDir();
    const target = join(dir, 'elsewhere.json');
    await writeFile(target, '{"keep":true}');
    const path = join(dir, 'auth.json');
    await symlink(target, path);
    const store = new FileStore(path);
    await expect(store.save({ clientId: 'c' })).rejects.toThrow(
      /symbolic link; refusing to follow it/,
    );
    await expect(store.load()).rejects.toThrow(/symbolic link/);
    await expect(store.clear()).rejects.toThrow(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('{"keep":true}');
  },
);
