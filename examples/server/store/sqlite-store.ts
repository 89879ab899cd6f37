// The authorization server's state on SQLite (Node's built-in node:sqlite):
// clients, grants, sessions, codes and refresh tokens survive a restart and
// are never evicted to make room; expired rows are deleted by TTL. One file
// for `npm start`, `:memory:` for the tests.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ConsentLog } from '../consent-freshness.ts';

export interface Store {
  /** oidc-provider's `adapter` option: one adapter per model name. */
  adapter: (model: string) => Adapter;
  consentLog: ConsentLog;
  /** Small values the server keeps across restarts (signing keys). */
  getSetting(name: string): string | undefined;
  setSetting(name: string, value: string): void;
  /** Deletes expired rows; returns how many. Runs every minute by itself. */
  deleteExpired(now?: number): number;
  close(): void;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

// node:sqlite is experimental in Node 22 and says so once on stderr at load.
// The reference servers rely on nothing experimental in it, so that one
// warning is dropped and every other warning still printed.
async function loadSqlite(): Promise<typeof import('node:sqlite')> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^SQLite is an experimental feature/.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await import('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS oidc (
    model TEXT NOT NULL,
    id TEXT NOT NULL,
    payload TEXT NOT NULL,
    grant_id TEXT,
    user_code TEXT,
    uid TEXT,
    expires_at INTEGER,
    PRIMARY KEY (model, id)
  );
  CREATE INDEX IF NOT EXISTS oidc_grant ON oidc (grant_id);
  CREATE INDEX IF NOT EXISTS oidc_uid ON oidc (model, uid);
  CREATE INDEX IF NOT EXISTS oidc_user_code ON oidc (model, user_code);
  CREATE INDEX IF NOT EXISTS oidc_expires ON oidc (expires_at);
  CREATE TABLE IF NOT EXISTS consent (grant_id TEXT PRIMARY KEY, consented_at INTEGER NOT NULL, expires_at INTEGER);
  CREATE TABLE IF NOT EXISTS setting (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Consent times outlive no grant: a grant lives 14 days at most. */
const CONSENT_TTL_SECONDS = 14 * 24 * 3600;

export async function openStore(file = ':memory:'): Promise<Store> {
  const { DatabaseSync } = await loadSqlite();
  if (file !== ':memory:') {
    // It holds signing keys and refresh tokens: readable by its owner only
    // (SQLite gives its -wal and -shm files the same mode).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const db: DatabaseSync = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);

  const live = '(expires_at IS NULL OR expires_at > ?)';
  const statements = {
    upsert:
      db.prepare(`INSERT INTO oidc (model, id, payload, grant_id, user_code, uid, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`),
    find: db.prepare(`SELECT payload FROM oidc WHERE model = ? AND id = ? AND ${live}`),
    findByUid: db.prepare(`SELECT payload FROM oidc WHERE model = ? AND uid = ? AND ${live}`),
    findByUserCode: db.prepare(
      `SELECT payload FROM oidc WHERE model = ? AND user_code = ? AND ${live}`,
    ),
    consume: db.prepare(
      `UPDATE oidc SET payload = json_set(payload, '$.consumed', ?) WHERE model = ? AND id = ?`,
    ),
    destroy: db.prepare('DELETE FROM oidc WHERE model = ? AND id = ?'),
    revokeByGrantId: db.prepare('DELETE FROM oidc WHERE grant_id = ?'),
    deleteExpired: db.prepare('DELETE FROM oidc WHERE expires_at <= ?'),
    deleteExpiredConsent: db.prepare('DELETE FROM consent WHERE expires_at <= ?'),
    getConsent: db.prepare('SELECT consented_at FROM consent WHERE grant_id = ?'),
    setConsent: db.prepare(
      'INSERT INTO consent (grant_id, consented_at, expires_at) VALUES (?, ?, ?) ON CONFLICT (grant_id) DO UPDATE SET consented_at = excluded.consented_at, expires_at = excluded.expires_at',
    ),
    getSetting: db.prepare('SELECT value FROM setting WHERE name = ?'),
    setSetting: db.prepare(
      'INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
  };
  const parse = (row: unknown): AdapterPayload | undefined =>
    row ? (JSON.parse((row as { payload: string }).payload) as AdapterPayload) : undefined;

  const adapter = (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const expiresAt = expiresIn ? nowSeconds() + expiresIn : null;
      statements.upsert.run(
        model,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresAt,
      );
    },
    find: async (id) => parse(statements.find.get(model, id, nowSeconds())),
    findByUid: async (uid) => parse(statements.findByUid.get(model, uid, nowSeconds())),
    findByUserCode: async (userCode) =>
      parse(statements.findByUserCode.get(model, userCode, nowSeconds())),
    async consume(id) {
      statements.consume.run(nowSeconds(), model, id);
    },
    async destroy(id) {
      statements.destroy.run(model, id);
    },
    async revokeByGrantId(grantId) {
      statements.revokeByGrantId.run(grantId);
    },
  });

  const consentLog: ConsentLog = {
    async get(grantId) {
      const row = statements.getConsent.get(grantId) as { consented_at: number } | undefined;
      return row?.consented_at;
    },
    async set(grantId, at) {
      statements.setConsent.run(grantId, at, nowSeconds() + CONSENT_TTL_SECONDS);
    },
  };

  const deleteExpired = (now = nowSeconds()) =>
    Number(statements.deleteExpired.run(now).changes) +
    Number(statements.deleteExpiredConsent.run(now).changes);
  deleteExpired();
  const sweeper = setInterval(() => deleteExpired(), 60_000);
  sweeper.unref();

  return {
    adapter,
    consentLog,
    getSetting: (name) => (statements.getSetting.get(name) as { value: string } | undefined)?.value,
    setSetting: (name, value) => void statements.setSetting.run(name, value),
    deleteExpired,
    close() {
      clearInterval(sweeper);
      db.close();
    },
  };
}
