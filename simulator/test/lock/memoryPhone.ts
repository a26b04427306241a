/**
 * A phone wired to a lock without BLE: PhoneSession <-> FramedChannel <-> LockConnection (the
 * same connection object the bleno adapter uses), to test the session glue and faults fast.
 */
import { FramedChannel, PhoneSession, type Clock, type HandshakeOutcome, type ProviderKeys } from '@keyrig/protocol';
import { LockConnection } from '../../src/lock/ble/LockConnection.js';
import type { LockFirmware } from '../../src/lock/LockFirmware.js';
import { FirmwareSession } from '../../src/lock/session/FirmwareSession.js';
import type { LockKeys } from '../../src/lock/session/lockKeys.js';
import type { McuCharging } from '../../src/lock/mcuCrypto.js';
import { silentLogger } from './fixtures.js';
import type { PhoneKey } from './world.js';

let nextId = 1;

export interface MemoryPhone {
  readonly phone: PhoneSession;
  readonly connection: LockConnection;
  readonly handshake: Promise<HandshakeOutcome>;
  /** Every message the phone sent, in order (for replay tests). */
  readonly sent: Uint8Array[];
  /** Re-sends a message the phone sent before, as an attacker on the link would. */
  inject(message: Uint8Array): Promise<void>;
}

export function connectMemoryPhone(o: {
  firmware: LockFirmware;
  keys: LockKeys;
  key: PhoneKey;
  providerKeys: ProviderKeys;
  clock: Clock;
  mtu?: number;
  blocklist?: Uint8Array;
  timeSync?: Uint8Array;
  /** MCU crypto charging, as startLock wires it on a modeled air (`now` stamps each arrival). */
  mcu?: McuCharging;
}): MemoryPhone {
  const mtu = o.mtu ?? 185;
  const sent: Uint8Array[] = [];
  let connection!: LockConnection;
  const phoneChannel = new FramedChannel({
    mtu,
    sendFragment: (f) => connection.receiveFragment(f),
    onMessage: (m) => void phone.receive(m),
    onError: (e) => void phone.fragmentError(e.message),
  });
  connection = new LockConnection({
    id: `mem-${nextId++}`,
    clock: o.clock,
    logger: silentLogger,
    faults: o.firmware.faults,
    maxMessageSize: 2048,
    mtu: () => mtu,
    acquireSlot: () => o.firmware.openSession(),
    ...(o.mcu ? { simTime: o.mcu.now } : {}),
    createSession: (slot, send) => new FirmwareSession({ firmware: o.firmware, keys: o.keys, slot, send, logger: silentLogger, ...(o.mcu ? { mcu: o.mcu } : {}) }),
  });
  connection.responses.subscribe((f) => phoneChannel.receive(f));
  const phone = new PhoneSession({
    clock: o.clock,
    credential: o.key.credential,
    endpointKey: o.key.endpointKey,
    providerKeys: o.providerKeys,
    expectedLockId: o.firmware.lockId,
    send: (m) => {
      sent.push(m.slice());
      return phoneChannel.send(m);
    },
    ...(o.blocklist ? { blocklist: o.blocklist } : {}),
    ...(o.timeSync ? { timeSync: o.timeSync } : {}),
  });
  return { phone, connection, handshake: phone.start(), sent, inject: (m) => phoneChannel.send(m) };
}
