/**
 * How `keyrig cloud grant|revoke|events` reach a cloud: over HTTP (`--url URL --api-key K`, Seam's
 * JSON POST API) or directly on its database (`--db FILE`, the same route handlers in-process).
 * Either way a refusal is an OperatorCallError with the cloud's status and message.
 */
import { openLocalCloud, OperatorCallError } from '@keyrig/simulator';
import { rootLogger, type CommandIo } from '../command/CommandIo.js';
import { UsageError } from '../command/UsageError.js';

export interface OperatorConnectionOptions {
  db?: string;
  url?: string;
  apiKey?: string;
  /** With --db: the base of instant key URLs (default: `keyrig cloud serve`'s default address). */
  publicUrl?: string;
  logLevel?: string;
}

export interface OperatorApi {
  call(path: string, body?: Record<string, unknown>): Promise<any>;
  close(): void;
}

/** `keyrig cloud serve`'s default listening URL: where instant key URLs point when --db is used without --public-url. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3020';

export async function connectOperatorApi(opts: OperatorConnectionOptions, io: CommandIo): Promise<OperatorApi> {
  const apiKey = opts.apiKey ?? (process.env.KEYRIG_API_KEY || undefined);
  if (opts.db !== undefined && opts.url !== undefined) throw new UsageError('give either --db FILE or --url URL (with --api-key), not both');
  if (opts.db !== undefined) {
    const local = await openLocalCloud({ dbPath: opts.db, logger: rootLogger(io, opts.logLevel), publicUrl: opts.publicUrl ?? DEFAULT_PUBLIC_URL });
    return { call: (path, body) => local.call(path, body), close: () => local.close() };
  }
  if (opts.url === undefined) throw new UsageError('say which cloud: --db FILE (its database) or --url URL --api-key KEY (a running cloud)');
  if (!apiKey) throw new UsageError('--url needs --api-key KEY (or $KEYRIG_API_KEY)');
  let base: URL;
  try {
    base = new URL(opts.url);
  } catch {
    throw new UsageError(`--url "${opts.url.slice(0, 80)}" is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError('--url must be http:// or https://');
  const root = base.href.replace(/\/+$/, '');
  return {
    async call(path, body = {}) {
      let res: Response;
      try {
        res = await fetch(`${root}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      } catch (err) {
        throw new Error(`cannot reach the cloud at ${root}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
      }
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        throw new OperatorCallError(res.status, 'not_json', `${path} answered ${res.status} with a body that is not JSON`);
      }
      if (!res.ok) throw new OperatorCallError(res.status, String(json?.error?.type ?? 'error'), String(json?.error?.message ?? `HTTP ${res.status}`));
      return json;
    },
    close: () => {},
  };
}

/** A refusal of the cloud as the command's error: bad input (400) and unknown ids (404) are usage errors (exit 2). */
export function asCommandError(err: unknown): unknown {
  if (err instanceof OperatorCallError) {
    if (err.status === 400 || err.status === 404) return new UsageError(`cloud: ${err.message}`);
    if (err.status === 401 || err.status === 403) return new Error(`the cloud refused the API key: ${err.message}`);
    return new Error(`cloud: ${err.message} (HTTP ${err.status})`);
  }
  return err;
}
