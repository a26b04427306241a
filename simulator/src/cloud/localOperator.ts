/**
 * The workspace routes without HTTP, on a cloud database file (`keyrig cloud grant --db …`): each
 * call is validated by the route's request schema and answered by the route's own handler, as an
 * API-key caller, exactly as over HTTP. Nothing is seeded and no server or webhook dispatcher
 * starts: a cloud serving the same file (SQLite WAL) sees the changes at once and delivers the
 * webhooks of the events recorded here from its next poll.
 */
import type { Logger } from 'pino';
import { KeyrigError, systemClock, type Clock } from '@keyrig/protocol';
import type { z } from 'zod';
import { existsSync } from 'node:fs';
import { systemRng, type CloudContext, type Rng, type WorkspaceIds } from './context.js';
import { openCloudDatabase } from './db/openCloudDatabase.js';
import { InstantKeySecrets } from './keys/InstantKeySecrets.js';
import { ProviderKeyring } from './keys/ProviderKeyring.js';
import { FailedAttemptLimiter } from './auth/FailedAttemptLimiter.js';
import { SeamApiError } from './http/SeamApiError.js';
import { formatZodIssues } from '../property/propertyFile.js';
import { apiRoutes } from './routes/index.js';

/** A route refused the call: the HTTP status and Seam error type it would have answered. */
export class OperatorCallError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'OperatorCallError';
  }
}

export interface LocalCloud {
  /** Calls a workspace route (`/access_grants/create`); resolves to its answer without `ok`. */
  call(path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

export interface OpenLocalCloudOptions {
  dbPath: string;
  logger: Logger;
  /** Base of instant key URLs (the running cloud's public URL). */
  publicUrl: string;
  clock?: Clock;
  rng?: Rng;
}

/** Opens an existing cloud database (never creates one: a mistyped path must not make a new cloud). */
export async function openLocalCloud(opts: OpenLocalCloudOptions): Promise<LocalCloud> {
  if (!existsSync(opts.dbPath)) throw new KeyrigError('config', `no cloud database at ${opts.dbPath}`);
  const logger = opts.logger.child({ component: 'cloud' });
  const clock = opts.clock ?? systemClock;
  const rng = opts.rng ?? systemRng;
  const db = openCloudDatabase({ path: opts.dbPath, logger });
  try {
    const workspace = db.prepare('SELECT workspace_id, acs_system_id, connected_account_id, name FROM workspaces ORDER BY created_at LIMIT 1').get() as WorkspaceIds | undefined;
    if (!workspace) throw new KeyrigError('config', `${opts.dbPath} has no workspace yet: start the cloud on it once (keyrig cloud serve --db ${opts.dbPath})`);
    const keyring = new ProviderKeyring(db, clock, rng, logger);
    const ctx: CloudContext = {
      db, clock, rng, logger, workspace, keyring, control: null,
      publicUrl: () => opts.publicUrl.replace(/\/+$/, ''),
      keyOpenLimiter: new FailedAttemptLimiter({ clock }),
      // The key file beside the database, as the serving cloud uses it: URLs stay readable back.
      instantKeySecrets: InstantKeySecrets.forDatabase(db, opts.dbPath, rng, logger),
      onEventsRecorded: () => {},
    };
    const routes = new Map(apiRoutes.map((r) => [r.path, r]));
    const caller = { kind: 'api_key' as const, workspace_id: workspace.workspace_id, api_key_id: 'local' };
    return {
      async call(path, body = {}) {
        const def = routes.get(path);
        if (!def) throw new OperatorCallError(404, 'not_found', `no route ${path}`);
        const parsed = (def.input as unknown as z.ZodType).safeParse(body);
        if (!parsed.success) throw new OperatorCallError(400, 'invalid_input', `invalid input to ${path}: ${formatZodIssues(parsed.error)}`);
        try {
          return (await def.handler({ ctx, input: parsed.data as never, caller, request: { ip: 'local' } as never })) as Record<string, unknown>;
        } catch (err) {
          if (err instanceof SeamApiError) throw new OperatorCallError(err.statusCode, err.type, err.message);
          throw err;
        }
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
