/**
 * The advertising channels (Vol 6 Part B §4.4): which scanner hears which advertiser, when and at
 * what RSSI (event times: AdvertisingEvents; connection establishment: ConnectionSetup).
 *
 * Event k of an advertiser happens at startedAt + k·interval + delay_k (delay_k in 0–10 ms from the
 * seeded RNG). A scanner hears the first event after it (or the advertiser) started at once, then
 * one event per advertising interval of wall time, so a scanning host is never flooded.
 *
 * Bookkeeping is incremental. Each scanning controller has a listener holding one stream per
 * advertiser in range; a change of one scanner rebuilds its row, a change of one advertiser its
 * column, a move both. One wall-clock timer per listener serves all its streams.
 *
 * An event heard waits in its stream until its reports go to the scanner's controller, one report
 * at a time, earliest air time first across the listener's streams: the next when the controller
 * delivers the previous to its host (seen through a packet tap). So the controller's time-ordered
 * queue holds one report per scan instead of a backlog, a report is built (RSSI draw, packet) only
 * when it is handed over, and when the host stops scanning (LE Set Scan Enable, §7.8.11) the
 * events not yet reported are dropped rather than delivered after it — at most the one report
 * already handed over still arrives.
 */
import { AdvReportType, LeSub } from '../hci/constants.js';
import { leAdvertisingReport } from '../hci/leEvents.js';
import type { VirtualController } from '../controller/VirtualController.js';
import type { AirCore } from './AirCore.js';
import { connectable, scannable, type AdvertisingEvents } from './AdvertisingEvents.js';
import { DueHeap } from './DueHeap.js';
import { sampleRssi } from './pathLoss.js';
import { hashString } from './rng.js';
import { pduAirtimeMs } from './timing.js';

/** One advertiser as one scanner hears it. */
interface Stream {
  readonly advertiser: VirtualController;
  /** The advertiser's generation this stream follows (a restart makes a new stream). */
  readonly generation: number;
  /** Next event index to consider. */
  k: number;
  /** Mean power at the scanner, dBm; refreshed whenever either end moves. */
  meanRssi: number;
  live: boolean;
  /** Events heard and not yet reported in full. */
  backlog: number;
  /** The event being reported (its index and its advertising PDU's air time), while one is waiting. */
  event: number;
  tAdv: number;
  waiting: boolean;
  /** Duplicate filter memo: the data buffers this stream last found already reported. */
  seenAdv: Buffer | undefined;
  seenRsp: Buffer | undefined;
}

/**
 * Streams of one listener that started together and repeat at the same interval: they hear their
 * events at the same wall times, so one heap entry serves them all.
 */
interface Cohort {
  /** Wall time (Timers.now) at which the streams hear their next event. */
  due: number;
  readonly seq: number;
  readonly every: number;
  readonly streams: Stream[];
}

/** A stream's next report, waiting for the scanner's controller; due = its air time. */
interface Waiting {
  readonly due: number;
  readonly seq: number;
  readonly stream: Stream;
  readonly scanResponse: boolean;
}

/** A scanning controller during one scan (from LE Set Scan Enable to disable). */
interface Listener {
  readonly scanner: VirtualController;
  readonly scanStartedAt: number;
  readonly streams: Map<VirtualController, Stream>;
  /** Cohorts of streams by the wall time their next event is due. */
  readonly cohorts: DueHeap<Cohort>;
  timer: NodeJS.Timeout | undefined;
  timerDue: number;
  /** Each stream's next report, by air time. */
  readonly waiting: DueHeap<Waiting>;
  /** Air time of the report handed over and not yet delivered, or undefined. */
  handed: number | undefined;
  readonly untap: () => void;
}

/** An advertising report ready for the RSSI (its last octet), per advertiser, event type and data. */
interface ReportTemplate {
  readonly eventType: number;
  readonly data: Buffer;
  readonly address: Buffer;
  readonly addressType: number;
  readonly packet: Buffer;
}

/** Advertising_Type (§7.8.5) -> report Event_Type (§7.7.65.2). */
const REPORT_TYPE = [AdvReportType.ADV_IND, AdvReportType.ADV_DIRECT_IND, AdvReportType.ADV_SCAN_IND, AdvReportType.ADV_NONCONN_IND, AdvReportType.ADV_DIRECT_IND];
/** Smallest wall-clock gap between repeated advertising events heard by one scanner. */
const MIN_REPEAT_MS = 20;
/** A listener's timer also serves streams due this much later (wall ms), so they share a batch. */
const BATCH_MS = 4;
/** Event code of LE Meta (Vol 4 Part E §7.7.65), which carries advertising reports. */
const LE_META = 0x3e;

/**
 * RNG keys. SeededRandom hashes a string key to hashString(key) and takes a number below 2^32 as
 * it is, so passing the hash gives the same draw without hashing the same names on every event.
 */
const K_ADV_DROP = hashString('adv-drop');
const K_RSSI = hashString('rssi');
const K_ADV = hashString('adv');

export class AdvertisingChannel {
  readonly #listeners = new Map<VirtualController, Listener>();
  /** Controllers advertising now (any type). */
  readonly #advertisers = new Set<VirtualController>();
  readonly #templates = new WeakMap<VirtualController, ReportTemplate[]>();
  /** Order of creation, for streams and reports due at the same time. */
  #seq = 0;

  constructor(
    private readonly core: AirCore,
    private readonly events: AdvertisingEvents,
    /** Called when a connectable advertiser appears (a pending LE Create Connection may go ahead). */
    private readonly onConnectable: (a: VirtualController) => void,
  ) {}

  /** Controllers advertising now. */
  get advertisers(): ReadonlySet<VirtualController> {
    return this.#advertisers;
  }

  // ---- who hears whom ------------------------------------------------------------------------

  /** LE Set Scan Enable on s (§7.8.11): a new scan gets a new listener hearing every advertiser in range. */
  scanningChanged(s: VirtualController): void {
    const current = this.#listeners.get(s);
    if (s.scanning.enabled && !s.closed) {
      if (current?.scanStartedAt === s.scanning.startedAt) return; // only Filter_Duplicates changed: read live
      if (current) this.#stopListening(current);
      const l: Listener = {
        scanner: s,
        scanStartedAt: s.scanning.startedAt,
        streams: new Map(),
        cohorts: new DueHeap(),
        timer: undefined,
        timerDue: Infinity,
        waiting: new DueHeap(),
        handed: undefined,
        untap: s.tap((_packet, fromHost, t) => {
          // The controller delivered a packet at or past the report handed over: hand the next.
          if (!fromHost && l.handed !== undefined && t >= l.handed) this.#handOver(l);
        }),
      };
      this.#listeners.set(s, l);
      const fresh: Stream[] = [];
      for (const a of this.#advertisers) this.#reconcile(l, a, fresh);
      this.#hearNow(l, fresh);
    } else if (current) {
      this.#stopListening(current);
    }
  }

  /** LE Set Advertising Enable / Data / Scan Response Data on a: its column of streams. */
  advertisingChanged(a: VirtualController): void {
    if (a.advertising.enabled && !a.closed) this.#advertisers.add(a);
    else this.#advertisers.delete(a);
    for (const l of this.#listeners.values()) {
      const fresh: Stream[] = [];
      this.#reconcile(l, a, fresh);
      this.#hearNow(l, fresh);
    }
    if (this.#advertisers.has(a) && connectable(a.advertising.type)) this.onConnectable(a);
  }

  /** c moved: its row and column. */
  moved(c: VirtualController): void {
    const row = this.#listeners.get(c);
    if (row) {
      const fresh: Stream[] = [];
      for (const a of this.#advertisers) this.#reconcile(row, a, fresh);
      this.#hearNow(row, fresh);
    }
    this.advertisingChanged(c);
  }

  /** c was reset or removed: whatever it scanned or advertised is re-read. */
  controllerChanged(c: VirtualController): void {
    this.scanningChanged(c);
    this.advertisingChanged(c);
  }

  /** Makes the stream (l.scanner, a) exist exactly when a advertises in range; new ones go to fresh. */
  #reconcile(l: Listener, a: VirtualController, fresh: Stream[]): void {
    const s = l.scanner;
    const existing = l.streams.get(a);
    const mean = a !== s && this.#advertisers.has(a) ? this.core.heardAt(s, a) : undefined;
    if (existing && (mean === undefined || existing.generation !== a.advertising.generation)) {
      existing.live = false;
      l.streams.delete(a);
    } else if (existing && mean !== undefined) {
      existing.meanRssi = mean;
      return;
    }
    if (mean === undefined) return;
    const stream: Stream = {
      advertiser: a,
      generation: a.advertising.generation,
      k: this.events.firstEventAfter(a, Math.max(l.scanStartedAt, a.advertising.startedAt)),
      meanRssi: mean,
      live: true,
      backlog: 0,
      event: 0,
      tAdv: 0,
      waiting: false,
      seenAdv: undefined,
      seenRsp: undefined,
    };
    l.streams.set(a, stream);
    fresh.push(stream);
  }

  #stopListening(l: Listener): void {
    this.core.timers.cancel(l.timer);
    l.timer = undefined;
    l.untap();
    for (const stream of l.streams.values()) stream.live = false;
    l.streams.clear();
    if (this.#listeners.get(l.scanner) === l) this.#listeners.delete(l.scanner);
  }

  // ---- hearing -------------------------------------------------------------------------------

  /** New streams hear their first event at once, then repeat in cohorts (one per interval). */
  #hearNow(l: Listener, fresh: Stream[]): void {
    if (fresh.length === 0) return;
    const now = this.core.timers.now();
    const cohorts = new Map<number, Cohort>();
    for (const stream of fresh) {
      this.#hear(l, stream);
      const every = this.#repeatMs(stream.advertiser);
      let cohort = cohorts.get(every);
      if (cohort === undefined) {
        cohort = { due: now + every, seq: this.#seq++, every, streams: [] };
        cohorts.set(every, cohort);
        l.cohorts.push(cohort);
      }
      cohort.streams.push(stream);
    }
    if (l.handed === undefined || !l.scanner.hostConnected) this.#handOver(l);
    this.#arm(l);
  }

  /** The listener's timer: every cohort due (within BATCH_MS) hears its streams' next events. */
  #tick(l: Listener): void {
    l.timer = undefined;
    l.timerDue = Infinity;
    if (this.#listeners.get(l.scanner) !== l) return;
    const now = this.core.timers.now();
    for (let top = l.cohorts.peek(); top !== undefined && top.due <= now + BATCH_MS; top = l.cohorts.peek()) {
      l.cohorts.pop();
      const streams = top.streams;
      let live = 0;
      for (const stream of streams) {
        if (!stream.live) continue;
        streams[live++] = stream;
        this.#hear(l, stream);
      }
      streams.length = live;
      if (live === 0) continue;
      // One event per interval of wall time; a listener more than an interval late (a busy event
      // loop) starts over from now rather than catching up with a burst.
      top.due = top.due + top.every > now ? top.due + top.every : now + top.every;
      l.cohorts.push(top);
    }
    if (l.handed === undefined || !l.scanner.hostConnected) this.#handOver(l);
    this.#arm(l);
  }

  /** Sets the listener's timer for its earliest cohort. */
  #arm(l: Listener): void {
    const top = l.cohorts.peek();
    if (top === undefined || top.due >= l.timerDue) return;
    this.core.timers.cancel(l.timer);
    l.timerDue = top.due;
    l.timer = this.core.timers.after(top.due - this.core.timers.now(), () => this.#tick(l));
  }

  #repeatMs(a: VirtualController): number {
    return Math.max(MIN_REPEAT_MS, this.events.intervalOf(a));
  }

  /** The stream hears its next event (wall pacing); its reports wait their turn. */
  #hear(l: Listener, stream: Stream): void {
    const delay = this.core.faults(l.scanner, stream.advertiser).delayMs ?? 0;
    if (delay > 0) {
      this.#hearDelayed(l, stream, delay);
      return;
    }
    stream.backlog++;
    if (!stream.waiting) this.#queueEvent(l, stream);
  }

  /**
   * Queues the first report of the stream's next heard event that has one: events lost to faults
   * are counted and skipped, and so are events whose reports the host masked or the duplicate
   * filter suppresses.
   */
  #queueEvent(l: Listener, stream: Stream): void {
    const s = l.scanner;
    const a = stream.advertiser;
    while (stream.backlog > 0) {
      const k = this.events.nextHeardEvent(a, stream.k, l.scanStartedAt, s.scanning);
      stream.k = k + 1;
      if (this.#lost(l, stream, k) || !this.#reportsEnabled(s)) {
        stream.backlog--;
        continue;
      }
      stream.event = k;
      stream.tAdv = this.events.eventTime(a, k) + pduAirtimeMs(6 + a.advertising.data.length);
      if (!this.#duplicate(s, stream, false)) {
        this.#queue(l, stream, stream.tAdv, false);
        return;
      }
      if (this.#queueScanResponse(l, stream)) return;
      stream.backlog--;
    }
  }

  /** Queues the SCAN_RSP of the stream's current event, if an active scan gets one. */
  #queueScanResponse(l: Listener, stream: Stream): boolean {
    const a = stream.advertiser;
    if (!l.scanner.scanning.active || !scannable(a.advertising.type) || this.#duplicate(l.scanner, stream, true)) return false;
    // SCAN_REQ (12 octets) then SCAN_RSP, each after T_IFS (Vol 6 Part B §4.4.3.2).
    this.#queue(l, stream, stream.tAdv + pduAirtimeMs(12) + pduAirtimeMs(6 + a.advertising.scanResponse.length), true);
    return true;
  }

  #queue(l: Listener, stream: Stream, t: number, scanResponse: boolean): void {
    stream.waiting = true;
    l.waiting.push({ due: this.core.stamp(t), seq: this.#seq++, stream, scanResponse });
  }

  /** Hands the earliest waiting report to the scanner's controller, and queues its stream's next. */
  #handOver(l: Listener): void {
    if (!l.scanner.hostConnected) {
      // No host: the controller keeps nothing for it (a host that leaves takes the queue along).
      l.handed = undefined;
      return;
    }
    let next = l.waiting.pop();
    while (next !== undefined && !next.stream.live) next = l.waiting.pop();
    l.handed = next?.due;
    if (next === undefined) return;
    const { stream, scanResponse } = next;
    const s = l.scanner;
    stream.waiting = false;
    s.send(this.#report(s, stream, stream.event, scanResponse), next.due);
    if (scanResponse) this.core.stats.scanResponses++;
    else this.core.stats.advertisingReports++;
    if (!scanResponse && this.#queueScanResponse(l, stream)) return;
    stream.backlog--;
    this.#queueEvent(l, stream);
  }

  /** Whether event k of the stream is lost to a blackout or to the drop rate (a keyed draw). */
  #lost(l: Listener, stream: Stream, k: number): boolean {
    const faults = this.core.faults(l.scanner, stream.advertiser);
    // Draws are keyed (rng.ts), so skipping one that cannot hit (rate 0) changes no other draw.
    const dropRate = faults.dropRate ?? 0;
    const lost = faults.blackout || (dropRate > 0 && this.core.rng.unit(K_ADV_DROP, this.events.nameKey(l.scanner), this.events.nameKey(stream.advertiser), stream.generation, k) < dropRate);
    if (lost) this.core.stats.advertisingEventsLost++;
    return Boolean(lost);
  }

  #reportsEnabled(s: VirtualController): boolean {
    return s.eventEnabled(LE_META) && s.leEventEnabled(LeSub.ADVERTISING_REPORT);
  }

  /** Duplicate filter (§7.8.11): whether the scanner already had this report in this scan. */
  #duplicate(s: VirtualController, stream: Stream, scanResponse: boolean): boolean {
    if (!s.scanning.filterDuplicates) return false;
    const data = scanResponse ? stream.advertiser.advertising.scanResponse : stream.advertiser.advertising.data;
    if ((scanResponse ? stream.seenRsp : stream.seenAdv) === data) return true;
    if (!s.scanning.seen.has(this.#duplicateKey(stream, scanResponse, data))) return false;
    if (scanResponse) stream.seenRsp = data;
    else stream.seenAdv = data;
    return true;
  }

  #duplicateKey(stream: Stream, scanResponse: boolean, data: Buffer): string {
    const a = stream.advertiser;
    const eventType = scanResponse ? AdvReportType.SCAN_RSP : (REPORT_TYPE[a.advertising.type] ?? AdvReportType.ADV_IND);
    return `${a.name}|${eventType}|${data.toString('hex')}`;
  }

  /** The report of event k of the stream, with its RSSI (a keyed draw: the same whenever it is made). */
  #report(s: VirtualController, stream: Stream, k: number, scanResponse: boolean): Buffer {
    const a = stream.advertiser;
    const eventType = scanResponse ? AdvReportType.SCAN_RSP : (REPORT_TYPE[a.advertising.type] ?? AdvReportType.ADV_IND);
    const data = scanResponse ? a.advertising.scanResponse : a.advertising.data;
    if (s.scanning.filterDuplicates) s.scanning.seen.add(this.#duplicateKey(stream, scanResponse, data));
    const noise = this.core.rng.normal(K_RSSI, this.events.nameKey(s), this.events.nameKey(a), K_ADV, stream.generation, k, eventType);
    const rssi = sampleRssi(stream.meanRssi, this.core.pathLoss, noise);
    const template = this.#template(a, eventType, data);
    const packet = Buffer.allocUnsafe(template.length);
    template.copy(packet);
    packet.writeInt8(rssi, packet.length - 1);
    return packet;
  }

  /**
   * A link with a fault delay: the event's reports are built now and reach the controller after the
   * delay in wall time (so host timeouts fire), stamped that much later in air time.
   */
  #hearDelayed(l: Listener, stream: Stream, delay: number): void {
    const s = l.scanner;
    const a = stream.advertiser;
    const k = this.events.nextHeardEvent(a, stream.k, l.scanStartedAt, s.scanning);
    stream.k = k + 1;
    if (this.#lost(l, stream, k) || !this.#reportsEnabled(s)) return;
    const tAdv = this.events.eventTime(a, k) + pduAirtimeMs(6 + a.advertising.data.length);
    const out: [Buffer, number][] = [];
    if (!this.#duplicate(s, stream, false)) {
      out.push([this.#report(s, stream, k, false), this.core.stamp(tAdv + delay)]);
      this.core.stats.advertisingReports++;
    }
    if (s.scanning.active && scannable(a.advertising.type) && !this.#duplicate(s, stream, true)) {
      const tRsp = tAdv + pduAirtimeMs(12) + pduAirtimeMs(6 + a.advertising.scanResponse.length);
      out.push([this.#report(s, stream, k, true), this.core.stamp(tRsp + delay)]);
      this.core.stats.scanResponses++;
    }
    if (out.length === 0) return;
    this.core.timers.after(delay, () => {
      if (this.#listeners.get(s) === l) for (const [packet, t] of out) s.send(packet, t);
    });
  }

  /** The report packet for (a, eventType, data) with RSSI 0, built once per advertiser and data. */
  #template(a: VirtualController, eventType: number, data: Buffer): Buffer {
    const { address, type: addressType } = a.ownAddress;
    let list = this.#templates.get(a);
    const hit = list?.find((x) => x.eventType === eventType && x.data === data && x.address === address && x.addressType === addressType);
    if (hit) return hit.packet;
    // Keep only templates for the data and address the advertiser still sends.
    list = (list ?? []).filter((x) => x.address === address && (x.data === a.advertising.data || x.data === a.advertising.scanResponse));
    const packet = leAdvertisingReport(eventType, addressType, address, data, 0);
    list.push({ eventType, data, address, addressType, packet });
    this.#templates.set(a, list);
    return packet;
  }

  stopAll(): void {
    for (const l of [...this.#listeners.values()]) this.#stopListening(l);
    this.#advertisers.clear();
  }
}
