/**
 * The advertising channels (Vol 6 Part B §4.4): which scanner hears which advertiser, when, at
 * what RSSI, and connection establishment (CONNECT_IND) from a pending LE Create Connection.
 *
 * Event k of an advertiser happens at startedAt + k·interval + delay_k (delay_k in 0–10 ms from the
 * seeded RNG). A scanner hears the first event after it (or the advertiser) started at once, then
 * one event per advertising interval of wall time, so a scanning host is never flooded.
 */
import { AdvReportType, LeSub, Status } from '../hci/constants.js';
import { leAdvertisingReport, leConnectionComplete } from '../hci/leEvents.js';
import type { VirtualController } from '../controller/VirtualController.js';
import type { ScanDutyCycle } from '../controller/types.js';
import type { AirCore } from './AirCore.js';
import { LinkConnection } from './LinkConnection.js';
import { ADV_DELAY_MAX_MS, pduAirtimeMs } from './timing.js';

interface Stream {
  readonly scanner: VirtualController;
  readonly advertiser: VirtualController;
  readonly scanStartedAt: number;
  readonly generation: number;
  k: number;
  timer: NodeJS.Timeout | undefined;
}

/** Advertising_Type (§7.8.5) -> report Event_Type (§7.7.65.2). */
const REPORT_TYPE = [AdvReportType.ADV_IND, AdvReportType.ADV_DIRECT_IND, AdvReportType.ADV_SCAN_IND, AdvReportType.ADV_NONCONN_IND, AdvReportType.ADV_DIRECT_IND];
const connectable = (type: number): boolean => type === 0 || type === 1 || type === 4;
const scannable = (type: number): boolean => type === 0 || type === 2;
/** Smallest wall-clock gap between repeated advertising events heard by one scanner. */
const MIN_REPEAT_MS = 20;

export class AdvertisingChannel {
  readonly #streams = new Map<string, Stream>();

  constructor(private readonly core: AirCore) {}

  /** Effective advertising interval of a controller (the profile may impose one). */
  intervalOf(a: VirtualController): number {
    return this.core.profile?.advertisingIntervalMs ?? a.advertising.intervalMs;
  }

  /** Air time of advertising event k. */
  eventTime(a: VirtualController, k: number): number {
    const delay = this.core.rng.unit('adv-delay', a.name, a.advertising.generation, k) * ADV_DELAY_MAX_MS;
    return a.advertising.startedAt + k * this.intervalOf(a) + delay;
  }

  /** First event index whose time is at or after t. */
  firstEventAfter(a: VirtualController, t: number): number {
    const interval = this.intervalOf(a);
    let k = Math.max(0, Math.floor((t - a.advertising.startedAt) / interval) - 1);
    while (this.eventTime(a, k) < t) k++;
    return k;
  }

  /**
   * First event index ≥ kFrom whose advertising PDU falls inside one of the scanner's windows
   * (windows start at scanStart + j·interval). Bounded search; a window ≥ the interval hears all.
   */
  nextHeardEvent(a: VirtualController, kFrom: number, scanStart: number, duty: ScanDutyCycle): number {
    if (!this.core.modeled || duty.windowMs >= duty.intervalMs) return kFrom;
    for (let k = kFrom; k < kFrom + 10_000; k++) {
      const since = this.eventTime(a, k) - scanStart;
      if (since >= 0 && since % duty.intervalMs < duty.windowMs) return k;
    }
    return kFrom;
  }

  /** Re-evaluates who hears whom; call after any advertising, scanning, position or fault change. */
  refresh(): void {
    const wanted = new Set<string>();
    for (const s of this.core.controllers.values()) {
      if (!s.scanning.enabled || s.closed) continue;
      for (const a of this.core.controllers.values()) {
        if (a === s || !a.advertising.enabled || a.closed || !this.core.inRange(s, a)) continue;
        const key = `${s.name}\u0000${a.name}`;
        wanted.add(key);
        const existing = this.#streams.get(key);
        if (existing && existing.scanStartedAt === s.scanning.startedAt && existing.generation === a.advertising.generation) continue;
        if (existing) this.core.timers.cancel(existing.timer);
        const stream: Stream = {
          scanner: s,
          advertiser: a,
          scanStartedAt: s.scanning.startedAt,
          generation: a.advertising.generation,
          k: this.firstEventAfter(a, Math.max(s.scanning.startedAt, a.advertising.startedAt)),
          timer: undefined,
        };
        this.#streams.set(key, stream);
        this.#hear(stream);
      }
    }
    for (const [key, stream] of this.#streams) {
      if (!wanted.has(key)) {
        this.core.timers.cancel(stream.timer);
        this.#streams.delete(key);
      }
    }
    this.tryConnections();
  }

  #hear(stream: Stream): void {
    const { scanner: s, advertiser: a } = stream;
    const k = this.nextHeardEvent(a, stream.k, s.scanning.startedAt, s.scanning);
    stream.k = k + 1;
    this.#deliverEvent(s, a, k);
    stream.timer = this.core.timers.after(Math.max(MIN_REPEAT_MS, this.intervalOf(a)), () => {
      stream.timer = undefined;
      if (this.#streams.get(`${s.name}\u0000${a.name}`) === stream) this.#hear(stream);
    });
  }

  #deliverEvent(s: VirtualController, a: VirtualController, k: number): void {
    const faults = this.core.faults(s, a);
    const gen = a.advertising.generation;
    if (faults.blackout || this.core.rng.unit('adv-drop', s.name, a.name, gen, k) < (faults.dropRate ?? 0)) {
      this.core.stats.advertisingEventsLost++;
      return;
    }
    if (!s.leEventEnabled(LeSub.ADVERTISING_REPORT)) return;
    const { address, type: addrType } = a.ownAddress;
    const advType = a.advertising.type;
    const t0 = this.eventTime(a, k);
    const tAdv = t0 + pduAirtimeMs(6 + a.advertising.data.length);
    const delay = faults.delayMs ?? 0;
    const out: [Buffer, number][] = [];
    const report = (eventType: number, data: Buffer, t: number): boolean => {
      const dupKey = `${a.name}|${eventType}|${data.toString('hex')}`;
      if (s.scanning.filterDuplicates && s.scanning.seen.has(dupKey)) return false;
      s.scanning.seen.add(dupKey);
      const rssi = this.core.sampleRssi(s, a, 'adv', gen, k, eventType);
      out.push([leAdvertisingReport(eventType, addrType, address, data, rssi), this.core.stamp(t + delay)]);
      return true;
    };
    if (report(REPORT_TYPE[advType] ?? AdvReportType.ADV_IND, a.advertising.data, tAdv)) this.core.stats.advertisingReports++;
    if (s.scanning.active && scannable(advType)) {
      // SCAN_REQ (12 octets) then SCAN_RSP, each after T_IFS (Vol 6 Part B §4.4.3.2).
      const tRsp = tAdv + pduAirtimeMs(12) + pduAirtimeMs(6 + a.advertising.scanResponse.length);
      if (report(AdvReportType.SCAN_RSP, a.advertising.scanResponse, tRsp)) this.core.stats.scanResponses++;
    }
    if (out.length === 0) return;
    this.core.timers.maybeAfter(delay, () => {
      for (const [packet, t] of out) if (s.scanning.enabled) s.send(packet, t);
    });
  }

  /** Connects every initiator whose target is advertising connectably and in range. */
  tryConnections(): void {
    for (const c of this.core.controllers.values()) {
      const pending = c.pendingConnection;
      if (!pending || c.closed) continue;
      for (const a of this.core.controllers.values()) {
        if (a === c || a.closed || !a.advertising.enabled || !connectable(a.advertising.type)) continue;
        if (a.ownAddress.address.equals(Buffer.alloc(6)) || addressOf(a) !== pending.peerAddress.toLowerCase()) continue;
        if (!this.core.inRange(c, a) || this.core.faults(c, a).blackout) continue;
        this.#establish(c, a);
        break;
      }
    }
  }

  #establish(c: VirtualController, a: VirtualController): void {
    const pending = c.pendingConnection!;
    c.pendingConnection = undefined;
    const faults = this.core.faults(c, a);
    // CONNECT_IND goes out right after the first advertising event heard; a lost one waits for the next.
    let k = this.nextHeardEvent(a, this.firstEventAfter(a, Math.max(pending.at, a.advertising.startedAt)), pending.at, pending.scan);
    for (let tries = 0; this.core.rng.unit('connect-ind', c.name, a.name, a.advertising.generation, k) < (faults.dropRate ?? 0) && tries < 10_000; tries++) {
      k = this.nextHeardEvent(a, k + 1, pending.at, pending.scan);
    }
    const tConnectInd = this.eventTime(a, k) + pduAirtimeMs(6 + a.advertising.data.length);
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
    this.refresh();
  }

  /** LE Create Connection Cancel (§7.8.13): the pending attempt ends with status 0x02. */
  cancel(c: VirtualController, t: number): void {
    const pending = c.pendingConnection;
    if (!pending) return;
    c.pendingConnection = undefined;
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

  stopAll(): void {
    for (const s of this.#streams.values()) this.core.timers.cancel(s.timer);
    this.#streams.clear();
  }
}

function addressOf(a: VirtualController): string {
  return Array.from(a.ownAddress.address)
    .reverse()
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');
}
