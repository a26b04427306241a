/**
 * `keyrig cloud events [--follow] [--json]` (docs/CLOUD.md "Issuing keys from the command line"):
 * the cloud's events, oldest first, one line each; --follow keeps polling and prints new ones
 * until Ctrl-C. --json prints one JSON event per line (NDJSON).
 */
import type { Command } from 'commander';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, type CommandIo } from '../command/CommandIo.js';
import { integer } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { aborted, untilStopSignal } from '../stopSignal.js';
import { asCommandError, connectOperatorApi, type OperatorConnectionOptions } from './cloudOperatorApi.js';
import { connectionOptions } from './cloudGrant.js';
import { parseWhen } from './cloudTimes.js';

export interface EventsOptions extends OperatorConnectionOptions {
  follow?: boolean;
  json?: boolean;
  limit: number;
  since?: string;
  interval: number;
}

interface EventJson {
  event_id: string;
  event_type: string;
  occurred_at: string;
  [field: string]: unknown;
}

/** Ids an event names, for its text line (`access_grant_id=…`). */
const ID_FIELDS = ['user_identity_id', 'access_grant_id', 'access_method_id', 'acs_entrance_id', 'acs_credential_id', 'client_session_id', 'device_id'];

export function eventLine(e: EventJson): string {
  const ids = ID_FIELDS.filter((f) => typeof e[f] === 'string').map((f) => `${f}=${String(e[f])}`);
  return [e.occurred_at, e.event_type, ...ids].join('  ');
}

export function runCloudEvents(opts: EventsOptions, signal: AbortSignal, io: CommandIo = processIo, now: () => number = Date.now): Promise<ExitCodeValue> {
  return runCommand('cloud events', io, async (onExit) => {
    const since = opts.since !== undefined ? new Date(parseWhen('--since', opts.since, now())).toISOString() : undefined;
    const api = await connectOperatorApi(opts, io);
    onExit(() => api.close());
    const seen = new Set<string>();
    let latest = since;
    const print = (events: EventJson[]) => {
      // The cloud lists newest first; a terminal reads oldest first.
      for (const e of [...events].reverse()) {
        if (seen.has(e.event_id)) continue;
        seen.add(e.event_id);
        if (latest === undefined || e.occurred_at > latest) latest = e.occurred_at;
        io.stdout.write(`${opts.json ? JSON.stringify(e) : eventLine(e)}\n`);
      }
    };
    try {
      print((await api.call('/events/list', { limit: opts.limit, ...(since ? { since } : {}) })).events as EventJson[]);
      while (opts.follow && !signal.aborted) {
        await Promise.race([new Promise((r) => setTimeout(r, opts.interval)), aborted(signal)]);
        if (signal.aborted) break;
        // `since` includes events at that very instant; the ids already printed are skipped.
        print((await api.call('/events/list', { limit: 500, ...(latest ? { since: latest } : {}) })).events as EventJson[]);
      }
      return ExitCode.OK;
    } catch (err) {
      throw asCommandError(err);
    }
  });
}

export function registerEventsCommand(cloud: Command, io: CommandIo, slot: ExitSlot): void {
  connectionOptions(
    cloud
      .command('events')
      .description("the cloud's events, oldest first (grants, keys, phones, doors); --follow prints new ones until Ctrl-C")
      .option('--follow', 'keep polling and print new events as they happen')
      .option('--json', 'one JSON event per line (NDJSON)')
      .option('--limit <n>', 'how many of the latest events to print first', integer(1, 10_000), 50)
      .option('--since <time>', 'only events from this time on (ISO 8601 with a zone, or relative: now)')
      .option('--interval <ms>', 'with --follow: milliseconds between polls', integer(100, 3_600_000), 1000),
  ).action(commandAction(slot, (opts: EventsOptions) => untilStopSignal((signal) => runCloudEvents(opts, signal, io))));
}
