/**
 * Workspace API keys (docs/CLOUD.md, "API keys"): stored only as SHA-256 (tokens.ts), shown once.
 * Two kinds, told apart by name:
 * - the **startup key** (`--api-key` / KEYRIG_API_KEY, named "configured", or the one minted
 *   at start, "minted at start"): starting the cloud with a different one revokes the earlier
 *   startup keys unless asked to keep them (`keepOldApiKeys` / `--keep-old-api-keys`);
 * - **created keys** (`keyrig cloud api-keys create --name …`): valid until revoked.
 * Revoking deletes the key's row, so the next request with it is 401 "unknown API key", also on a
 * cloud that is already running (every request looks its key up).
 */
import { KeyrigError, type Clock } from '@keyrig/protocol';
import { iso, newId, type Rng } from '../context.js';
import type { CloudDatabase } from '../db/openCloudDatabase.js';
import { apiKeyProblem, hashToken, mintApiKey } from './tokens.js';

/** Names the cloud gives its startup keys (reserved: `create` refuses them). */
export const STARTUP_KEY_NAMES = ['configured', 'minted at start'] as const;

export interface ApiKeyInfo {
  api_key_id: string;
  name: string;
  kind: 'startup' | 'created';
  created_at: string;
}

interface Row { api_key_id: string; name: string; created_at: number }

const info = (r: Row): ApiKeyInfo => ({
  api_key_id: r.api_key_id,
  name: r.name,
  kind: (STARTUP_KEY_NAMES as readonly string[]).includes(r.name) ? 'startup' : 'created',
  created_at: iso(r.created_at),
});

/** The one workspace's id; a clear error when the database was never started. */
export function workspaceIdOf(db: CloudDatabase, dbPath: string): string {
  const row = db.prepare('SELECT workspace_id FROM workspaces LIMIT 1').get() as { workspace_id: string } | undefined;
  if (!row) throw new KeyrigError('config', `${dbPath} has no workspace yet: start the cloud on it once (keyrig cloud serve --db ${dbPath})`);
  return row.workspace_id;
}

/**
 * Accepts `apiKey` as the startup key and, unless `keepOld`, revokes every other startup key.
 * Returns how many were revoked.
 */
export function installStartupApiKey(
  db: CloudDatabase, args: { workspaceId: string; apiKey: string; configured: boolean; keepOld: boolean; clock: Clock; rng: Rng },
): number {
  const hash = hashToken(args.apiKey);
  return db.transaction(() => {
    const revoked = args.keepOld
      ? 0
      : db
          .prepare(`DELETE FROM api_keys WHERE workspace_id = ? AND name IN (${STARTUP_KEY_NAMES.map(() => '?').join(', ')}) AND token_hash != ?`)
          .run(args.workspaceId, ...STARTUP_KEY_NAMES, hash).changes;
    db.prepare('INSERT INTO api_keys (api_key_id, workspace_id, token_hash, name, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING').run(
      newId(args.rng), args.workspaceId, hash, args.configured ? STARTUP_KEY_NAMES[0] : STARTUP_KEY_NAMES[1], args.clock.now(),
    );
    return revoked;
  })();
}

export function listApiKeys(db: CloudDatabase): ApiKeyInfo[] {
  return (db.prepare('SELECT api_key_id, name, created_at FROM api_keys ORDER BY created_at, api_key_id').all() as Row[]).map(info);
}

/** Mints, stores (hashed) and returns a new key; the key itself is in the result only. */
export function createApiKey(db: CloudDatabase, args: { workspaceId: string; name: string; clock: Clock; rng: Rng }): ApiKeyInfo & { api_key: string } {
  const name = args.name.trim();
  if (name === '' || name.length > 64) throw new KeyrigError('config', 'an API key name needs 1 to 64 characters');
  if ((STARTUP_KEY_NAMES as readonly string[]).includes(name)) throw new KeyrigError('config', `"${name}" is reserved for the cloud's startup key; choose another name`);
  const apiKey = mintApiKey(args.rng);
  const row: Row = { api_key_id: newId(args.rng), name, created_at: args.clock.now() };
  db.prepare('INSERT INTO api_keys (api_key_id, workspace_id, token_hash, name, created_at) VALUES (?, ?, ?, ?, ?)').run(
    row.api_key_id, args.workspaceId, hashToken(apiKey), name, row.created_at,
  );
  return { ...info(row), api_key: apiKey };
}

/** Revokes a key given by its id or by the key itself (`seam_…`); returns what was revoked. */
export function revokeApiKey(db: CloudDatabase, idOrKey: string): ApiKeyInfo {
  const byKey = idOrKey.startsWith('seam_');
  if (byKey && apiKeyProblem(idOrKey)) throw new KeyrigError('config', `not an API key: ${apiKeyProblem(idOrKey)}`);
  const where = byKey ? 'token_hash = ?' : 'api_key_id = ?';
  const arg = byKey ? hashToken(idOrKey) : idOrKey;
  return db.transaction(() => {
    const row = db.prepare(`SELECT api_key_id, name, created_at FROM api_keys WHERE ${where}`).get(arg) as Row | undefined;
    if (!row) throw new KeyrigError('config', byKey ? 'no such API key (already revoked, or never valid here)' : `no API key with id ${idOrKey.slice(0, 40)}`);
    db.prepare('DELETE FROM api_keys WHERE api_key_id = ?').run(row.api_key_id);
    return info(row);
  })();
}
