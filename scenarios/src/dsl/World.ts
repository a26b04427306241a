/**
 * The emulated world a scenario runs in: the one rig (src/rig: cloud over real HTTP on a random
 * port, a virtual air, one real bleno lock per entrance 6 m apart along a corridor) and phones
 * with the real noble central. Cloud, locks and phones share one injected ManualClock, so a
 * scenario can travel in time; the air keeps its own radio time (src/rig/startRig.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ManualClock, resultCodeName, systemClock, type Clock } from '@keyrig/protocol';
import type { Central } from '@keyrig/client';
import { startCloud, type Air, type AirFaults, type AirPosition, type Cloud, type RunningLock, type TimingMode } from '@keyrig/simulator';
import { CloudAdmin, type CloudEntrance, type CloudEvent } from '../rig/CloudAdmin.js';
import { closeWithin, startRig, type LockSetup } from '../rig/startRig.js';
import { Guest } from './Guest.js';
import { Phone } from './Phone.js';
import { ENTRANCES, scenarioProperty, type EntranceName } from './scenarioProperty.js';
import { Timeline } from './Timeline.js';
import { NeedsEmulatedError, ScenarioCheckError } from './worldErrors.js';
import { formatDuration, SCENARIO_START } from './worldTime.js';

export interface WorldOptions {
  readonly logger: Logger;
  /** Seed of the air's randomness (default 1). */
  readonly seed?: number;
  /** Simulation start (default SCENARIO_START). */
  readonly start?: number;
  readonly timing?: TimingMode;
  /** Write btsnoop captures (one file per controller) here. */
  readonly captureDir?: string;
  readonly locks?: Partial<Record<EntranceName, LockSetup>>;
  /**
   * Run against locks the World does not start (real devices, or `keyrig lock run` elsewhere):
   * the cloud opens `cloudDbPath` (the database that provisioned those locks, seeded with the
   * scenario property), phones share `central`, time is the system clock. Default: emulated.
   */
  readonly device?: DeviceWorld;
}

export interface DeviceWorld {
  readonly central: Central;
  readonly cloudDbPath: string;
  /** A short description for reports ("air unix:/tmp/air.sock", "hci0"). */
  readonly description: string;
}

/** One lock audit record, decoded for assertions. */
export interface LockAuditEntry {
  readonly sequence: number;
  readonly time: number;
  readonly result: string;
  readonly credentialId: string;
}

/** What World.start made: the cloud and its admin, and in an emulated world the rest of the rig. */
interface Started {
  readonly cloud: Cloud;
  readonly admin: CloudAdmin;
  readonly air: Air | undefined;
  readonly locks: Map<string, RunningLock>;
  readonly positions: Map<string, AirPosition>;
  /** Re-provisions an emulated lock (fresh state, same position); undefined on device worlds. */
  readonly reprovision?: (lockId: string, setup: LockSetup) => Promise<RunningLock>;
  close(): Promise<void>;
}

export class World {
  readonly phones: Phone[] = [];
  #guests = 0;

  private constructor(
    readonly clock: Clock,
    /** The simulation clock (emulated worlds only). */
    readonly manualClock: ManualClock | undefined,
    readonly cloud: Cloud,
    readonly admin: CloudAdmin,
    readonly airOrUndefined: Air | undefined,
    readonly locks: ReadonlyMap<string, RunningLock>,
    /** Lock id by entrance name (from the cloud's provisioning). */
    readonly lockIds: ReadonlyMap<string, string>,
    readonly positions: ReadonlyMap<string, AirPosition>,
    readonly entrances: readonly CloudEntrance[],
    readonly timeline: Timeline,
    readonly logger: Logger,
    readonly dir: string,
    readonly device: DeviceWorld | undefined,
  ) {}

  /** True when cloud, air and locks all run inside this World. */
  get emulated(): boolean {
    return this.device === undefined;
  }

  /** The virtual air (emulated worlds only). */
  get air(): Air {
    if (!this.airOrUndefined) throw new NeedsEmulatedError('this step needs the virtual air (emulated target)');
    return this.airOrUndefined;
  }

  /** Starts cloud, air and locks (or joins a device world). Always `close()` it (bleno keeps timers alive). */
  static async start(o: WorldOptions): Promise<World> {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-scenario-'));
    const manual = o.device ? undefined : new ManualClock(o.start ?? SCENARIO_START);
    const clock: Clock = manual ?? systemClock;
    const removeDir = () => rmSync(dir, { recursive: true, force: true });
    let started: Started | undefined;
    try {
      started = o.device ? await startDeviceCloud(o, o.device) : await startEmulated(o, manual!, dir);
      const provisioning = await started.cloud.provisioning();
      const lockIds = new Map(provisioning.locks.map((p) => [p.entrance_name, p.lock_id] as const));
      const s = started;
      const { cloud, admin, air, locks, positions } = s;
      const world = new World(clock, manual, cloud, admin, air, locks, lockIds, positions, await admin.entrances(), new Timeline(clock), o.logger, dir, o.device);
      world.#lockSetups = o.locks ?? {};
      world.#reprovision = s.reprovision;
      world.#close = async () => {
        await s.close();
        removeDir();
      };
      return world;
    } catch (err) {
      await started?.close();
      removeDir();
      throw err;
    }
  }

  #close: () => Promise<void> = async () => {};
  #lockSetups: Partial<Record<EntranceName, LockSetup>> = {};
  #reprovision: Started['reprovision'];

  /**
   * Re-provisions the lock of an entrance from the cloud's current provisioning file: the lock
   * stops and starts again at its place with a fresh state (a new state directory) — its clock
   * set (no initial error, not unset), the same drift and other firmware settings as at the
   * start unless `setup` is given. `lock(entrance)` is the new lock from then on.
   */
  async reprovision(entrance: EntranceName, setup?: LockSetup): Promise<RunningLock> {
    if (!this.#reprovision) throw new NeedsEmulatedError('re-provisioning needs the emulated target');
    const was = this.#lockSetups[entrance] ?? {};
    const next = setup ?? { ...was, behaviour: { ...was.behaviour, clockOffsetMs: 0, clockUnset: false } };
    const lock = await this.#reprovision(this.lockId(entrance), next);
    (this.locks as Map<string, RunningLock>).set(entrance, lock);
    this.timeline.message('Property', entrance, 're-provisioned from the cloud (fresh state, clock set)');
    return lock;
  }

  /** A new guest (a user identity in the cloud). */
  async guest(fullName: string): Promise<Guest> {
    const n = ++this.#guests;
    // A device world's cloud database outlives the run: its identities must not collide with earlier runs'.
    const unique = this.emulated ? `${n}` : `${n}.${randomUUID().slice(0, 8)}`;
    const email = `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}.${unique}@example.com`;
    const userIdentityId = await this.admin.createGuest(fullName, email);
    this.timeline.message('Property', 'Cloud', `user_identities/create (${fullName})`);
    return new Guest(this, fullName, userIdentityId);
  }

  /** A phone on the air: near an entrance (1 m in front of its lock) or at a position. */
  async phone(name: string, where: EntranceName | AirPosition = ENTRANCES.room101): Promise<Phone> {
    const phone = await Phone.open(this, name, this.#position(where));
    this.phones.push(phone);
    return phone;
  }

  /** Where a phone stands in front of an entrance's lock. */
  #position(where: EntranceName | AirPosition): AirPosition {
    if (typeof where !== 'string') return where;
    if (!this.emulated) return { x: 0, y: 0 };
    const lock = this.positions.get(where);
    if (!lock) throw new Error(`no entrance named "${where}" (known: ${[...this.positions.keys()].join(', ')})`);
    return { x: lock.x, y: 1 };
  }

  /** Position of an entrance's lock, for phones that move. */
  positionOf(where: EntranceName | AirPosition): AirPosition {
    return this.#position(where);
  }

  /** Travels in time: cloud, locks and phones share the clock. */
  travel(ms: number, why = ''): void {
    if (!this.manualClock) throw new NeedsEmulatedError('time travel needs the emulated target (real locks keep real time)');
    this.manualClock.advance(ms);
    this.timeline.time(`${formatDuration(ms)} pass${why ? ` (${why})` : ''}`);
  }

  /** Injects radio faults (all links, or between two controllers). */
  radioFaults(faults: AirFaults, between?: readonly [string, string]): void {
    this.air.setFaults(faults, between);
    this.timeline.fault(`radio: ${JSON.stringify(faults)}${between ? ` between ${between.join(' and ')}` : ''}`);
  }

  clearRadioFaults(): void {
    this.air.clearFaults();
    this.timeline.fault('radio faults cleared');
  }

  /** Lets a short time pass: the clock jumps (emulated) or the world waits (device). */
  async letTimePass(ms: number, why = ''): Promise<void> {
    if (this.manualClock) this.travel(ms, why);
    else {
      this.timeline.time(`waiting ${formatDuration(ms)}${why ? ` (${why})` : ''}`);
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  /** The emulated lock of an entrance (its firmware, status and QA controls). */
  lock(entrance: EntranceName): RunningLock {
    if (!this.emulated) throw new NeedsEmulatedError('lock internals need the emulated target');
    const l = this.locks.get(entrance);
    if (!l) throw new Error(`no lock at "${entrance}"`);
    return l;
  }

  /** The lock id of an entrance (both targets). */
  lockId(entrance: EntranceName): string {
    const id = this.lockIds.get(entrance);
    if (!id) throw new Error(`no lock at "${entrance}" (known: ${[...this.lockIds.keys()].join(', ')})`);
    return id;
  }

  entrance(name: EntranceName): CloudEntrance {
    const e = this.entrances.find((x) => x.display_name === name);
    if (!e) throw new Error(`no entrance named "${name}"`);
    return e;
  }

  /** The lock's own audit trail (newest last). */
  lockAudit(entrance: EntranceName): LockAuditEntry[] {
    const fw = this.lock(entrance).firmware;
    const records = [];
    for (let from = 0; ; ) {
      const page = fw.auditRecords(from);
      records.push(...page);
      if (page.length === 0) break;
      from = page.at(-1)!.sequence + 1;
    }
    const entries = records.map((r) => ({
      sequence: r.sequence,
      time: r.time,
      result: resultCodeName(r.resultCode) ?? `0x${r.resultCode.toString(16)}`,
      credentialId: r.credentialId,
    }));
    this.timeline.message(entrance, 'Test', `lock audit: ${entries.map((e) => e.result).join(', ') || '(empty)'}`);
    return entries;
  }

  /** Cloud events (newest first), recorded on the timeline. */
  async cloudEvents(filter: Parameters<CloudAdmin['events']>[0] = {}): Promise<CloudEvent[]> {
    const events = await this.admin.events(filter);
    this.timeline.message('Cloud', 'Test', `events: ${events.map((e) => `${e.event_type}${e.keyrig_metadata?.result ? `(${e.keyrig_metadata.result})` : ''}`).join(', ') || '(none)'}`);
    return events;
  }

  /** Records a check on the timeline and throws a ScenarioCheckError when it fails. */
  check(ok: boolean, text: string, detail?: string): void {
    this.timeline.check(text, ok);
    if (!ok) throw new ScenarioCheckError(`${text}${detail ? `: ${detail}` : ''}`);
  }

  /** Checks `actual` equals `expected` (JSON comparison). */
  expectEqual(actual: unknown, expected: unknown, what: string): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    this.check(a === e, `${what} is ${e}`, `got ${a}`);
  }

  async close(): Promise<void> {
    for (const p of this.phones.splice(0)) await closeWithin(p.close(), 5000, 'phone close');
    // A device world's central belongs to its caller (one radio for every scenario).
    await this.#close();
  }
}

/** The rig for an emulated world: the scenario property, per-entrance lock setups. */
async function startEmulated(o: WorldOptions, clock: ManualClock, dir: string): Promise<Started> {
  const rig = await startRig({
    logger: o.logger,
    clock,
    dir,
    property: scenarioProperty(),
    synchronous: 'NORMAL',
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.timing ? { timing: o.timing } : {}),
    ...(o.captureDir ? { captureDir: o.captureDir } : {}),
    lockSetup: (p) => o.locks?.[p.entrance_name as EntranceName] ?? {},
  });
  const locks = new Map<string, RunningLock>();
  const positions = new Map<string, AirPosition>();
  rig.provisioning.forEach((p, i) => {
    locks.set(p.entrance_name, rig.locks[i]!);
    positions.set(p.entrance_name, rig.positions[p.lock_id]!);
  });
  return { cloud: rig.cloud, admin: rig.admin, air: rig.air, locks, positions, reprovision: (id, setup) => rig.reprovision(id, setup), close: () => rig.close() };
}

/** A device world runs only the cloud, on the database that provisioned the devices. */
async function startDeviceCloud(o: WorldOptions, device: DeviceWorld): Promise<Started> {
  const cloud = await startCloud({ dbPath: device.cloudDbPath, logger: o.logger, clock: systemClock, port: 0, property: scenarioProperty(), synchronous: 'NORMAL' });
  const close = async () => {
    await cloud.close().catch((err: unknown) => o.logger.warn({ err }, 'close failed'));
  };
  return { cloud, admin: new CloudAdmin(cloud.url, cloud.apiKey), air: undefined, locks: new Map(), positions: new Map(), close };
}
