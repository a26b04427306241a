/**
 * Connection establishment (Vol 6 Part B §4.5): a pending LE Create Connection (Vol 4 Part E
 * §7.8.12) connects on the target's first connectable advertising event inside the initiator's
 * scan windows, CONNECT_IND follows that event, and both hosts get LE Connection Complete; LE
 * Create Connection Cancel (§7.8.13) ends a pending attempt.
 */
import { LeSub, Status } from '../hci/constants.js';
import { leConnectionComplete } from '../hci/leEvents.js';
import { addressToBytes } from '../hci/packets.js';
import type { VirtualController } from '../controller/VirtualController.js';
import type { PendingConnection } from '../controller/types.js';
import type { AirCore } from './AirCore.js';
import { connectable, type AdvertisingEvents } from './AdvertisingEvents.js';
import { LinkConnection } from './LinkConnection.js';
import { pduAirtimeMs } from './timing.js';

const NO_ADDRESS = Buffer.alloc(6);

export class ConnectionSetup {
  /** Controllers with an LE Create Connection pending. */
  readonly #initiators = new Set<VirtualController>();
  readonly #targets = new WeakMap<PendingConnection, Buffer>();

  constructor(
    private readonly core: AirCore,
    private readonly events: AdvertisingEvents,
    /** The controllers advertising now. */
    private readonly advertisers: () => Iterable<VirtualController>,
    /** A connection was made: the advertiser stopped advertising (its column of listeners changes). */
    private readonly onAccepted: (a: VirtualController) => void,
  ) {}

  /** LE Create Connection from c (§7.8.12): connects at once if the target is heard, else waits for it. */
  initiate(c: VirtualController): void {
    this.#initiators.add(c);
    for (const a of this.advertisers()) if (this.#tryConnect(c, a)) return;
  }

  /** Connects every initiator whose target is advertising connectably and in range. */
  tryConnections(): void {
    for (const c of this.#initiators) {
      for (const a of this.advertisers()) if (this.#tryConnect(c, a)) break;
    }
  }

  /** Establishes c → a if a is c's pending target, connectable, in range and not blacked out. */
  #tryConnect(c: VirtualController, a: VirtualController): boolean {
    const pending = c.pendingConnection;
    if (!pending || c.closed) {
      this.#initiators.delete(c);
      return false;
    }
    if (a === c || a.closed || !a.advertising.enabled || !connectable(a.advertising.type)) return false;
    const address = a.ownAddress.address;
    if (address.equals(NO_ADDRESS) || !address.equals(this.#targetOf(pending))) return false;
    if (!this.core.inRange(c, a) || this.core.faults(c, a).blackout) return false;
    this.#establish(c, a);
    return true;
  }

  /** The peer address of a pending connection as the 6 bytes advertisers carry, parsed once. */
  #targetOf(pending: PendingConnection): Buffer {
    let target = this.#targets.get(pending);
    if (target === undefined) {
      target = addressToBytes(pending.peerAddress);
      this.#targets.set(pending, target);
    }
    return target;
  }

  #establish(c: VirtualController, a: VirtualController): void {
    const pending = c.pendingConnection!;
    c.pendingConnection = undefined;
    this.#initiators.delete(c);
    const faults = this.core.faults(c, a);
    // CONNECT_IND goes out right after the first advertising event heard; a lost one waits for the next.
    let k = this.events.nextHeardEvent(a, this.events.firstEventAfter(a, Math.max(pending.at, a.advertising.startedAt)), pending.at, pending.scan);
    for (let tries = 0; this.core.rng.unit('connect-ind', c.name, a.name, a.advertising.generation, k) < (faults.dropRate ?? 0) && tries < 10_000; tries++) {
      k = this.events.nextHeardEvent(a, k + 1, pending.at, pending.scan);
    }
    const tConnectInd = this.events.eventTime(a, k) + pduAirtimeMs(6 + a.advertising.data.length);
    const tEstablished = tConnectInd + pduAirtimeMs(34);
    // First connection event: transmitWindowDelay 1.25 ms + transmitWindowOffset (Vol 6 Part B §4.5.3).
    const anchor = tEstablished + 1.25 + 1.25;
    const intervalMs = this.core.profile?.connectionIntervalMs ?? pending.minIntervalMs;
    const conn = new LinkConnection(
      this.core.nextConnectionId(),
      c,
      c.allocateHandle(),
      a,
      a.allocateHandle(),
      intervalMs,
      pending.latency,
      pending.supervisionTimeoutMs,
      anchor,
    );
    c.connections.set(conn.centralHandle, conn);
    a.connections.set(conn.peripheralHandle, conn);
    this.core.connections.add(conn);
    this.core.stats.connections++;
    // A legacy advertiser stops advertising when it accepts a connection (Vol 6 Part B §4.4.2).
    a.advertising.enabled = false;
    this.core.logger?.debug({ conn: conn.toString(), intervalMs, t: tEstablished }, 'connection established');
    const t = this.core.stamp(tEstablished);
    const fields = { status: Status.SUCCESS, latency: conn.latency, intervalMs, supervisionTimeoutMs: conn.supervisionTimeoutMs };
    const centralAddr = c.ownAddress;
    const toPeripheral = leConnectionComplete({ ...fields, handle: conn.peripheralHandle, role: 1, peerAddressType: centralAddr.type, peerAddress: centralAddr.address });
    const toCentral = leConnectionComplete({ ...fields, handle: conn.centralHandle, role: 0, peerAddressType: a.ownAddress.type, peerAddress: a.ownAddress.address });
    this.core.timers.maybeAfter(faults.delayMs ?? 0, () => {
      if (a.leEventEnabled(LeSub.CONNECTION_COMPLETE)) a.send(toPeripheral, t);
      if (c.leEventEnabled(LeSub.CONNECTION_COMPLETE)) c.send(toCentral, t);
    });
    this.onAccepted(a);
  }

  /** LE Create Connection Cancel (§7.8.13): the pending attempt ends with status 0x02. */
  cancel(c: VirtualController, t: number): void {
    const pending = c.pendingConnection;
    if (!pending) return;
    c.pendingConnection = undefined;
    this.#initiators.delete(c);
    const peer = Buffer.from(pending.peerAddress.split(':').reverse().join(''), 'hex');
    const ev = leConnectionComplete({
      status: Status.UNKNOWN_CONNECTION_ID,
      handle: 0,
      role: 0,
      peerAddressType: pending.peerAddressType,
      peerAddress: peer,
      intervalMs: 0,
      latency: 0,
      supervisionTimeoutMs: 0,
    });
    c.send(ev, this.core.stamp(t + 2 * (this.core.profile?.commandLatencyMs ?? 0)));
  }

  /** A connectable advertiser appeared: the first initiator waiting for it connects. */
  advertiserAvailable(a: VirtualController): void {
    for (const c of this.#initiators) if (this.#tryConnect(c, a)) return;
  }

  /** c was reset or removed: it no longer initiates unless a connection is still pending. */
  controllerChanged(c: VirtualController): void {
    if (c.closed || !c.pendingConnection) this.#initiators.delete(c);
  }

  stopAll(): void {
    this.#initiators.clear();
  }
}
