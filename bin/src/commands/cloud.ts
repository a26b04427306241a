/**
 * `keyrig cloud`: the access cloud (docs/CLOUD.md).
 *   keyrig cloud serve --port N --db PATH [--api-key KEY] [--property FILE] [--control-routes]
 *   keyrig cloud provision --db PATH --out FILE [--property FILE]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadPropertyFile, provisionOffline, startCloud, webAppPage } from '@keyrig/simulator';
import { buildWebApp } from '@keyrig/client/web/build';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger, resolveLogLevel } from '../logger.js';
import { ExitCode } from '../exitCodes.js';
import { aborted, untilStopSignal } from '../stopSignal.js';

interface ServeOptions {
  port: string;
  host: string;
  db: string;
  apiKey?: string;
  property?: string;
  publicUrl?: string;
  controlRoutes?: boolean;
  synchronous: string;
  webApp: boolean;
  logLevel?: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0-65535, got "${value}"`);
  return n;
}

export function registerCloudCommand(program: Command): void {
  const cloud = program.command('cloud').description('the Seam-compatible access cloud (instant keys, grants, credentials, events)');

  cloud
    .command('serve')
    .description('serve the access cloud over HTTP (SQLite, WAL); prints its URL and, when minted, its API key')
    .option('--port <n>', 'TCP port (0 = any free port)', '3020')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .requiredOption('--db <path>', 'SQLite database file (created if missing)')
    .option('--api-key <key>', 'workspace API key to accept (seam_…); default $KEYRIG_API_KEY, else one is minted and printed')
    .option('--property <file>', 'property file (entrances and locks); default: the demo hotel')
    .option('--public-url <url>', 'base URL for instant key links (default: the listening URL)')
    .option('--control-routes', 'enable /_keyrig/* test control (clock travel, outages)')
    .option('--synchronous <mode>', 'SQLite synchronous mode FULL or NORMAL (see docs/CLOUD.md)', 'FULL')
    .option('--no-web-app', 'do not serve the instant-key web app at the instant key URLs')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (default $KEYRIG_LOG_LEVEL or warn)')
    .action(async (opts: ServeOptions) => {
      const logger = createRootLogger(resolveLogLevel(opts.logLevel));
      if (opts.synchronous !== 'FULL' && opts.synchronous !== 'NORMAL') throw new Error('--synchronous must be FULL or NORMAL');
      const apiKey = opts.apiKey ?? process.env.KEYRIG_API_KEY;
      // The instant key URL opens the web app (docs/WEBAPP.md): bundle it once for this server.
      const siteDir = opts.webApp ? mkdtempSync(join(tmpdir(), 'keyrig-webapp-')) : undefined;
      if (siteDir) await buildWebApp({ outDir: siteDir });
      const c = await startCloud({
        dbPath: opts.db,
        logger,
        port: parsePort(opts.port),
        host: opts.host,
        ...(apiKey ? { apiKey } : {}),
        ...(opts.property ? { property: loadPropertyFile(opts.property) } : {}),
        ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
        controlRoutes: Boolean(opts.controlRoutes),
        synchronous: opts.synchronous,
        ...(siteDir ? { instantKeyPage: webAppPage(siteDir) } : {}),
      });
      // stdout is for the caller (scripts read the URL); the key is printed only when we minted it.
      process.stdout.write(`${JSON.stringify({ url: c.url, workspace_id: c.workspace.workspace_id, ...(apiKey ? {} : { api_key: c.apiKey }) })}\n`);
      await untilStopSignal(aborted);
      await c.close();
      if (siteDir) rmSync(siteDir, { recursive: true, force: true });
      process.exitCode = ExitCode.OK;
    });

  cloud
    .command('provision')
    .description('write the lock provisioning file (lock keys, certificates, provider keys) for `keyrig lock run`')
    .requiredOption('--db <path>', 'the cloud database (created and seeded if missing)')
    .requiredOption('--out <file>', 'where to write the provisioning JSON (mode 0600: it holds lock private keys)')
    .option('--property <file>', 'property file; default: the demo hotel')
    .option('--log-level <level>', 'log level')
    .action(async (opts: { db: string; out: string; property?: string; logLevel?: string }) => {
      const logger = createRootLogger(resolveLogLevel(opts.logLevel));
      const file = await provisionOffline({ dbPath: opts.db, logger, ...(opts.property ? { property: loadPropertyFile(opts.property) } : {}) });
      writeFileSync(opts.out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      process.stdout.write(`${JSON.stringify({ out: opts.out, locks: file.locks.length })}\n`);
    });
}
