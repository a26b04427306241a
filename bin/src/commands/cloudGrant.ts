/**
 * `keyrig cloud grant` and `keyrig cloud revoke` (docs/CLOUD.md "Issuing keys from the command
 * line"): a property manager issues a guest's mobile key for a stay and gets the instant key URL
 * to send, or takes access away, without curl. Over HTTP (--url, --api-key) or on the database
 * (--db); see cloudOperatorApi.ts.
 */
import type { Command } from 'commander';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, type CommandIo } from '../command/CommandIo.js';
import { collect, each, integer, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { UsageError } from '../command/UsageError.js';
import { asCommandError, connectOperatorApi, DEFAULT_PUBLIC_URL, type OperatorApi, type OperatorConnectionOptions } from './cloudOperatorApi.js';
import { parseWindow } from './cloudTimes.js';

export interface GrantOptions extends OperatorConnectionOptions {
  guest: string;
  entrance?: string[];
  floor?: number[];
  space?: string;
  from: string;
  until: string;
  json?: boolean;
}

interface EntranceJson {
  acs_entrance_id: string;
  display_name: string;
  space_ids: string[];
  keyrig_metadata: { entrance_key: string; type: string; floors: number[] | null };
}

const norm = (s: string) => s.trim().toLowerCase();

/** The entrances named by --entrance (display name, entrance key or id, any case); unknown names are a usage error listing the known ones. */
export function resolveEntrances(all: readonly EntranceJson[], names: readonly string[]): EntranceJson[] {
  return names.map((name) => {
    const e = all.find((x) => norm(x.display_name) === norm(name) || norm(x.keyrig_metadata.entrance_key) === norm(name) || x.acs_entrance_id === norm(name));
    if (!e) throw new UsageError(`unknown entrance "${name.slice(0, 60)}"; this property has: ${all.map((x) => x.display_name).join(', ')}`);
    return e;
  });
}

/** --floor without an elevator among the entrances: the elevators that serve every requested floor. */
function elevatorsFor(all: readonly EntranceJson[], chosen: readonly EntranceJson[], floors: readonly number[]): EntranceJson[] {
  if (floors.length === 0 || chosen.some((e) => e.keyrig_metadata.type === 'elevator')) return [];
  const lifts = all.filter((e) => e.keyrig_metadata.type === 'elevator' && floors.every((f) => e.keyrig_metadata.floors?.includes(f)));
  if (lifts.length === 0) throw new UsageError(`no elevator of this property serves floor${floors.length > 1 ? 's' : ''} ${floors.join(', ')}`);
  return lifts;
}

/** The entrances of the space named by --space (its name or space_key, any case). */
async function spaceEntrances(api: OperatorApi, all: readonly EntranceJson[], name: string): Promise<EntranceJson[]> {
  const spaces = (await api.call('/spaces/list', { search: name })).spaces as { space_id: string; name: string; space_key?: string }[];
  const space = spaces.find((s) => norm(s.name) === norm(name) || (s.space_key !== undefined && norm(s.space_key) === norm(name)));
  if (!space) throw new UsageError(`unknown space "${name.slice(0, 60)}"`);
  const inside = all.filter((e) => e.space_ids.includes(space.space_id));
  if (inside.length === 0) throw new UsageError(`space "${space.name}" has no entrances`);
  return inside;
}

/**
 * The guest's instant key for a new grant: the one access_grants/create delivered
 * (`instant_key_url`, Seam's hospitality flow), read back for its id; a cloud that delivers none
 * (an older keyrig) gets a new instant key for the grant's identity.
 */
export async function instantKeyForGrant(api: OperatorApi, grant: { user_identity_id: string; instant_key_url?: string }): Promise<{ instant_key_id: string | null; instant_key_url: string }> {
  if (typeof grant.instant_key_url === 'string') {
    const ik = (await api.call('/instant_keys/get', { instant_key_url: grant.instant_key_url })).instant_key as { instant_key_id: string };
    return { instant_key_id: ik.instant_key_id, instant_key_url: grant.instant_key_url };
  }
  const ik = (await api.call('/user_identities/generate_instant_key', { user_identity_id: grant.user_identity_id })).instant_key as { instant_key_id: string; instant_key_url: string };
  return { instant_key_id: ik.instant_key_id, instant_key_url: ik.instant_key_url };
}

export function runCloudGrant(opts: GrantOptions, io: CommandIo = processIo, now: () => number = Date.now): Promise<ExitCodeValue> {
  return runCommand('cloud grant', io, async (onExit) => {
    const guest = opts.guest.trim();
    if (guest === '' || guest.length > 200) throw new UsageError('--guest must be a name of 1 to 200 characters');
    if ((opts.entrance ?? []).length === 0 && opts.space === undefined) throw new UsageError('say what the guest may open: --entrance NAME (repeatable) and/or --space NAME');
    const { startsAt, endsAt } = parseWindow(opts.from, opts.until, now());
    const api = await connectOperatorApi(opts, io);
    onExit(() => api.close());
    try {
      const all = (await api.call('/acs/entrances/list')).acs_entrances as EntranceJson[];
      const chosen = resolveEntrances(all, opts.entrance ?? []);
      if (opts.space !== undefined) chosen.push(...(await spaceEntrances(api, all, opts.space)));
      const floors = opts.floor ?? [];
      chosen.push(...elevatorsFor(all, chosen, floors));
      const ids = [...new Set(chosen.map((e) => e.acs_entrance_id))];
      const grant = (
        await api.call('/access_grants/create', {
          user_identity: { full_name: guest },
          acs_entrance_ids: ids,
          starts_at: new Date(startsAt).toISOString(),
          ends_at: new Date(endsAt).toISOString(),
          ...(floors.length > 0 ? { floors } : {}),
          name: `Stay of ${guest}`.slice(0, 200),
          requested_access_methods: [{ mode: 'mobile_key' }],
        })
      ).access_grant as { access_grant_id: string; user_identity_id: string; acs_entrance_ids: string[]; starts_at: string; ends_at: string; instant_key_url?: string };
      const key = await instantKeyForGrant(api, grant);
      const names = grant.acs_entrance_ids.map((id) => all.find((e) => e.acs_entrance_id === id)?.display_name ?? id);
      io.stdout.write(
        opts.json
          ? `${JSON.stringify({
              instant_key_url: key.instant_key_url,
              instant_key_id: key.instant_key_id,
              access_grant_id: grant.access_grant_id,
              user_identity_id: grant.user_identity_id,
              guest,
              entrances: names,
              acs_entrance_ids: grant.acs_entrance_ids,
              floors,
              starts_at: grant.starts_at,
              ends_at: grant.ends_at,
            })}\n`
          : `${key.instant_key_url}\n`,
      );
      return ExitCode.OK;
    } catch (err) {
      throw asCommandError(err);
    }
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a call answered 404 (the id is not of that kind). */
async function found(api: OperatorApi, path: string, body: Record<string, unknown>): Promise<Record<string, any> | null> {
  try {
    return await api.call(path, body);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

export function runCloudRevoke(target: string, opts: OperatorConnectionOptions & { json?: boolean }, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('cloud revoke', io, async (onExit) => {
    const isUrl = target.includes('/ik/');
    if (!isUrl && !UUID.test(target)) throw new UsageError(`"${target.slice(0, 60)}" is not an access grant id, instant key id or instant key URL`);
    const api = await connectOperatorApi(opts, io);
    onExit(() => api.close());
    try {
      let revoked: { kind: 'access_grant' | 'instant_key'; id: string };
      const grant = isUrl ? null : await found(api, '/access_grants/get', { access_grant_id: target });
      if (grant) {
        await api.call('/access_grants/delete', { access_grant_id: target });
        revoked = { kind: 'access_grant', id: grant.access_grant.access_grant_id };
      } else {
        const key = await found(api, '/instant_keys/get', isUrl ? { instant_key_url: target } : { instant_key_id: target });
        if (!key) throw new UsageError(isUrl ? 'no instant key has this URL (already revoked?)' : `no access grant or instant key has id ${target}`);
        await api.call('/instant_keys/delete', { instant_key_id: key.instant_key.instant_key_id });
        revoked = { kind: 'instant_key', id: key.instant_key.instant_key_id };
      }
      io.stdout.write(opts.json ? `${JSON.stringify({ revoked })}\n` : `revoked ${revoked.kind.replace('_', ' ')} ${revoked.id}\n`);
      return ExitCode.OK;
    } catch (err) {
      throw asCommandError(err);
    }
  });
}

/** --db / --url / --api-key / --public-url, shared by grant, revoke and events. */
export function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'the cloud database (the cloud may be running on it)')
    .option('--url <url>', 'a running cloud, e.g. http://127.0.0.1:3020 (with --api-key)')
    .option('--api-key <key>', 'workspace API key for --url (default $KEYRIG_API_KEY)')
    .option('--public-url <url>', `with --db: where instant key URLs point (default ${DEFAULT_PUBLIC_URL}, keyrig cloud serve's default)`)
    .addOption(logLevelOption());
}

export function registerGrantCommands(cloud: Command, io: CommandIo, slot: ExitSlot): void {
  connectionOptions(
    cloud
      .command('grant')
      .description("issue a guest's mobile key for a stay; prints the instant key URL to send them")
      .requiredOption('--guest <name>', "the guest's full name")
      .option('--entrance <name>', 'an entrance by name ("Room 101"), key or id; repeatable', collect)
      .option('--floor <n>', 'an elevator floor the key opens; repeatable (adds the elevator serving it)', each(integer(-20, 300)))
      .option('--space <name>', "every entrance of this space (name or space_key)")
      .requiredOption('--from <time>', 'start: ISO 8601 with a zone, now, or relative (+2h, +3d)')
      .requiredOption('--until <time>', 'end: ISO 8601 with a zone or relative to now (+3d); after --from')
      .option('--json', 'print the grant, the instant key URL and its ids as one JSON object'),
  ).action(commandAction(slot, (opts: GrantOptions) => runCloudGrant(opts, io)));

  connectionOptions(
    cloud
      .command('revoke')
      .description('revoke an access grant (every key of that stay) or an instant key (its phones lose their keys)')
      .argument('<id-or-url>', 'an access_grant_id, an instant_key_id, or an instant key URL')
      .option('--json', 'print {"revoked": {"kind", "id"}}'),
  ).action(commandAction(slot, (target: string, opts: OperatorConnectionOptions & { json?: boolean }) => runCloudRevoke(target, opts, io)));
}
