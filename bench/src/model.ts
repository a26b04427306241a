/**
 * The analytic tap-to-unlock model (derivation: docs/BENCHMARKS.md "Timing fidelity").
 * Pure arithmetic on BLE timing: advertising interval A, connection interval C, LE 1M air time,
 * the ATT round trips the exchange needs and the fragment counts of the keyrig messages
 * (PROTOCOL.md §3.1). Numbers from Core 5.3 and /work/shared/notes/access-protocol-facts.md.
 */
import type { McuCryptoProfile } from '@keyrig/simulator';

/** LE 1M air time of one PDU with `payload` octets plus T_IFS (Vol 6 Part B §2.1, §4.1.1), ms. */
export function airtimeMs(payload: number): number {
  return ((1 + 4 + 2 + payload + 3) * 8 + 150) / 1000;
}

/**
 * LL payload per direction after the data length update noble starts on connecting (LE Set Data
 * Length, Vol 6 Part B §4.5.10): the phone sends up to 251 octets, the lock's bleno keeps the
 * default 27 (its LE Data Length Change reads maxTx 251 / maxRx 27 on the phone's side).
 */
export const LL_PAYLOAD = { phoneToLock: 251, lockToPhone: 27 } as const;
/** CONNECT_IND LLData is 22 octets + 12 of addresses (Vol 6 Part B §2.3.3.1). */
export const CONNECT_IND_PAYLOAD = 34;
/** transmitWindowDelay 1.25 ms + a 1.25 ms transmit window offset (Vol 6 Part B §4.5.3). */
export const FIRST_EVENT_DELAY_MS = 2.5;

/**
 * noble's LE Create Connection scans 30 ms out of every 60 ms (LE_Scan_Window 0x0030,
 * LE_Scan_Interval 0x0060, Vol 4 Part E §7.8.12; noble 2.8 lib/hci-socket/hci.js createLeConn).
 * Its discovery scan is continuous (interval = window = 11.25 ms).
 */
export const NOBLE_INITIATOR_SCAN = { intervalMs: 60, windowMs: 30 } as const;

/**
 * HCI commands noble 2.8 sends (seen on the phone's host interface): before scanning LE Set Scan
 * Enable (off), LE Set Scan Parameters, LE Set Scan Enable; after it LE Set Scan Enable (off),
 * whose Command Complete it awaits; to connect, Reset (awaited), Set Event Mask, LE Set Event
 * Mask, Read Local Version, Read BD_ADDR, then LE Create Connection. Each costs the profile's
 * host processing time; an awaited one adds its command latency.
 */
export const HOST_COMMANDS = { beforeScan: 3, afterScan: 1, beforeConnect: 6 } as const;

/** GATT round trips before the first protocol message (see the derivation). */
export const ROUND_TRIPS = {
  /** ATT_EXCHANGE_MTU. */
  mtu: 1,
  /** Primary services by group type: {GAP, GATT} (16-bit UUIDs), {keyrig} (128-bit), then Attribute Not Found. */
  services: 3,
  /** Characteristics of the keyrig service: one Read By Type response holds all three. */
  characteristics: 1,
  /** Info read, CCCD lookup (Read By Type 0x2902), CCCD write. */
  channel: 3,
} as const;

export interface ModelInput {
  /** Advertising interval, ms. */
  readonly advertisingIntervalMs: number;
  /** Connection interval, ms. */
  readonly connectionIntervalMs: number;
  /** The profile's modeled host time per packet and command latency, ms. */
  readonly hostProcessingMs: number;
  readonly commandLatencyMs: number;
  /** The initiator's scan duty cycle while connecting. */
  readonly initiatorScan: { readonly intervalMs: number; readonly windowMs: number };
  /** ATT_MTU agreed (min of the phone's ask and the lock's cap). */
  readonly mtu: number;
  /** ADV_IND and SCAN_RSP AdvData lengths, octets. */
  readonly advDataLength: number;
  readonly scanResponseLength: number;
  /** Protocol message sizes, bytes (PROTOCOL.md §4.5). */
  readonly messages: { hello: number; lockAuth: number; phoneAuth: number; sessionReady: number; command: number; result: number };
}

export interface ModelPhases {
  scan: number;
  connect: number;
  channel: number;
  handshake: number;
  unlock: number;
  total: number;
}

/** Fragments of a message of `length` bytes at `mtu` (PROTOCOL.md §3.1). */
export function fragmentsOf(length: number, mtu: number): number[] {
  const cap = Math.min(mtu - 3, 512);
  const out = [Math.min(length, cap - 4) + 4];
  let left = length - (cap - 4);
  while (left > 0) {
    out.push(Math.min(left, cap - 2) + 2);
    left -= cap - 2;
  }
  return out;
}

/**
 * Air time of ATT values (notification or write: 3-byte ATT header, 4-byte L2CAP header) cut
 * into LL PDUs of at most `llPayload` octets, each with its empty acknowledgement, ms.
 */
export function valuesAirtimeMs(values: readonly number[], llPayload: number): number {
  let t = 0;
  for (const v of values) {
    const octets = v + 3 + 4;
    const full = Math.floor(octets / llPayload);
    const rest = octets % llPayload;
    t += full * (airtimeMs(llPayload) + airtimeMs(0)) + (rest > 0 ? airtimeMs(rest) + airtimeMs(0) : 0);
  }
  return t;
}

/** Connection events a burst of values occupies (at least 1). */
function eventsFor(values: readonly number[], c: number, llPayload: number): number {
  return Math.max(1, Math.ceil(valuesAirtimeMs(values, llPayload) / c));
}

/**
 * Expected time from LE Create Connection to the advertising event the initiator connects on:
 * the first event after it that falls inside one of the initiator's scan windows (windows start at
 * the command, Vol 6 Part B §4.5.1). The event heard last (index 0) was `tau` ms before the command;
 * event j is at j·A + d_j − d_0 − tau with d uniform in [0, 10] ms: integrated numerically.
 */
export function expectedConnectWaitMs(A: number, tau: number, scan: { intervalMs: number; windowMs: number }): number {
  const N = 100;
  const grid = Array.from({ length: N }, (_, i) => ((i + 0.5) / N) * ADV_DELAY_MAX_MS);
  let total = 0;
  for (const d0 of grid) {
    let survive = 1;
    let expected = 0;
    for (let j = 1; j <= 1000 && survive > 1e-9; j++) {
      let heard = 0;
      let sumT = 0;
      for (const dj of grid) {
        const x = j * A + dj - d0 - tau;
        if (x >= 0 && (scan.windowMs >= scan.intervalMs || x % scan.intervalMs < scan.windowMs)) {
          heard++;
          sumT += x;
        }
      }
      const p = heard / N;
      if (p > 0) expected += survive * p * (sumT / heard);
      survive *= 1 - p;
    }
    total += expected;
  }
  return total / N;
}

/** Advertising random delay, 0–10 ms (Vol 6 Part B §4.4.2.2.1). */
export const ADV_DELAY_MAX_MS = 10;

/** Expected simulated latency per phase (BLE only: no lock crypto time), ms. */
export function modelTapToUnlock(m: ModelInput): ModelPhases {
  const A = m.advertisingIntervalMs;
  const C = m.connectionIntervalMs;
  const advPdu = airtimeMs(6 + m.advDataLength);
  const scanRsp = advPdu + airtimeMs(12) + airtimeMs(6 + m.scanResponseLength);
  // A tap at a uniformly random moment waits A/2 for the next advertising event (the 0–10 ms
  // random delay cancels: see the derivation), then hears ADV_IND + SCAN_REQ + SCAN_RSP.
  const h = m.hostProcessingMs;
  const L = m.commandLatencyMs;
  // The scan starts after noble's scan commands; the client knows the lock once its scan
  // response is in and scanning is stopped.
  const scan = HOST_COMMANDS.beforeScan * h + A / 2 + scanRsp + HOST_COMMANDS.afterScan * h + L;
  // LE Create Connection (after noble's reset sequence) waits for the next advertising event
  // inside the initiator's scan windows; CONNECT_IND follows it, the first connection event
  // 2.5 ms later carries the MTU request; every ATT round trip ends two events after the previous.
  const beforeConnect = HOST_COMMANDS.beforeConnect * h + L;
  const tau = scanRsp + HOST_COMMANDS.afterScan * h + L + beforeConnect;
  const wait = expectedConnectWaitMs(A, tau, m.initiatorScan);
  const setupRoundTrips = ROUND_TRIPS.mtu + ROUND_TRIPS.services + ROUND_TRIPS.characteristics;
  const connect = beforeConnect + wait + advPdu + airtimeMs(CONNECT_IND_PAYLOAD) + FIRST_EVENT_DELAY_MS + (2 * setupRoundTrips - 1) * C;
  const channel = 2 * ROUND_TRIPS.channel * C;
  // Protocol: every phone->lock fragment is a write round trip (2 events if it fits one event);
  // a lock reply ready before the event that carries the write response follows it in that
  // event (More Data, Vol 6 Part B §4.5.6) and spreads over as many more events as its
  // fragments' air time needs.
  const writeRt = (len: number) => fragmentsOf(len, m.mtu).reduce((s, f) => s + (eventsFor([f], C, LL_PAYLOAD.phoneToLock) + 1) * C, 0);
  const reply = (len: number) => (eventsFor(fragmentsOf(len, m.mtu), C, LL_PAYLOAD.lockToPhone) - 1) * C;
  const handshake = writeRt(m.messages.hello) + reply(m.messages.lockAuth) + writeRt(m.messages.phoneAuth) + reply(m.messages.sessionReady);
  const unlock = writeRt(m.messages.command) + reply(m.messages.result);
  return { scan, connect, channel, handshake, unlock, total: scan + connect + channel + handshake + unlock };
}

/** ATT request/response round trips the model counts (to check against the ATT PDUs seen). */
export function modelRoundTrips(m: ModelInput): number {
  const r = ROUND_TRIPS;
  const f = (len: number) => fragmentsOf(len, m.mtu).length;
  return r.mtu + r.services + r.characteristics + r.channel + f(m.messages.hello) + f(m.messages.phoneAuth) + f(m.messages.command);
}

/**
 * The lock's MCU crypto (`mcu`: the per-operation times the lock simulator charges, e.g. its
 * NRF52840_CRYPTO): LOCK_AUTH needs an ephemeral key and a signature, SESSION_READY an ECDH and two
 * verifies (document, endpoint signature; the bench's PHONE_AUTH carries no blobs). The request's
 * last fragment is sent in event e and has arrived r ms later (its LL PDUs' air time); without
 * crypto the reply goes in event e + 1, after the write response; with P ms of crypto from the
 * arrival it goes in the first event at or after e + r + P, so it slips by
 * max(0, ⌈(r + P) / C⌉ − 1) events.
 */
export function cryptoTermMs(m: ModelInput, mcu: McuCryptoProfile): { lockAuth: number; phoneAuth: number; total: number } {
  const C = m.connectionIntervalMs;
  const arrival = (len: number) => valuesAirtimeMs([fragmentsOf(len, m.mtu).at(-1)!], LL_PAYLOAD.phoneToLock) - airtimeMs(0);
  const slip = (requestLength: number, p: number) => Math.max(0, Math.ceil((arrival(requestLength) + p) / C) - 1) * C;
  const lockAuth = slip(m.messages.hello, mcu.keygenMs + mcu.signMs);
  const phoneAuth = slip(m.messages.phoneAuth, mcu.ecdhMs + 2 * mcu.verifyMs);
  return { lockAuth, phoneAuth, total: lockAuth + phoneAuth };
}

/** The model with the lock's crypto term added to the handshake phase. */
export function withCryptoTerm(model: ModelPhases, term: { total: number }): ModelPhases {
  return { ...model, handshake: model.handshake + term.total, total: model.total + term.total };
}

/** Message sizes from the credential document and lock certificate lengths (PROTOCOL.md §4.3–§4.5). */
export function messageSizes(certificateLength: number, documentLength: number): ModelInput['messages'] {
  const tlv = (n: number) => 3 + n;
  const sealed = (plain: number) => 1 + 4 + plain + 16;
  return {
    hello: 1 + tlv(1) + tlv(4),
    lockAuth: 1 + tlv(1) + tlv(1) + tlv(65) + tlv(16) + tlv(16) + tlv(certificateLength) + tlv(8) + tlv(64),
    phoneAuth: 1 + 65 + 4 + tlv(documentLength) + tlv(64) + 16,
    sessionReady: sealed(tlv(8) + tlv(4)),
    command: sealed(tlv(1)),
    result: sealed(tlv(1) + tlv(0) + tlv(8) + tlv(4) + tlv(8)),
  };
}
