/**
 * Data channel of established connections (Vol 6 Part B §4.5): ACL relay as LL PDUs with
 * retransmission on loss, data length update, connection update, RSSI, termination and link loss.
 *
 * Timing: a PDU queued at air time t leaves at the first connection event at or after t (or when
 * the previous PDU in that direction is done), takes its air time plus T_IFS and an empty ack, and a
 * lost attempt waits for the next connection event. The sender's host gets Number Of Completed
 * Packets when the last PDU of its ACL packet is acknowledged.
 */
import { LeSub, Status } from '../hci/constants.js';
import { leConnectionUpdateComplete, leDataLengthChange } from '../hci/leEvents.js';
import { disconnectionComplete } from '../hci/packets.js';
import type { VirtualController } from '../controller/VirtualController.js';
import type { AirCore } from './AirCore.js';
import type { Faults } from './faults.js';
import type { LinkConnection } from './LinkConnection.js';
import { nextConnectionEvent, pduAirtimeMs } from './timing.js';

const EMPTY_ACK_MS = pduAirtimeMs(0);
/** Connection events between an update request and its instant (Vol 6 Part B §5.1.1: at least 6). */
const UPDATE_INSTANT_EVENTS = 6;

export class DataChannel {
  constructor(private readonly core: AirCore) {}

  transmitAcl(conn: LinkConnection, from: VirtualController, start: boolean, data: Buffer, t: number): void {
    const dir = conn.directionFrom(from);
    const peer = conn.peerOf(from);
    const faults = this.#faults(from, peer);
    if (faults.blackout) {
      // Nothing is acknowledged: the buffer stays with the controller until the link is lost.
      this.loseLink(conn, Math.max(t, conn.lastHeard[dir]));
      return;
    }
    // Draws are keyed (rng.ts), so skipping one that cannot hit (rate 0) changes no other draw.
    const dropRate = faults.dropRate ?? 0;
    const corruptRate = faults.corruptRate ?? 0;
    const delay = faults.delayMs ?? 0;
    const max = conn.maxOctets[dir];
    let cursor = Math.max(nextConnectionEvent(conn.anchor, conn.intervalMs, t), conn.busyUntil[dir]);
    const deliveries: [boolean, Buffer, number][] = [];
    for (let offset = 0, first = true; offset < data.length || first; offset += max, first = false) {
      let piece = data.length <= max ? data : data.subarray(offset, offset + max);
      const seq = conn.pduSeq[dir]++;
      for (let attempt = 0; dropRate > 0 && this.core.rng.unit('ll-drop', conn.id, dir, seq, attempt) < dropRate; attempt++) {
        this.core.stats.retransmissions++;
        cursor = nextConnectionEvent(conn.anchor, conn.intervalMs, cursor + conn.intervalMs);
        if (cursor - conn.lastHeard[dir] > conn.supervisionTimeoutMs) {
          this.loseLink(conn, conn.lastHeard[dir] + conn.supervisionTimeoutMs);
          return;
        }
      }
      if (corruptRate > 0 && this.core.rng.unit('ll-corrupt', conn.id, dir, seq) < corruptRate) {
        piece = this.#corrupt(piece, start && offset === 0, conn.id, dir, seq);
      }
      this.core.stats.llPdus++;
      const rx = cursor + pduAirtimeMs(piece.length);
      conn.lastHeard[dir] = rx;
      deliveries.push([start && offset === 0, piece, rx]);
      cursor = rx + EMPTY_ACK_MS;
      if (data.length === 0) break;
    }
    conn.busyUntil[dir] = cursor;
    const ack = cursor;
    this.core.timers.maybeAfter(delay, () => {
      if (!conn.open) {
        from.aclCompleted(conn, 0);
        return;
      }
      // Fast mode stamps with the clock, read once (t, when nothing delayed this): these deliveries
      // happen in the same instant.
      const now = this.core.modeled ? 0 : delay > 0 ? this.core.elapsed() : t;
      const stamp = (modeled: number): number => (this.core.modeled ? modeled : now);
      for (const [isStart, piece, rx] of deliveries) peer.deliverAcl(conn, isStart, piece, stamp(rx + delay));
      from.aclCompleted(conn, stamp(ack + delay));
    });
  }

  /** The faults on a link; without per-link faults (the common case) the global ones as they are. */
  #faults(a: VirtualController, b: VirtualController): Faults {
    return this.core.linkFaults.size === 0 ? this.core.globalFaults : this.core.faults(a, b);
  }

  /** Flips one bit of the L2CAP payload (after the 4-byte basic header in a start fragment). */
  #corrupt(piece: Buffer, isStart: boolean, connId: number, dir: number, seq: number): Buffer {
    const from = isStart ? Math.min(4, piece.length) : 0;
    if (piece.length <= from) return piece;
    const copy = Buffer.from(piece);
    const index = from + this.core.rng.int(copy.length - from, 'corrupt-byte', connId, dir, seq);
    copy[index]! ^= 1 << this.core.rng.int(8, 'corrupt-bit', connId, dir, seq);
    this.core.stats.corrupted++;
    return copy;
  }

  /** HCI_Disconnect (§7.1.6): LL_TERMINATE_IND at the next connection event. */
  disconnect(conn: LinkConnection, from: VirtualController, reason: number, t: number): void {
    if (!conn.open) return;
    const dir = conn.directionFrom(from);
    const faults = this.#faults(from, conn.peerOf(from));
    if (faults.blackout) {
      this.loseLink(conn, Math.max(t, conn.lastHeard[dir]), from);
      return;
    }
    const tx = Math.max(nextConnectionEvent(conn.anchor, conn.intervalMs, t), conn.busyUntil[dir]);
    const done = tx + pduAirtimeMs(2) + EMPTY_ACK_MS;
    // Local host: Connection Terminated By Local Host (0x16); peer host: the reason sent.
    this.terminate(conn, from === conn.central ? Status.LOCAL_HOST_TERMINATED : reason, from === conn.central ? reason : Status.LOCAL_HOST_TERMINATED, done, faults.delayMs ?? 0);
  }

  /**
   * Supervision timeout (Vol 6 Part B §4.5.2): both hosts get reason 0x08 at `at`. In fast mode the
   * hosts still wait the supervision timeout in wall time, as they would with a radio.
   */
  loseLink(conn: LinkConnection, at: number, localTerminator?: VirtualController): void {
    if (!conn.open) return;
    conn.open = false;
    this.core.stats.linksLost++;
    const wait = this.core.modeled ? 0 : conn.supervisionTimeoutMs;
    const central = localTerminator === conn.central ? Status.LOCAL_HOST_TERMINATED : Status.CONNECTION_TIMEOUT;
    const peripheral = localTerminator === conn.peripheral ? Status.LOCAL_HOST_TERMINATED : Status.CONNECTION_TIMEOUT;
    this.core.logger?.debug({ conn: conn.toString() }, 'link lost (supervision timeout)');
    this.core.timers.maybeAfter(wait, () => this.#closeLink(conn, central, peripheral, this.core.stamp(at)));
  }

  /** Ends a connection with a reason per side at air time t (after an optional wall delay). */
  terminate(conn: LinkConnection, centralReason: number, peripheralReason: number, t: number, wallDelayMs = 0): void {
    if (!conn.open) return;
    conn.open = false;
    const at = this.core.stamp(t + wallDelayMs);
    this.core.timers.maybeAfter(wallDelayMs, () => this.#closeLink(conn, centralReason, peripheralReason, at));
  }

  #closeLink(conn: LinkConnection, centralReason: number, peripheralReason: number, t: number): void {
    conn.open = false;
    this.core.stats.disconnections++;
    this.core.connections.delete(conn);
    for (const [c, reason] of [
      [conn.central, centralReason],
      [conn.peripheral, peripheralReason],
    ] as const) {
      const handle = conn.handleAt(c);
      if (c.connections.get(handle) !== conn) continue; // already gone (Reset)
      c.connections.delete(handle);
      c.send(disconnectionComplete(handle, reason), t);
    }
  }

  /** HCI_Reset on one end: its links vanish silently for it; the peer sees a supervision timeout. */
  controllerReset(c: VirtualController, t: number): void {
    for (const conn of [...c.connections.values()]) {
      c.connections.delete(conn.handleAt(c));
      this.loseLink(conn, t);
    }
  }

  /** LE Connection Update (§7.8.18): new parameters from the instant on, reported to both hosts. */
  updateConnection(conn: LinkConnection, intervalMs: number, latency: number, timeoutMs: number, t: number): void {
    if (!conn.open) return;
    const instant = nextConnectionEvent(conn.anchor, conn.intervalMs, t) + UPDATE_INSTANT_EVENTS * conn.intervalMs;
    conn.anchor = instant;
    conn.intervalMs = intervalMs;
    conn.latency = latency;
    conn.supervisionTimeoutMs = timeoutMs;
    conn.busyUntil[0] = Math.max(conn.busyUntil[0], instant);
    conn.busyUntil[1] = Math.max(conn.busyUntil[1], instant);
    const at = this.core.stamp(instant);
    for (const c of [conn.central, conn.peripheral]) {
      if (c.leEventEnabled(LeSub.CONNECTION_UPDATE_COMPLETE)) c.send(leConnectionUpdateComplete(conn.handleAt(c), intervalMs, latency, timeoutMs), at);
    }
  }

  /**
   * LE Set Data Length (§7.8.33) runs the LL data length update (Vol 6 Part B §5.1.9): the
   * requester's direction becomes min(its request, the peer's max); the other direction becomes
   * min(the peer's suggested default, the requester's max).
   */
  setDataLength(conn: LinkConnection, from: VirtualController, txOctets: number, t: number): void {
    if (!conn.open) return;
    const dir = conn.directionFrom(from);
    const peer = conn.peerOf(from);
    const before = [...conn.maxOctets];
    conn.maxOctets[dir] = Math.min(txOctets, peer.options.maxDataLength);
    conn.maxOctets[dir === 0 ? 1 : 0] = Math.max(27, Math.min(peer.suggestedDataLength, from.options.maxDataLength));
    if (before[0] === conn.maxOctets[0] && before[1] === conn.maxOctets[1]) return;
    const tx = Math.max(nextConnectionEvent(conn.anchor, conn.intervalMs, t), conn.busyUntil[dir]);
    // LL_LENGTH_REQ, then LL_LENGTH_RSP at the next event (9 octets each).
    const done = nextConnectionEvent(conn.anchor, conn.intervalMs, tx + pduAirtimeMs(9) + EMPTY_ACK_MS) + pduAirtimeMs(9);
    const at = this.core.stamp(done);
    for (const c of [conn.central, conn.peripheral]) {
      const d = conn.directionFrom(c);
      if (c.leEventEnabled(LeSub.DATA_LENGTH_CHANGE)) c.send(leDataLengthChange(conn.handleAt(c), conn.maxOctets[d], conn.maxOctets[d === 0 ? 1 : 0]), at);
    }
  }

  readRssi(conn: LinkConnection, at: VirtualController): number {
    const peer = conn.peerOf(at);
    return this.core.sampleRssi(at, peer, 'conn', conn.id, this.core.nextSample(`${conn.id}/${at.name}`));
  }
}
