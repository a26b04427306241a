/**
 * Executes the steps of a history (model/history.ts) on a World, with the real API and DSL: the
 * cloud over HTTP, bleno locks and noble phones on the air. One instance per history run; it
 * keeps the history's handles (g1, k1, p1, …) mapped to what the cloud and the World made.
 *
 * Timing contract (the access model assumes it): every phone action step (open, reload,
 * unlock, present) advances the shared ManualClock by exactly USER_ACTION_MS before it acts;
 * travel advances it by its `ms`; nothing else moves the simulated clock.
 *
 * Outcomes (history.ts): unlock / present → the result code name, or NO_CREDENTIAL; open /
 * reload → 'ok', 'offline' or the cloud's error type; every other step → null on success. Two
 * outcomes the model never predicts, so a disagreement shows them: a property call the cloud
 * refused → `refused:<type>`, and an attempt that got no answer from a lock → `NO_ANSWER:<why>`.
 */
import type { HeldCredential } from '@keyrig/protocol';
import { CloudError, type WalletCredential } from '@keyrig/client';
import { CloudCallError } from '../rig/CloudAdmin.js';
import type { LockSetup } from '../rig/startRig.js';
import { USER_ACTION_MS, type Phone } from '../dsl/Phone.js';
import { ENTRANCES, type EntranceName } from '../dsl/scenarioProperty.js';
import type { World } from '../dsl/World.js';
import type { EntranceKey, HistoryLock, HistorySetup, HistoryStep, StepOutcome } from './history.js';
import { chooseDocument } from './chooseDocument.js';

/** A lockout threshold no history reaches (lockout is outside the model's scope). */
export const UNREACHABLE_LOCKOUT = 1_000_000;

/** The World's lock setup for one history lock (firmware settings for the whole history). */
export function lockSetupOf(l: HistoryLock, o: { provisioned?: boolean; faults?: readonly string[] } = {}): LockSetup {
  return {
    // Deliberate firmware bugs (keyrig run --model --lock-fault): the run must then disagree.
    ...(o.faults && o.faults.length > 0 ? { faults: o.faults } : {}),
    behaviour: {
      clockDriftPpm: l.driftPpm,
      // A (re-)provisioned lock's clock is set from the provisioning: no initial error, not unset.
      clockOffsetMs: o.provisioned ? 0 : l.offsetMs,
      clockUnset: o.provisioned ? false : (l.clockUnset ?? false),
      antiPassbackMs: l.antiPassbackMs,
      ...(l.maxUsesPerDay !== undefined ? { maxUsesPerDay: l.maxUsesPerDay } : {}),
      lockoutThreshold: UNREACHABLE_LOCKOUT,
    },
  };
}

/** Lock setups of every entrance of a history, as World.start takes them. */
export function lockSetupsOf(setup: HistorySetup, faults?: readonly string[]): Partial<Record<EntranceName, LockSetup>> {
  return Object.fromEntries(Object.entries(setup.locks).map(([k, l]) => [ENTRANCES[k as EntranceKey], lockSetupOf(l, faults ? { faults } : {})]));
}

interface KeyHandle {
  readonly id: string;
  readonly url: string;
  readonly clientSessionId: string;
}

export class HistoryRun {
  readonly #guests = new Map<string, string>();
  readonly #grants = new Map<string, string>();
  readonly #keys = new Map<string, KeyHandle>();
  readonly #phones = new Map<string, Phone>();
  /** The key each phone opened last with success (its client session). */
  readonly #phoneKeys = new Map<string, KeyHandle>();
  /** Attempts (unlock / present) executed so far. */
  attempts = 0;

  constructor(
    readonly world: World,
    readonly setup: HistorySetup,
    /** Fault profiles every lock runs with (re-provisioned ones too). */
    readonly faults?: readonly string[],
  ) {}

  /** Runs one step; returns its outcome. Throws on a generator bug (an unknown handle). */
  async step(s: HistoryStep): Promise<StepOutcome> {
    const w = this.world;
    switch (s.do) {
      case 'guest': {
        if (this.#guests.has(s.guest)) throw new HandleError(`history: guest ${s.guest} introduced twice`);
        this.#guests.set(s.guest, await w.admin.createGuest(`Guest ${s.guest}`, `${s.guest.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`));
        return null;
      }
      case 'grant':
        return this.#admin('/access_grants/create', grantBody(w, this.#handle(this.#guests, s.guest, 'guest'), s), (r) => {
          this.#grants.set(s.grant, (r as { access_grant: { access_grant_id: string } }).access_grant.access_grant_id);
        });
      case 'updateGrant':
        return this.#admin('/access_grants/update', {
          access_grant_id: this.#handle(this.#grants, s.grant, 'grant'),
          ...(s.endsInMs !== undefined ? { ends_at: new Date(w.clock.now() + s.endsInMs).toISOString() } : {}),
          ...(s.entrances ? { acs_entrance_ids: s.entrances.map((e) => w.entrance(ENTRANCES[e]).acs_entrance_id) } : {}),
        });
      case 'deleteGrant':
        return this.#admin('/access_grants/delete', { access_grant_id: this.#handle(this.#grants, s.grant, 'grant') });
      case 'deleteGuest':
        return this.#admin('/user_identities/delete', { user_identity_id: this.#handle(this.#guests, s.guest, 'guest') });
      case 'instantKey':
        return this.#admin(
          '/user_identities/generate_instant_key',
          { user_identity_id: this.#handle(this.#guests, s.guest, 'guest'), ...(s.maxUseCount !== undefined ? { max_use_count: s.maxUseCount } : {}) },
          (r) => {
            const k = (r as { instant_key: { instant_key_id: string; instant_key_url: string; client_session_id: string } }).instant_key;
            this.#keys.set(s.key, { id: k.instant_key_id, url: k.instant_key_url, clientSessionId: k.client_session_id });
          },
        );
      case 'deleteKey':
        return this.#admin('/instant_keys/delete', { instant_key_id: this.#handle(this.#keys, s.key, 'key').id });
      case 'phone': {
        if (this.#phones.has(s.phone)) throw new Error(`history: phone ${s.phone} introduced twice`);
        this.#phones.set(s.phone, await w.phone(s.phone, ENTRANCES.room101));
        return null;
      }
      case 'open': {
        const phone = this.#phone(s.phone);
        const key = this.#handle(this.#keys, s.key, 'key');
        const refused = await phone.tryOpenKey(key.url, { oneAction: true });
        if (refused === null) this.#phoneKeys.set(s.phone, key);
        return refused === null ? 'ok' : refused === 'unreachable' ? 'offline' : refused;
      }
      case 'revokeSession': {
        this.#phone(s.phone);
        const key = this.#phoneKeys.get(s.phone);
        if (!key) return 'refused:no_session';
        return this.#admin('/client_sessions/revoke', { client_session_id: key.clientSessionId });
      }
      case 'offline':
      case 'online':
        this.#phone(s.phone).setOnline(s.do === 'online');
        return null;
      case 'reload': {
        const phone = this.#phone(s.phone);
        if (!phone.hasKey) {
          this.#tick();
          return 'no_key';
        }
        try {
          await phone.reload();
          return 'ok';
        } catch (err) {
          if (err instanceof CloudError) return err.status === 0 ? 'offline' : err.type;
          throw err;
        }
      }
      case 'unlock':
        return this.#unlock(s.phone, s.entrance, s.floors);
      case 'present':
        return this.#present(s.phone, s.entrance, s.document);
      case 'provision':
        await w.reprovision(ENTRANCES[s.entrance], lockSetupOf(this.setup.locks[s.entrance], { provisioned: true, ...(this.faults ? { faults: this.faults } : {}) }));
        return null;
      case 'travel':
        w.travel(s.ms);
        return null;
    }
  }

  async #unlock(phoneName: string, entrance: EntranceKey, floors: readonly number[] | undefined): Promise<StepOutcome> {
    const phone = this.#phone(phoneName);
    phone.moveTo(ENTRANCES[entrance]);
    this.attempts++;
    if (!phone.hasKey) {
      this.#tick();
      return 'NO_CREDENTIAL';
    }
    const r = await phone.unlock(ENTRANCES[entrance], floors ? { floors } : {});
    if (r.codeName) return r.codeName;
    if (r.outcome === 'not-found' && /holds no credentials|no credential opens/.test(r.reason)) return 'NO_CREDENTIAL';
    return `NO_ANSWER:${r.outcome}: ${r.reason}`;
  }

  async #present(phoneName: string, entrance: EntranceKey, document: EntranceKey): Promise<StepOutcome> {
    const phone = this.#phone(phoneName);
    phone.moveTo(ENTRANCES[entrance]);
    this.attempts++;
    const held: readonly WalletCredential[] = phone.hasKey ? phone.credentials.filter((c) => c.entrance.name === ENTRANCES[document]) : [];
    const credential: HeldCredential | undefined = chooseDocument(held, this.world.clock.now() + USER_ACTION_MS);
    if (!credential) {
      this.#tick();
      return 'NO_CREDENTIAL';
    }
    try {
      return await phone.attempt(ENTRANCES[entrance], { credential });
    } catch (err) {
      return `NO_ANSWER:${(err as Error).message}`;
    }
  }

  /** One property call; null when the cloud accepted it, `refused:<type>` when it refused. */
  async #admin(route: string, body: unknown, onOk?: (r: unknown) => void): Promise<StepOutcome> {
    try {
      const r = await this.world.admin.call(route, body);
      onOk?.(r);
      return null;
    } catch (err) {
      if (err instanceof CloudCallError && err.status !== 0) return `refused:${err.type}`;
      throw err;
    }
  }

  #tick(): void {
    this.world.manualClock!.advance(USER_ACTION_MS);
  }

  #phone(name: string): Phone {
    const p = this.#phones.get(name);
    if (!p) throw new Error(`history: phone ${name} is used before a 'phone' step introduces it`);
    return p;
  }

  #handle<T>(map: Map<string, T>, name: string, what: string): T {
    const v = map.get(name);
    if (v === undefined) throw new HandleError(`history: ${what} ${name} is used before it exists (or its creation was refused)`);
    return v;
  }
}

/** A step names a handle that does not exist: a bug of the history, not an outcome. */
export class HandleError extends Error {}

function grantBody(w: World, userIdentityId: string, s: Extract<HistoryStep, { do: 'grant' }>): Record<string, unknown> {
  const startsAt = w.clock.now() + s.startsInMs;
  return {
    user_identity_id: userIdentityId,
    acs_entrance_ids: s.entrances.map((e) => w.entrance(ENTRANCES[e]).acs_entrance_id),
    starts_at: new Date(startsAt).toISOString(),
    ends_at: new Date(startsAt + s.durationMs).toISOString(),
    requested_access_methods: [{ mode: 'mobile_key', ...(s.maxUseCount !== undefined ? { instant_key_max_use_count: s.maxUseCount } : {}) }],
    ...(s.floors ? { floors: s.floors } : {}),
    ...(s.keyMode ? { keyrig_key_mode: s.keyMode } : {}),
  };
}
