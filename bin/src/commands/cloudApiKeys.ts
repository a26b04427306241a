/**
 * `keyrig cloud api-keys list|create|revoke --db PATH [--json]` (docs/CLOUD.md, "API keys"):
 * workspace API keys in the cloud's database, stored hashed. `create` prints the new key once;
 * `revoke` takes a key's id or the key itself, and a running cloud refuses the key from its next
 * request on.
 */
import type { Command } from 'commander';
import { systemClock } from '@keyrig/protocol';
import { createApiKey, listApiKeys, openCloudDatabase, revokeApiKey, workspaceIdOf, type ApiKeyInfo, type CloudDatabase } from '@keyrig/simulator';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { KeyrigError } from '@keyrig/protocol';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { checkCloudDbFile } from '../command/cloudDbFile.js';
import { logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';

export interface ApiKeysOptions {
  db: string;
  json?: boolean;
  logLevel?: string;
}

const rng = (n: number) => new Uint8Array(randomBytes(n));
const line = (k: ApiKeyInfo) => `${k.api_key_id}  ${k.kind.padEnd(7)}  ${k.created_at}  ${k.name}`;

/** Opens an existing cloud database (never creates one: a typo in --db must not make a new cloud). */
function withDb<T>(opts: ApiKeysOptions, io: CommandIo, use: (db: CloudDatabase) => T): T {
  if (!existsSync(opts.db)) throw new KeyrigError('config', `no cloud database at ${opts.db}`);
  checkCloudDbFile(opts.db, '--db', { mustExist: true });
  const db = openCloudDatabase({ path: opts.db, logger: rootLogger(io, opts.logLevel) });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

export function runApiKeysList(opts: ApiKeysOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('cloud api-keys list', io, async () => {
    const keys = withDb(opts, io, (db) => listApiKeys(db));
    io.stdout.write(opts.json ? `${JSON.stringify({ api_keys: keys })}\n` : keys.length === 0 ? 'no API keys\n' : `${keys.map(line).join('\n')}\n`);
    return ExitCode.OK;
  });
}

export function runApiKeysCreate(opts: ApiKeysOptions & { name: string }, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('cloud api-keys create', io, async () => {
    const created = withDb(opts, io, (db) => createApiKey(db, { workspaceId: workspaceIdOf(db, opts.db), name: opts.name, clock: systemClock, rng }));
    io.stdout.write(
      opts.json
        ? `${JSON.stringify({ api_key: created })}\n`
        : `${line(created)}\n${created.api_key}\n(shown once: only its hash is stored)\n`,
    );
    return ExitCode.OK;
  });
}

export function runApiKeysRevoke(idOrKey: string, opts: ApiKeysOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('cloud api-keys revoke', io, async () => {
    const revoked = withDb(opts, io, (db) => revokeApiKey(db, idOrKey));
    io.stdout.write(opts.json ? `${JSON.stringify({ revoked })}\n` : `revoked ${line(revoked)}\n`);
    return ExitCode.OK;
  });
}

export function registerApiKeysCommand(cloud: Command, io: CommandIo, slot: ExitSlot): void {
  const keys = cloud.command('api-keys').description('list, create and revoke workspace API keys (stored hashed; a new key is shown once)');
  keys
    .command('list')
    .description('list the API keys: id, kind (startup = --api-key or minted at start; created = api-keys create), creation time, name')
    .requiredOption('--db <path>', 'the cloud database')
    .option('--json', 'print {"api_keys": [...]} as JSON')
    .addOption(logLevelOption())
    .action(commandAction(slot, (opts: ApiKeysOptions) => runApiKeysList(opts, io)));
  keys
    .command('create')
    .description('mint a new API key, valid until revoked; prints it once')
    .requiredOption('--db <path>', 'the cloud database')
    .requiredOption('--name <name>', 'what the key is for (1-64 characters)')
    .option('--json', 'print {"api_key": {...}} as JSON (its api_key field is the key)')
    .addOption(logLevelOption())
    .action(commandAction(slot, (opts: ApiKeysOptions & { name: string }) => runApiKeysCreate(opts, io)));
  keys
    .command('revoke')
    .description('revoke an API key by its id or by the key itself; a running cloud refuses it at once')
    .argument('<id-or-key>', 'the api_key_id from `list`, or the leaked key (seam_…)')
    .requiredOption('--db <path>', 'the cloud database')
    .option('--json', 'print {"revoked": {...}} as JSON')
    .addOption(logLevelOption())
    .action(commandAction(slot, (idOrKey: string, opts: ApiKeysOptions) => runApiKeysRevoke(idOrKey, opts, io)));
}
