/**
 * Starting locks: the one entry point the CLI, the demo, the client tests and the scenarios use.
 * A lock = firmware model (persisted in `stateDir`) + protocol sessions + bleno peripheral on the
 * virtual air (in-process `air`, or an air server `airUrl`) or on a real adapter (`radio`).
 */
import type { Logger } from 'pino';
import type { Clock } from '@keyrig/protocol';
import { KeyrigError } from '@keyrig/protocol';
import type { Air, AirAttachment } from '../air/index.js';
import { installVirtualHci } from '../air/index.js';
import type { Position } from '../air/link/pathLoss.js';
import type { LockProvisioning } from '../property/provisioning.js';
import { LockPeripheral } from './ble/LockPeripheral.js';
import { describeRadio, type LockRadio } from './ble/lockRadio.js';
import { FaultSet, type FaultOptions } from './faults.js';
import type { LockBehaviourInput } from './lockBehaviour.js';
import { LockFirmware, type LockStatusReport } from './LockFirmware.js';
import { resolveMcu, type McuCharging, type McuOption } from './mcuCrypto.js';
import { FirmwareSession } from './session/FirmwareSession.js';
import { loadLockKeys } from './session/lockKeys.js';
import { FileStateStore, MemoryStateStore, type LockStateStore } from './stateStore.js';

export interface StartLockOptions {
  readonly provisioning: LockProvisioning;
  /** True time of the simulation (the lock RTC derives from it). */
  readonly clock: Clock;
  readonly logger: Logger;
  /** In-process virtual air: the lock attaches a controller named `lock-<name>`. */
  readonly air?: Air;
  /** Position on the air (metres). */
  readonly position?: Position;
  /** An air server ("tcp://host:port" or "unix:/path") instead of an in-process air. */
  readonly airUrl?: string;
  /** A real adapter (or an explicit virtual driver); exclusive with `air` / `airUrl`. */
  readonly radio?: LockRadio;
  /** Where the lock persists its state (file `lock-<lockId>.json`); memory when omitted. */
  readonly stateDir?: string;
  /** A custom state store (overrides `stateDir`). */
  readonly store?: LockStateStore;
  /** Fault profiles: names, or options with rate and seed, or a ready FaultSet. */
  readonly faults?: FaultSet | FaultOptions | readonly string[];
  readonly behaviour?: LockBehaviourInput;
  /** Caps the ATT MTU the lock accepts (23 emulates a minimal stack). */
  readonly maxMtu?: number;
  /**
   * Local name in the advertisement (PROTOCOL.md §1.1); default: the lock's name from its
   * provisioning ("Room 101"), so a browser's device chooser lists names. '' advertises none.
   */
  readonly localName?: string;
  /** How long to wait for the radio to power on (ms, default 15000). */
  readonly powerOnTimeoutMs?: number;
  /** §11 timings for the protocol session (ms). */
  readonly handshakeDeadlineMs?: number;
  readonly idleTimeoutMs?: number;
  /**
   * The MCU whose public-key crypto time the lock charges to its simulated clock before each
   * reply (docs/LOCK.md "MCU crypto time"): 'nrf52840' (default), 'none', or explicit figures.
   * Only on an in-process `air` with modeled timing; fast mode, `airUrl` and `radio` never charge.
   */
  readonly mcu?: McuOption;
}

export interface RunningLock {
  readonly lockId: string;
  readonly name: string;
  readonly type: LockProvisioning['lock_type'];
  readonly firmware: LockFirmware;
  /** "virtual:<controller>", "air:<url>", "hci0", "uart:/dev/ttyACM0". */
  readonly radio: string;
  /** BD_ADDR: from the in-process air, else as bleno read it from the controller (air server, hci, uart); undefined until known. */
  readonly address: string | undefined;
  status(): LockStatusReport;
  /** Stops advertising, drops connections, detaches from the air. State stays on disk. */
  close(): Promise<void>;
}

function toFaultSet(f: StartLockOptions['faults']): FaultSet {
  if (f === undefined) return FaultSet.none();
  if (f instanceof FaultSet) return f;
  if (Array.isArray(f)) return new FaultSet({ names: f as readonly string[] });
  return new FaultSet(f as FaultOptions);
}

/** Starts one lock and resolves once it advertises. */
export async function startLock(o: StartLockOptions): Promise<RunningLock> {
  const places = [o.air, o.airUrl, o.radio].filter((x) => x !== undefined).length;
  if (places !== 1) throw new KeyrigError('config', 'startLock needs exactly one of air, airUrl or radio');
  const p = o.provisioning;
  const log = o.logger.child({ component: 'lock', lockId: p.lock_id, lock: p.lock_name });
  const mcuProfile = resolveMcu(o.mcu);
  const keys = await loadLockKeys(p);
  const firmware = new LockFirmware({
    provisioning: p,
    clock: o.clock,
    logger: log,
    store: o.store ?? (o.stateDir !== undefined ? new FileStateStore(o.stateDir, p.lock_id) : new MemoryStateStore()),
    faults: toFaultSet(o.faults),
    ...(o.behaviour ? { behaviour: o.behaviour } : {}),
  });
  // First provisioning: verify and install the blocklist the file carries (PROTOCOL.md §9).
  await firmware.installProvisionedBlocklist(keys.providerKeys);
  const controllerName = `lock-${p.lock_id}`;
  let attachment: AirAttachment | undefined;
  let radio: LockRadio;
  let mcu: McuCharging | undefined;
  if (o.air) {
    attachment = o.air.attach({ name: controllerName, ...(o.position ? { position: o.position } : {}) });
    radio = { kind: 'virtual', hciDriver: attachment.bindings.hciDriver, bindParams: attachment.bindings.bindParams };
    if (mcuProfile && o.air.profile) {
      const at = attachment;
      mcu = { profile: mcuProfile, now: () => at.simTime(), holdUntil: (t) => at.holdUntil(t) };
    }
  } else if (o.airUrl !== undefined) {
    installVirtualHci();
    radio = { kind: 'virtual', hciDriver: 'virtual', bindParams: { virtual: { connect: o.airUrl, name: controllerName, ...(o.position ? { position: o.position } : {}) } } };
  } else {
    radio = o.radio!;
  }
  const peripheral = new LockPeripheral({
    firmware,
    radio,
    clock: firmware.rtc,
    logger: log,
    securityRevision: keys.securityRevision,
    ...(o.maxMtu !== undefined ? { maxMtu: o.maxMtu } : {}),
    localName: o.localName ?? p.lock_name,
    ...(o.powerOnTimeoutMs !== undefined ? { powerOnTimeoutMs: o.powerOnTimeoutMs } : {}),
    ...(mcu ? { simTime: mcu.now } : {}),
    createSession: (slot, send, connectionId) =>
      new FirmwareSession({
        firmware,
        keys,
        slot,
        send,
        logger: log.child({ connection: connectionId }),
        ...(o.handshakeDeadlineMs !== undefined ? { handshakeDeadlineMs: o.handshakeDeadlineMs } : {}),
        ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
        ...(mcu ? { mcu } : {}),
      }),
  });
  try {
    await peripheral.start();
  } catch (err) {
    await peripheral.stop().catch(() => undefined);
    attachment?.detach();
    throw new KeyrigError('io', `lock ${p.lock_name} could not start on ${describeRadio(radio)}: ${(err as Error).message}`, { cause: err });
  }
  let closed = false;
  return {
    lockId: p.lock_id,
    name: p.lock_name,
    type: p.lock_type,
    firmware,
    radio: o.air ? `virtual:${controllerName}` : o.airUrl !== undefined ? `air:${o.airUrl}` : describeRadio(radio),
    // On an in-process air the attachment knows it; elsewhere (air server, --hci, --uart) bleno
    // read it from the controller (BD_ADDR) while starting (issue #18).
    get address() {
      if (attachment) return attachment.address;
      const a = peripheral.bleno?.address;
      return a && a !== 'unknown' ? a.toLowerCase() : undefined;
    },
    status: () => firmware.status(),
    close: async () => {
      if (closed) return;
      closed = true;
      await peripheral.stop();
      attachment?.detach();
      log.info('lock stopped');
    },
  };
}

/** Starts several locks (a property); if one fails, the started ones are closed. */
export async function startLocks(
  provisionings: readonly LockProvisioning[],
  common: Omit<StartLockOptions, 'provisioning' | 'position'> & { readonly positions?: Readonly<Record<string, Position>> },
): Promise<RunningLock[]> {
  const started: RunningLock[] = [];
  try {
    for (const provisioning of provisionings) {
      const position = common.positions?.[provisioning.lock_id];
      started.push(await startLock({ ...common, provisioning, ...(position ? { position } : {}) }));
    }
  } catch (err) {
    await Promise.all(started.map((l) => l.close()));
    throw err;
  }
  return started;
}
