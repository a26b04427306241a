/**
 * A guest's phone in a scenario: a controller on the virtual air at a position, the client's real
 * noble central on it, and the client core (KeyHolder, accessNearby) doing what the app does.
 * `attempt()` goes one level lower (protocol session, chosen material) for attack stories.
 */
import { messageTypeName, resultCodeName, type LockStatus, type CommandOutcome, type HeldCredential, type PhoneSession } from '@keyrig/protocol';
import { accessNearby, CloudError, findNearbyLocks, KeyHolder, MemoryKeyStore, openNobleCentral, type Central, type WalletCredential } from '@keyrig/client';
import type { AirAttachment, AirPosition } from '@keyrig/simulator';
import { findLock, openProtocolPhone, runAttempt, type ProtocolPhone } from './ProtocolPhone.js';
import type { EntranceName } from './scenarioProperty.js';
import type { World } from './World.js';
import { NeedsEmulatedError } from './worldErrors.js';

/** What an unlock (or floor selection) ended with. */
export interface UnlockResult {
  /** granted / denied by the lock, failed (BLE trouble), not-found (no such lock in range or no credential). */
  readonly outcome: 'granted' | 'denied' | 'failed' | 'not-found';
  readonly codeName: string | null;
  readonly grantedFloors: readonly number[];
  readonly reason: string;
  /** Connections used (more than one when the link dropped). */
  readonly connections: number;
}

/** Simulated time one user action (open, reload, tap) takes. */
export const USER_ACTION_MS = 1000;

/** Low-level attempt options (attacks). */
export interface AttemptOptions {
  /** Present this credential instead of the phone's own for that entrance. */
  readonly credential?: HeldCredential;
  /** Sign with this endpoint key instead of the phone's own. */
  readonly endpointKey?: CryptoKeyPair;
  readonly versions?: readonly number[];
  readonly beforeSend?: (message: Uint8Array) => void | Promise<void>;
  readonly rewrite?: (message: Uint8Array) => Uint8Array;
  /** Runs after the handshake instead of a plain unlock. */
  readonly command?: (session: PhoneSession, phone: ProtocolPhone) => Promise<CommandOutcome>;
  /** Carry the wallet's blocklist (default true). */
  readonly blocklist?: boolean;
  /** Carry the wallet's time sync (default false: the app carries each sync to a lock once). */
  readonly timeSync?: boolean;
}

export class Phone {
  #holder: KeyHolder | undefined;
  /** The phone's key store: like the app's, it outlives each opened link (the same device key again is free). */
  readonly #keyStore = new MemoryKeyStore();
  #online = true;

  private constructor(
    readonly world: World,
    readonly name: string,
    /** The phone's controller on the virtual air (emulated worlds). */
    readonly attachmentOrUndefined: AirAttachment | undefined,
    readonly central: Central,
  ) {}

  get attachment(): AirAttachment {
    if (!this.attachmentOrUndefined) throw new NeedsEmulatedError('the phone has no controller on a virtual air (device target)');
    return this.attachmentOrUndefined;
  }

  static async open(world: World, name: string, position: AirPosition): Promise<Phone> {
    if (world.device) {
      // Every phone of a device world shares the one radio: phones are key holders, the radio is the bench's.
      world.timeline.step(`${name}'s phone (radio ${world.device.description})`, name);
      return new Phone(world, name, undefined, world.device.central);
    }
    const attachment = world.air.attach({ name: `phone-${name}`, position });
    try {
      const central = await openNobleCentral({ hci: attachment.bindings, clock: world.clock, logger: world.logger });
      world.timeline.step(`${name}'s phone is at (${position.x}, ${position.y})`, name);
      return new Phone(world, name, attachment, central);
    } catch (err) {
      attachment.detach();
      throw err;
    }
  }

  /** True once an instant key was opened on this phone. */
  get hasKey(): boolean {
    return this.#holder !== undefined;
  }

  get keyHolder(): KeyHolder {
    if (!this.#holder) throw new Error(`${this.name} has not opened an instant key`);
    return this.#holder;
  }

  /** True while the phone has a network (see `setOnline`). */
  get online(): boolean {
    return this.#online;
  }

  /**
   * The phone loses (false) or regains (true) its network: every cloud call of its key holder
   * then fails the way fetch fails without a network (a TypeError, no HTTP answer). The air is
   * unaffected: the phone still talks to locks.
   */
  setOnline(online: boolean): void {
    this.#online = online;
    this.world.timeline.step(`${this.name}'s phone is ${online ? 'online again' : 'offline (no network)'}`, this.name);
  }

  /** The fetch the phone's key holder uses: the real one, or a network failure while offline. */
  readonly #fetch: typeof fetch = (input, init) => (this.#online ? fetch(input, init) : Promise.reject(new TypeError('fetch failed: the phone is offline')));

  /**
   * Opens an instant key: client session, endpoint key, first credential load. Two user actions
   * (open, then the app's load) unless `oneAction` (the whole open takes one USER_ACTION_MS).
   */
  async openKey(url: string, o: { oneAction?: boolean } = {}): Promise<void> {
    const w = this.world;
    this.#tick();
    this.#holder = await KeyHolder.open({ instantKeyUrl: url, keyStore: this.#keyStore, clock: w.clock, logger: w.logger, userAgent: `scenario ${this.name}`, fetch: this.#fetch });
    w.timeline.message(this.name, 'Cloud', 'opens the instant key, registers its endpoint key');
    await this.#load(!o.oneAction);
  }

  /** Opens an instant key and returns the cloud's refusal type instead of throwing (e.g. max_use_count_reached; 'unreachable' offline). */
  async tryOpenKey(url: string, o: { oneAction?: boolean } = {}): Promise<string | null> {
    try {
      await this.openKey(url, o);
      return null;
    } catch (err) {
      if (err instanceof CloudError) {
        this.world.timeline.message('Cloud', this.name, `refused: ${err.type}`, false);
        return err.type;
      }
      throw err;
    }
  }

  /** Loads credentials again (what the app does on open). */
  async reload(): Promise<readonly WalletCredential[]> {
    return this.#load(true);
  }

  async #load(tick: boolean): Promise<readonly WalletCredential[]> {
    if (tick) this.#tick();
    const { wallet } = await this.keyHolder.loadCredentials();
    this.world.timeline.message('Cloud', this.name, `credentials: ${wallet.credentials.map((c) => c.entrance.name).join(', ') || 'none'} (blocklist v${wallet.blocklistVersion})`);
    return wallet.credentials;
  }

  /** Credentials held now (after the last load). */
  get credentials(): readonly WalletCredential[] {
    return this.keyHolder.wallet?.credentials ?? [];
  }

  /** Walks to an entrance (1 m in front of its lock) or a position; RSSI follows. */
  moveTo(where: EntranceName | AirPosition): void {
    if (!this.world.emulated) {
      this.world.timeline.step(`${this.name} is taken to ${typeof where === 'string' ? where : 'a position'} (device target: the bench's radio hears every lock)`, this.name);
      return;
    }
    const p = this.world.positionOf(where);
    this.world.air.move(this.attachment.name, p);
    this.world.timeline.step(`${this.name} walks to ${typeof where === 'string' ? where : `(${p.x}, ${p.y})`}`, this.name);
  }

  /** Unlocks an entrance (or selects floors at the elevator), the way the app does it. */
  async unlock(entrance: EntranceName, o: { floors?: readonly number[]; scanTimeoutMs?: number } = {}): Promise<UnlockResult> {
    const w = this.world;
    this.#tick();
    const what = o.floors ? `select floor(s) ${o.floors.join(', ')}` : 'unlock';
    w.timeline.step(`${this.name} taps ${what === 'unlock' ? 'Unlock' : what} for ${entrance}`, this.name);
    const report = await accessNearby({
      central: this.central,
      keyHolder: this.keyHolder,
      target: { kind: 'named', name: entrance },
      clock: w.clock,
      logger: w.logger,
      scanTimeoutMs: o.scanTimeoutMs ?? 4000,
      ...(o.floors ? { floors: o.floors } : {}),
      // One arrow per protocol message, as it goes over the air (the report's sequence diagram).
      onWire: (direction, m) => {
        const type = m.length > 0 ? (messageTypeName(m[0]!) ?? `type 0x${m[0]!.toString(16)}`) : 'empty message';
        const text = `BLE ${type}${type === 'COMMAND' ? ` ${what}` : ''} (${m.length} B)`;
        if (direction === 'sent') w.timeline.message(this.name, entrance, text);
        else w.timeline.message(entrance, this.name, text);
      },
    });
    const a = report.outcomes[0];
    if (!a) {
      w.timeline.message(entrance, this.name, `no answer: ${report.notFound ?? 'not found'}`, false);
      return { outcome: 'not-found', codeName: null, grantedFloors: [], reason: report.notFound ?? 'not found', connections: 0 };
    }
    w.timeline.message(entrance, this.name, `RESULT ${a.codeName ?? a.outcome}${a.grantedFloors.length ? ` floors ${a.grantedFloors.join(',')}` : ''}`, a.outcome === 'granted');
    if (a.auditRecords.length > 0) w.timeline.message(entrance, this.name, `audit records (${a.auditRecords.length})`);
    if (report.audit && 'recorded' in report.audit) w.timeline.message(this.name, 'Cloud', `audit upload: ${report.audit.recorded} event(s) recorded`);
    else if (report.audit) w.timeline.message(this.name, 'Cloud', `audit upload failed: ${report.audit.error}`, false);
    return { outcome: a.outcome, codeName: a.codeName, grantedFloors: a.grantedFloors, reason: a.reason, connections: a.connections };
  }

  /** The phone's own credential for an entrance (after a load). */
  credentialFor(entrance: EntranceName): WalletCredential {
    const c = this.credentials.find((x) => x.entrance.name === entrance);
    if (!c) throw new Error(`${this.name} holds no credential for ${entrance}`);
    return c;
  }

  /**
   * One protocol session with the lock of `entrance`, with chosen material and hooks (attack
   * stories: someone else's document, another key, an old version, a relay delay, a replay).
   * Returns the code name the phone ends with.
   */
  async attempt(entrance: EntranceName, o: AttemptOptions = {}): Promise<string> {
    const w = this.world;
    this.#tick();
    const wallet = this.keyHolder.wallet;
    if (!wallet) throw new Error(`${this.name} has no credentials loaded`);
    const lockId = w.lockId(entrance);
    const credential = o.credential ?? this.credentialFor(entrance);
    w.timeline.message(this.name, entrance, 'BLE: handshake (crafted)');
    const phone = await openProtocolPhone({
      central: this.central,
      lockId,
      clock: w.clock,
      credential,
      endpointKey: o.endpointKey ?? this.keyHolder.endpointKey,
      providerKeys: wallet.providerKeys,
      ...(o.blocklist === false ? {} : { blocklist: wallet.blocklist }),
      ...(o.timeSync ? { timeSync: wallet.timeSync, timeSyncReceivedAt: wallet.timeSyncReceivedAt } : {}),
      ...(o.versions ? { versions: o.versions } : {}),
      ...(o.beforeSend ? { beforeSend: o.beforeSend } : {}),
      ...(o.rewrite ? { rewrite: o.rewrite } : {}),
    });
    try {
      const r = await runAttempt(phone, o.command ? (s) => o.command!(s, phone) : undefined);
      w.timeline.message(entrance, this.name, `→ ${r.codeName}`, r.codeName === 'GRANTED');
      return r.codeName;
    } finally {
      await phone.close();
    }
  }

  /**
   * Every user action takes a second of simulated time, as it would in life: two phones that
   * load credentials "at the same moment" still carry time syncs of different ages (§9).
   */
  #tick(): void {
    this.world.manualClock?.advance(USER_ACTION_MS);
  }

  /** Scans until the lock's advertised status satisfies `test` (or returns the last one seen). */
  async waitForLockStatus(entrance: EntranceName, test: (s: LockStatus) => boolean, timeoutMs = 5000): Promise<LockStatus> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const lock = await findLock(this.central, this.world.lockId(entrance), 5000);
      if (test(lock.advertisement.status) || Date.now() > end) {
        const flags = Object.entries(lock.advertisement.status).filter(([, v]) => v).map(([k]) => k);
        this.world.timeline.message(entrance, this.name, `advertises ${flags.join(', ') || 'no status flag'}`);
        return lock.advertisement.status;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The keyrig locks the phone hears, strongest first, by entrance name (a lock id when unknown). */
  async nearby(timeoutMs = 1500): Promise<{ entrance: string; rssi: number }[]> {
    const byId = new Map([...this.world.lockIds].map(([name, id]) => [id, name] as const));
    const want = this.world.lockIds.size;
    const sightings = await this.central.scan({ timeoutMs, until: (seen) => findNearbyLocks(seen.values()).length >= want });
    const heard = findNearbyLocks(sightings).map((l) => ({ entrance: byId.get(l.lockId) ?? l.lockId, rssi: l.sighting.rssi }));
    this.world.timeline.message('Air', this.name, `hears ${heard.map((h) => `${h.entrance} ${h.rssi} dBm`).join(', ') || 'nothing'}`);
    return heard;
  }

  /** The status flags an entrance's lock advertises now (battery low, busy, lockout…). */
  async lockStatus(entrance: EntranceName): Promise<LockStatus> {
    const lock = await findLock(this.central, this.world.lockId(entrance), 5000);
    const flags = Object.entries(lock.advertisement.status).filter(([, v]) => v).map(([k]) => k);
    this.world.timeline.message(entrance, this.name, `advertises ${flags.join(', ') || 'no status flag'}`);
    return lock.advertisement.status;
  }

  async close(): Promise<void> {
    if (!this.attachmentOrUndefined) return; // the device world's radio outlives its phones
    await this.central.close().catch(() => undefined);
    this.attachmentOrUndefined.detach();
  }
}

/** Code name of a numeric result code (for audit comparisons). */
export const codeName = (code: number): string => resultCodeName(code) ?? `0x${code.toString(16)}`;
