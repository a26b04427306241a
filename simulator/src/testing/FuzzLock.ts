/**
 * The fuzz target: one lock (real firmware model, real protocol LockSession, real session
 * faults layer) fed through the same per-connection handler bleno's control-point writes feed
 * (LockConnection), in process, so a million writes fit in minutes. A genuine phone
 * (protocol's PhoneSession over FramedChannel) brings a connection to a state before the hostile
 * steps; every crash, hang and grant is counted.
 */
import type { Logger } from 'pino';
import {
  encodeHello,
  FramedChannel,
  ManualClock,
  MessageType,
  PhoneSession,
  resultCodeName,
  type AuditRecord,
  type HandshakeOutcome,
} from '@keyrig/protocol';
import { LockConnection, type ConnectionSession } from '../lock/ble/LockConnection.js';
import { LockFirmware } from '../lock/LockFirmware.js';
import { FirmwareSession } from '../lock/session/FirmwareSession.js';
import { loadLockKeys, type LockKeys } from '../lock/session/lockKeys.js';
import { MemoryStateStore, type LockStateStore } from '../lock/stateStore.js';
import type { LockProvisioning } from '../property/provisioning.js';
import { mutate, type FuzzCase, type Step } from './lockFuzzInputs.js';
import { capturingLogger } from './capturingLogger.js';
import { provisionLock, T0 } from './lockWorld.js';
import type { KitPhoneKey, KitProvider, TestKit } from './testKit.js';

const GENUINE_HELLO = encodeHello({ versions: [1], features: 0 });

/** How long one case may take to settle before it counts as a hang (wall ms). */
const HANG_MS = 10_000;

/** What a fuzz run counted so far (the report's numbers). */
export interface FuzzStats {
  cases: number;
  /** Control-point writes delivered to the lock. */
  inputs: number;
  crashes: number;
  hangs: number;
  /** Hostile input that unlocked the door or completed a handshake: a security failure. */
  breaches: number;
  /** Cases whose genuine prefix could not be reached (e.g. lockout) — they still ran. */
  prefixRefused: number;
  /** Lock answers by first byte (message type) across the run. */
  answers: Record<string, number>;
  /** Audit records the lock wrote, by result code name (what the fuzz reached). */
  audited: Record<string, number>;
  /** Error lines the lock logged (a caught crash inside the lock). */
  errorLogs: string[];
}

/** One fuzzed lock and its genuine phone key; `runCase` feeds it one case on a fresh connection. */
export class FuzzLock {
  readonly clock: ManualClock;
  readonly provider: KitProvider;
  readonly provisioning: LockProvisioning;
  readonly firmware: LockFirmware;
  readonly keys: LockKeys;
  readonly key: KitPhoneKey;
  readonly logger: Logger;
  readonly stats: FuzzStats = { cases: 0, inputs: 0, crashes: 0, hangs: 0, breaches: 0, prefixRefused: 0, answers: {}, audited: {}, errorLogs: [] };
  /** Thrown errors, first few kept with their case for the report. */
  readonly failures: { error: string; fuzzCase: FuzzCase }[] = [];
  #nextConnection = 1;

  private constructor(o: Pick<FuzzLock, 'clock' | 'provider' | 'provisioning' | 'firmware' | 'keys' | 'key' | 'logger'>) {
    this.clock = o.clock;
    this.provider = o.provider;
    this.provisioning = o.provisioning;
    this.firmware = o.firmware;
    this.keys = o.keys;
    this.key = o.key;
    this.logger = o.logger;
  }

  /** A provisioned door lock at T0 with a year-long phone key; `kit` is @keyrig/testkit. */
  static async create(options: { kit: TestKit; store?: LockStateStore }): Promise<FuzzLock> {
    const { kit } = options;
    const clock = new ManualClock(T0);
    const provider = await kit.makeProvider();
    const provisioning = await provisionLock(provider, 'door');
    // Only error lines are written (and kept): an error log is the lock catching a crash.
    const { logger, lines: errorLogs } = capturingLogger('error');
    const firmware = new LockFirmware({
      provisioning,
      clock,
      logger,
      store: options.store ?? new MemoryStateStore(),
      // A short lockout so both paths (locked out and not) are fuzzed; the harness waits it out.
      behaviour: { lockoutThreshold: 5, lockoutDurationMs: 1000 },
    });
    const keys = await loadLockKeys(provisioning);
    // Valid for a year: the run moves lock time forward (lockouts, timeouts).
    const key = await kit.issueKey(provider, [provisioning.lock_id], { notAfter: T0 + 365 * 86_400_000 });
    const lock = new FuzzLock({ clock, provider, provisioning, firmware, keys, key, logger });
    lock.stats.errorLogs = errorLogs;
    firmware.on('audit', (r: AuditRecord) => {
      const name = resultCodeName(r.resultCode) ?? `0x${r.resultCode.toString(16)}`;
      lock.stats.audited[name] = (lock.stats.audited[name] ?? 0) + 1;
    });
    return lock;
  }

  /** Door grants so far (no hostile input may ever add one). */
  grants(): number {
    return this.firmware.status().counters.grants;
  }

  /** Runs one case on a fresh connection; resolves when the lock is quiet again, the connection closed. */
  async runCase(c: FuzzCase): Promise<void> {
    this.stats.cases++;
    if (this.firmware.flags().lockout) this.clock.advance(1001);
    const grantsBefore = this.grants();
    const pending = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown> | void, what: string) => {
      if (!p) return;
      const t = p.then(
        () => undefined,
        (e: unknown) => this.#crash(`${what}: ${(e as Error)?.stack ?? String(e)}`, c),
      );
      pending.add(t);
      void t.finally(() => pending.delete(t));
    };
    const answers: Uint8Array[] = [];
    const live: { session?: FirmwareSession } = {};
    const connection: LockConnection = new LockConnection({
      id: `fuzz-${this.#nextConnection++}`,
      clock: this.firmware.rtc,
      logger: this.logger,
      faults: this.firmware.faults,
      maxMessageSize: 2048,
      mtu: () => c.mtu,
      acquireSlot: () => this.firmware.openSession(),
      createSession: (slot, send): ConnectionSession => {
        const s = new FirmwareSession({ firmware: this.firmware, keys: this.keys, slot, send, logger: this.logger });
        live.session = s;
        return {
          receive: (m) => track(s.receive(m), 'receive'),
          fragmentError: (e) => track(s.fragmentError(e), 'fragmentError'),
          poll: () => s.poll(),
          close: () => s.close(),
        };
      },
    });
    const write = (f: Uint8Array) => {
      this.stats.inputs++;
      try {
        connection.receiveFragment(f);
      } catch (e) {
        this.#crash(`receiveFragment threw: ${(e as Error).stack}`, c);
      }
    };
    // The genuine phone, and the hostile side's framing (next message ids, this MTU).
    const phoneSide = new FramedChannel({
      mtu: c.mtu,
      sendFragment: (f) => write(f),
      onMessage: (m) => {
        answers.push(m);
        track(phone.receive(m), 'phone receive');
      },
      onError: (e) => track(phone.fragmentError(e.message), 'phone fragmentError'),
      clock: this.clock,
    });
    // The genuine message the hostile steps alter is held back, not sent.
    let hold: { type: number; take: (m: Uint8Array) => void } | undefined;
    const phone = new PhoneSession({
      clock: this.clock,
      credential: this.key.credential,
      endpointKey: this.key.endpointKey,
      providerKeys: this.provider.keys,
      expectedLockId: this.provisioning.lock_id,
      send: (m) => {
        if (hold && m[0] === hold.type) {
          hold.take(m);
          hold = undefined;
          return;
        }
        return phoneSide.send(m);
      },
    });
    const onFragment = (f: Uint8Array) => phoneSide.receive(f);
    if (c.subscribed) connection.responses.subscribe(onFragment);
    const settle = () => this.#settle(pending, c);

    // The genuine prefix.
    let genuine: Uint8Array | undefined = c.prefix === 'none' ? GENUINE_HELLO : undefined;
    if (c.prefix === 'hello') {
      const phoneAuth = new Promise<Uint8Array>((take) => (hold = { type: MessageType.PHONE_AUTH, take }));
      if (!c.subscribed) connection.responses.subscribe(onFragment);
      const hs = phone.start();
      genuine = await Promise.race([phoneAuth, hs.then(() => undefined)]);
      if (!c.subscribed) connection.responses.unsubscribe();
      if (!genuine) this.stats.prefixRefused++;
    } else if (c.prefix === 'ready') {
      if (!c.subscribed) connection.responses.subscribe(onFragment);
      const hs: HandshakeOutcome = await phone.start();
      if (hs.ok) {
        const command = new Promise<Uint8Array>((take) => (hold = { type: MessageType.COMMAND, take }));
        void phone.unlock().catch(() => undefined);
        genuine = await command;
      } else {
        this.stats.prefixRefused++;
      }
      if (!c.subscribed) connection.responses.unsubscribe();
    }
    await settle();

    for (const [i, step] of c.steps.entries()) {
      const last = c.hangUp && i === c.steps.length - 1;
      // Hanging up: raw writes close the connection synchronously after the write, before the
      // lock's queued handling of it has run (what a link drop right after a write looks like).
      await this.#step(step, { write: last ? (f) => (write(f), connection.close()) : write, frame: (m) => phoneSide.send(m).catch(() => undefined), connection, genuine, mtu: c.mtu });
      if (last) connection.close();
      await settle();
    }
    for (const a of answers) this.stats.answers[a[0]!] = (this.stats.answers[a[0]!] ?? 0) + 1;
    if (!c.subscribed) this.stats.answers.queued = (this.stats.answers.queued ?? 0) + connection.responses.pending;

    // No genuine PHONE_AUTH or COMMAND ever reaches the lock: nothing may be granted or authenticated.
    if (this.grants() !== grantsBefore) this.#breach('hostile input was GRANTED', c);
    if (c.prefix !== 'ready' && live.session?.session.state === 'ready') this.#breach('hostile input completed a handshake', c);
    connection.close();
    phone.close();
    await settle();
    if (this.firmware.sessions.inUse !== 0) this.#crash(`session slot leaked after close (${this.firmware.sessions.inUse} in use)`, c);
  }

  async #step(
    s: Step,
    o: { write: (f: Uint8Array) => void; frame: (m: Uint8Array) => Promise<unknown>; connection: LockConnection; genuine: Uint8Array | undefined; mtu: number },
  ): Promise<void> {
    switch (s.kind) {
      case 'fragment':
        return o.write(s.bytes);
      case 'message':
        if (s.bytes.length > 2048) return void oversized(s.bytes, o.mtu).forEach(o.write);
        return void (await o.frame(s.bytes));
      case 'mutated':
        return void (await o.frame(mutate(o.genuine ?? GENUINE_HELLO, s.mutation)));
      case 'scrambled': {
        const fragments = oversized(s.bytes, o.mtu);
        for (const i of s.order) o.write(fragments[i % fragments.length]!);
        return;
      }
      case 'endless': {
        const cap = Math.min(o.mtu - 3, 512);
        o.write(Uint8Array.of(s.id, 0, s.total & 0xff, s.total >> 8, ...new Uint8Array(cap - 4).fill(0x41)));
        for (let i = 1; i <= s.count; i++) o.write(Uint8Array.of(s.id, i & 0xff, ...new Uint8Array(cap - 2).fill(0x42)));
        return;
      }
      case 'time':
        // The lock's housekeeping timer runs every 250 ms (LockPeripheral): let it see each stretch.
        for (let left = s.ms; left > 0; left -= 250) {
          this.clock.advance(Math.min(250, left));
          this.firmware.tick();
          o.connection.checkTimeout();
        }
        return;
    }
  }

  /** Waits until every message the lock and the phone received has been handled. */
  async #settle(pending: Set<Promise<unknown>>, c: FuzzCase): Promise<void> {
    const started = Date.now();
    for (let quiet = 0; quiet < 2; ) {
      await new Promise((r) => setImmediate(r));
      if (pending.size > 0) {
        quiet = 0;
        await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 50))]);
        if (Date.now() - started > HANG_MS) {
          this.stats.hangs++;
          this.failures.push({ error: `hang: ${pending.size} handlers still running after ${HANG_MS} ms`, fuzzCase: c });
          return;
        }
      } else {
        quiet++;
      }
    }
  }

  #breach(error: string, fuzzCase: FuzzCase): void {
    this.stats.breaches++;
    if (this.failures.length < 10) this.failures.push({ error, fuzzCase });
  }

  #crash(error: string, fuzzCase: FuzzCase): void {
    this.stats.crashes++;
    if (this.failures.length < 10) this.failures.push({ error, fuzzCase });
  }
}

/** Cuts any byte string into §3 fragments (also above the max message size, which Fragmenter refuses). */
export function oversized(message: Uint8Array, mtu: number): Uint8Array[] {
  const cap = Math.min(mtu - 3, 512);
  const total = Math.min(message.length, 0xffff);
  const out: Uint8Array[] = [Uint8Array.of(0, 0, total & 0xff, total >> 8, ...message.subarray(0, cap - 4))];
  for (let at = cap - 4, i = 1; at < message.length && i < 256; at += cap - 2, i++) out.push(Uint8Array.of(0, i, ...message.subarray(at, at + cap - 2)));
  return out;
}
