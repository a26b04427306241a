/**
 * `keyrig cloud`: the access cloud (docs/CLOUD.md).
 *   keyrig cloud serve --port N --db PATH [--api-key KEY] [--keep-old-api-keys] [--property FILE] [--control-routes]
 *   keyrig cloud provision --db PATH --out FILE [--property FILE] [--create]
 *   keyrig cloud api-keys list|create|revoke --db PATH [--json]   (cloudApiKeys.ts)
 *   keyrig cloud grant|revoke|events (--db PATH | --url URL --api-key K) …   (cloudGrant.ts, cloudEvents.ts)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadPropertyFile, provisionOffline, startCloud, webAppPage } from '@keyrig/simulator';
import { buildWebApp } from '@keyrig/client/web/build';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { choiceOption, logLevelOption, port } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { checkWritable } from '../command/outputFile.js';
import { registerApiKeysCommand } from './cloudApiKeys.js';
import { registerGrantCommands } from './cloudGrant.js';
import { registerEventsCommand } from './cloudEvents.js';
import { checkCloudDbFile } from '../command/cloudDbFile.js';
import { aborted, untilStopSignal } from '../stopSignal.js';

export interface CloudServeOptions {
  port: number;
  host: string;
  db: string;
  apiKey?: string;
  keepOldApiKeys?: boolean;
  property?: string;
  publicUrl?: string;
  controlRoutes?: boolean;
  synchronous: 'FULL' | 'NORMAL';
  webApp: boolean;
  logLevel?: string;
}

/** Serves the cloud until `signal` aborts; resolves to the exit code. */
export function runCloudServe(opts: CloudServeOptions, signal: AbortSignal, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('cloud serve', io, async (onExit) => {
    checkCloudDbFile(opts.db, '--db', { mustExist: false });
    const property = opts.property ? loadPropertyFile(opts.property) : undefined;
    const logger = rootLogger(io, opts.logLevel);
    const apiKey = opts.apiKey ?? process.env.KEYRIG_API_KEY;
    // The instant key URL opens the web app (docs/WEBAPP.md): bundle it once for this server.
    const siteDir = opts.webApp ? mkdtempSync(join(tmpdir(), 'keyrig-webapp-')) : undefined;
    if (siteDir) onExit(() => rmSync(siteDir, { recursive: true, force: true }));
    if (siteDir) await buildWebApp({ outDir: siteDir });
    const c = await startCloud({
      dbPath: opts.db,
      logger,
      port: opts.port,
      host: opts.host,
      ...(apiKey ? { apiKey } : {}),
      keepOldApiKeys: Boolean(opts.keepOldApiKeys),
      ...(property ? { property } : {}),
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
      controlRoutes: Boolean(opts.controlRoutes),
      synchronous: opts.synchronous,
      ...(siteDir ? { instantKeyPage: webAppPage(siteDir) } : {}),
    });
    onExit(() => c.close());
    // stdout is for the caller (scripts read the URL); the key is printed only when we minted it.
    io.stdout.write(`${JSON.stringify({ url: c.url, workspace_id: c.workspace.workspace_id, ...(apiKey ? {} : { api_key: c.apiKey }) })}\n`);
    await aborted(signal);
    return ExitCode.OK;
  });
}

export interface CloudProvisionOptions {
  db: string;
  out: string;
  property?: string;
  create?: boolean;
  logLevel?: string;
}

/** Writes the provisioning file; resolves to the exit code. */
export function runCloudProvision(opts: CloudProvisionOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('cloud provision', io, async () => {
    // A typo in --db must not make a new cloud with new keys: creating one is asked for.
    checkCloudDbFile(opts.db, '--db', { mustExist: !opts.create, hint: 'add --create to create and seed a new cloud database' });
    const property = opts.property ? loadPropertyFile(opts.property) : undefined;
    checkWritable(opts.out, '--out');
    const logger = rootLogger(io, opts.logLevel);
    const file = await provisionOffline({ dbPath: opts.db, logger, ...(property ? { property } : {}) });
    writeFileSync(opts.out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    io.stdout.write(`${JSON.stringify({ out: opts.out, locks: file.locks.length })}\n`);
    return ExitCode.OK;
  });
}

export function registerCloudCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  const cloud = program.command('cloud').description('the Seam-compatible access cloud (instant keys, grants, credentials, events)');

  cloud
    .command('serve')
    .description('serve the access cloud over HTTP (SQLite, WAL); prints its URL and, when minted, its API key')
    .option('--port <n>', 'TCP port (0 = any free port)', port, 3020)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .requiredOption('--db <path>', 'SQLite database file (created if missing)')
    .option('--api-key <key>', 'workspace API key to accept (seam_…); default $KEYRIG_API_KEY, else one is minted and printed')
    .option('--keep-old-api-keys', 'keep the API keys of earlier starts valid (default: a different or minted key revokes them; keys from `api-keys create` always stay)')
    .option('--property <file>', 'property file (entrances and locks); default: the demo hotel')
    .option('--public-url <url>', 'base URL for instant key links (default: the listening URL)')
    .option('--control-routes', 'enable /_keyrig/* test control (clock travel, outages)')
    .addOption(choiceOption('--synchronous <mode>', 'SQLite synchronous mode (see docs/CLOUD.md)', ['FULL', 'NORMAL'], 'FULL'))
    .option('--no-web-app', 'do not serve the instant-key web app at the instant key URLs')
    .addOption(logLevelOption())
    .action(commandAction(slot, (opts: CloudServeOptions) => untilStopSignal((signal) => runCloudServe(opts, signal, io))));

  cloud
    .command('provision')
    .description('write the lock provisioning file (lock keys, certificates, provider keys) for `keyrig lock run`')
    .requiredOption('--db <path>', 'the cloud database (an existing one; see --create)')
    .option('--create', 'create and seed the database when --db does not exist (new keys: only for a new cloud)')
    .requiredOption('--out <file>', 'where to write the provisioning JSON (mode 0600: it holds lock private keys)')
    .option('--property <file>', 'property file; default: the demo hotel')
    .addOption(logLevelOption())
    .action(commandAction(slot, (opts: CloudProvisionOptions) => runCloudProvision(opts, io)));

  registerApiKeysCommand(cloud, io, slot);
  registerGrantCommands(cloud, io, slot);
  registerEventsCommand(cloud, io, slot);
}
