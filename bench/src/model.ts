/**
 * The analytic tap-to-unlock model (derivation: docs/BENCHMARKS.md "Timing fidelity").
 * Pure arithmetic on BLE timing: advertising interval A, connection interval C, LE 1M air time,
 * the ATT round trips the exchange needs and the fragment counts of the keyrig messages
 * (PROTOCOL.md §3.1). Numbers from Core 5.3 and /work/shared/notes/access-protocol-facts.md.
 */

/** LE 1M air time of one PDU with `payload` octets plus T_IFS (Vol 6 Part B §2.1, §4.1.1), ms. */
export function airtimeMs(payload: number): number {
  return ((1 + 4 + 2 + payload + 3) * 8 + 150) / 1000;
}

/** LL payload without data length extension (noble and bleno never ask for more), octets. */
export const LL_PAYLOAD = 27;
/** CONNECT_IND LLData is 22 octets + 12 of addresses (Vol 6 Part B §2.3.3.1). */
export const CONNECT_IND_PAYLOAD = 34;
/** transmitWindowDelay 1.25 ms + a 1.25 ms transmit window offset (Vol 6 Part B §4.5.3). */
export const FIRST_EVENT_DELAY_MS = 2.5;

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

/** Lock MCU crypto (nRF52840 @ 64 MHz, optimised assembly), ms. */
export const MCU_CRYPTO_MS = {
  /** From the facts file. */
  verify: 15,
  ecdh: 14,
  /** Assumed: one fixed-base scalar multiplication each, like ECDH. */
  keygen: 14,
  sign: 14,
} as const;

export interface ModelInput {
  /** Advertising interval, ms. */
  readonly advertisingIntervalMs: number;
  /** Connection interval, ms. */
  readonly connectionIntervalMs: number;
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

/** Air time of ATT values (notification or write: 3-byte ATT header, 4-byte L2CAP header) with their acks, ms. */
export function valuesAirtimeMs(values: readonly number[]): number {
  let t = 0;
  for (const v of values) {
    const octets = v + 3 + 4;
    const full = Math.floor(octets / LL_PAYLOAD);
    const rest = octets % LL_PAYLOAD;
    t += full * (airtimeMs(LL_PAYLOAD) + airtimeMs(0)) + (rest > 0 ? airtimeMs(rest) + airtimeMs(0) : 0);
  }
  return t;
}

/** Connection events a burst of values occupies (at least 1). */
function eventsFor(values: readonly number[], c: number): number {
  return Math.max(1, Math.ceil(valuesAirtimeMs(values) / c));
}

/** Expected simulated latency per phase (BLE only: no lock crypto time), ms. */
export function modelTapToUnlock(m: ModelInput): ModelPhases {
  const A = m.advertisingIntervalMs;
  const C = m.connectionIntervalMs;
  const advPdu = airtimeMs(6 + m.advDataLength);
  const scanRsp = advPdu + airtimeMs(12) + airtimeMs(6 + m.scanResponseLength);
  // A tap at a uniformly random moment waits A/2 for the next advertising event (the 0–10 ms
  // random delay cancels: see the derivation), then hears ADV_IND + SCAN_REQ + SCAN_RSP.
  const scan = A / 2 + scanRsp;
  // LE Create Connection waits for the next advertising event (one interval on average),
  // CONNECT_IND follows it, the first connection event 2.5 ms later carries the MTU request;
  // every ATT round trip ends two events after the previous one.
  const setupRoundTrips = ROUND_TRIPS.mtu + ROUND_TRIPS.services + ROUND_TRIPS.characteristics;
  const connect = A - scanRsp + advPdu + airtimeMs(CONNECT_IND_PAYLOAD) + FIRST_EVENT_DELAY_MS + (2 * setupRoundTrips - 1) * C;
  const channel = 2 * ROUND_TRIPS.channel * C;
  // Protocol: every phone->lock fragment is a write round trip (2 events if it fits one event);
  // each lock reply goes one event after the write response, spread over as many events as its
  // fragments' air time needs.
  const writeRt = (len: number) => fragmentsOf(len, m.mtu).reduce((s, f) => s + (eventsFor([f], C) + 1) * C, 0);
  const reply = (len: number) => eventsFor(fragmentsOf(len, m.mtu), C) * C;
  const handshake = writeRt(m.messages.hello) + reply(m.messages.lockAuth) + writeRt(m.messages.phoneAuth) + reply(m.messages.sessionReady);
  const unlock = writeRt(m.messages.command) + reply(m.messages.result);
  return { scan, connect, channel, handshake, unlock, total: scan + connect + channel + handshake + unlock };
}

/**
 * The lock's MCU crypto the air does not charge: LOCK_AUTH needs an ephemeral key and a
 * signature, PHONE_AUTH an ECDH and two verifies (document, endpoint signature); each reply slips
 * by the connection events its processing covers.
 */
export function cryptoTermMs(connectionIntervalMs: number): { lockAuth: number; phoneAuth: number; total: number } {
  const C = connectionIntervalMs;
  const la = MCU_CRYPTO_MS.keygen + MCU_CRYPTO_MS.sign;
  const pa = MCU_CRYPTO_MS.ecdh + 2 * MCU_CRYPTO_MS.verify;
  const lockAuth = Math.ceil(la / C) * C;
  const phoneAuth = Math.ceil(pa / C) * C;
  return { lockAuth, phoneAuth, total: lockAuth + phoneAuth };
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
