/**
 * TLV codec for message bodies (PROTOCOL.md §4): `tag u8 | length u16 LE | value`.
 * Tags < 0x80 are critical (an unknown one makes the message MALFORMED); tags >= 0x80 are
 * optional and skipped when unknown, so later versions can add fields old locks ignore.
 */
import { fromUtf8, utf8 } from './bytes.js';
import { MalformedMessageError } from './errors.js';

/** One TLV field: a tag (0..255) and its raw value (at most 65535 bytes). */
export interface TlvField {
  readonly tag: number;
  readonly value: Uint8Array;
}

/** Tags at or above this value are optional: unknown ones are ignored (§4). */
export const TLV_OPTIONAL_TAG_MIN = 0x80;
/** Header bytes before each value: tag u8 + length u16. */
export const TLV_HEADER_LENGTH = 3;
/** Longest value a TLV length field can describe. */
export const TLV_MAX_VALUE_LENGTH = 0xffff;

/** True when `tag` is critical (< 0x80): a decoder that does not know it must refuse the message. */
export function isCriticalTag(tag: number): boolean {
  return tag < TLV_OPTIONAL_TAG_MIN;
}

function tagLabel(tag: number, names?: TagNames): string {
  const hex = `0x${tag.toString(16).padStart(2, '0')}`;
  const name = names?.[tag];
  return name === undefined ? `tag ${hex}` : `tag ${hex} (${name})`;
}

/** Optional human names for tags, used only in error messages. */
export type TagNames = Readonly<Partial<Record<number, string>>>;

/** Encodes fields in the order given. Throws MalformedMessageError on a bad tag or an overlong value. */
export function encodeTlv(fields: readonly TlvField[]): Uint8Array {
  let length = 0;
  for (const f of fields) {
    if (!Number.isInteger(f.tag) || f.tag < 0 || f.tag > 0xff) {
      throw new MalformedMessageError(`TLV tag must be an integer 0..255, got ${f.tag}`);
    }
    if (f.value.length > TLV_MAX_VALUE_LENGTH) {
      throw new MalformedMessageError(
        `${tagLabel(f.tag)}: value of ${f.value.length} bytes exceeds ${TLV_MAX_VALUE_LENGTH}`,
      );
    }
    length += TLV_HEADER_LENGTH + f.value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const f of fields) {
    out[offset] = f.tag;
    out[offset + 1] = f.value.length & 0xff;
    out[offset + 2] = f.value.length >> 8;
    out.set(f.value, offset + TLV_HEADER_LENGTH);
    offset += TLV_HEADER_LENGTH + f.value.length;
  }
  return out;
}

/** Options for {@link decodeTlv} and {@link TlvReader}. */
export interface DecodeTlvOptions {
  /**
   * Tags the caller understands. When given, an unknown critical tag (< 0x80) is refused and an
   * unknown optional tag (>= 0x80) is dropped from the result. When absent, every field is returned.
   */
  readonly knownTags?: Iterable<number>;
  /** Names for error messages, e.g. `{ 0x01: 'versions' }`. */
  readonly tagNames?: TagNames;
  /** What is being decoded, for error messages, e.g. `'LOCK_AUTH'`. */
  readonly context?: string;
  /** Tags that may appear more than once ({@link TlvReader.all}); any other repeat is refused. */
  readonly repeatableTags?: Iterable<number>;
}

/**
 * Splits `bytes` into TLV fields (values are views into `bytes`, not copies).
 * Throws MalformedMessageError on truncation or an unknown critical tag.
 */
export function decodeTlv(bytes: Uint8Array, options: DecodeTlvOptions = {}): TlvField[] {
  const known = options.knownTags === undefined ? undefined : new Set(options.knownTags);
  const where = options.context === undefined ? 'TLV' : `${options.context} TLV`;
  const fields: TlvField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < TLV_HEADER_LENGTH) {
      throw new MalformedMessageError(
        `${where}: truncated header at offset ${offset} (${bytes.length - offset} bytes left, need 3)`,
      );
    }
    const tag = bytes[offset]!;
    const length = bytes[offset + 1]! | (bytes[offset + 2]! << 8);
    const start = offset + TLV_HEADER_LENGTH;
    if (start + length > bytes.length) {
      throw new MalformedMessageError(
        `${where}: ${tagLabel(tag, options.tagNames)} declares ${length} bytes but only ` +
          `${bytes.length - start} remain`,
      );
    }
    offset = start + length;
    if (known !== undefined && !known.has(tag)) {
      if (isCriticalTag(tag)) {
        throw new MalformedMessageError(`${where}: unknown critical ${tagLabel(tag)}`);
      }
      continue;
    }
    fields.push({ tag, value: bytes.subarray(start, start + length) });
  }
  return fields;
}

// ---- value writers: each returns a field ready for encodeTlv ----

/** A u8 field. */
export function tlvU8(tag: number, value: number): TlvField {
  checkUint(tag, value, 0xff);
  return { tag, value: Uint8Array.of(value) };
}

/** A u16 (LE) field. */
export function tlvU16(tag: number, value: number): TlvField {
  checkUint(tag, value, 0xffff);
  return { tag, value: Uint8Array.of(value & 0xff, value >>> 8) };
}

/** A u32 (LE) field. */
export function tlvU32(tag: number, value: number): TlvField {
  checkUint(tag, value, 0xffff_ffff);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return { tag, value: out };
}

/** A u64 (LE) field from a number, e.g. a time in ms; refuses values above 2^53 - 1. */
export function tlvU64(tag: number, value: number): TlvField {
  checkUint(tag, value, Number.MAX_SAFE_INTEGER);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, value % 0x1_0000_0000, true);
  view.setUint32(4, Math.floor(value / 0x1_0000_0000), true);
  return { tag, value: out };
}

/** A raw bytes field. */
export function tlvBytes(tag: number, value: Uint8Array): TlvField {
  return { tag, value };
}

/** A UTF-8 string field. */
export function tlvString(tag: number, value: string): TlvField {
  return { tag, value: utf8(value) };
}

/** A list of u8 values (one byte each), e.g. supported versions. */
export function tlvU8List(tag: number, values: readonly number[]): TlvField {
  for (const v of values) checkUint(tag, v, 0xff);
  return { tag, value: Uint8Array.from(values) };
}

/** A list of u16 values (LE, two bytes each), e.g. floors. */
export function tlvU16List(tag: number, values: readonly number[]): TlvField {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    checkUint(tag, v, 0xffff);
    out[i * 2] = v & 0xff;
    out[i * 2 + 1] = v >>> 8;
  });
  return { tag, value: out };
}

/** A nested TLV field (a list of structured items, or a sub-structure). */
export function tlvNested(tag: number, fields: readonly TlvField[]): TlvField {
  return { tag, value: encodeTlv(fields) };
}

function checkUint(tag: number, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new MalformedMessageError(`${tagLabel(tag)}: ${value} is not an integer in 0..${max}`);
  }
}

/**
 * Random access to a decoded TLV body with typed getters. Construction refuses unknown critical
 * tags and any duplicated known tag; each getter names the tag in its error when the field is
 * missing (required getters) or has the wrong length.
 */
export class TlvReader {
  readonly #fields = new Map<number, Uint8Array>();
  readonly #repeated = new Map<number, Uint8Array[]>();
  readonly #names: TagNames | undefined;
  readonly #where: string;

  constructor(bytes: Uint8Array, options: DecodeTlvOptions = {}) {
    this.#names = options.tagNames;
    this.#where = options.context ?? 'TLV';
    const repeatable = new Set(options.repeatableTags ?? []);
    for (const f of decodeTlv(bytes, options)) {
      if (repeatable.has(f.tag)) {
        const list = this.#repeated.get(f.tag);
        if (list === undefined) this.#repeated.set(f.tag, [f.value]);
        else list.push(f.value);
        continue;
      }
      if (this.#fields.has(f.tag)) throw this.#error(f.tag, 'appears more than once');
      this.#fields.set(f.tag, f.value);
    }
  }

  /** Every value of a repeatable tag, in wire order (empty when absent). */
  all(tag: number): Uint8Array[] {
    return [...(this.#repeated.get(tag) ?? [])];
  }

  /** True when the field is present. */
  has(tag: number): boolean {
    return this.#fields.has(tag) || this.#repeated.has(tag);
  }

  /** Tags present, in ascending order. */
  tags(): number[] {
    return [...this.#fields.keys(), ...this.#repeated.keys()].sort((a, b) => a - b);
  }

  /** Raw bytes; `length` pins an exact length, `maxLength` an upper bound. */
  bytes(tag: number, limits?: { length?: number; maxLength?: number }): Uint8Array {
    return this.#check(tag, this.#required(tag), limits);
  }
  optionalBytes(tag: number, limits?: { length?: number; maxLength?: number }): Uint8Array | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#check(tag, v, limits);
  }

  u8(tag: number): number {
    return this.#uint(tag, this.#required(tag), 1);
  }
  optionalU8(tag: number): number | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#uint(tag, v, 1);
  }
  u16(tag: number): number {
    return this.#uint(tag, this.#required(tag), 2);
  }
  optionalU16(tag: number): number | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#uint(tag, v, 2);
  }
  u32(tag: number): number {
    return this.#uint(tag, this.#required(tag), 4);
  }
  optionalU32(tag: number): number | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#uint(tag, v, 4);
  }
  /** A u64 as a number; refuses values above 2^53 - 1 (times in ms fit easily). */
  u64(tag: number): number {
    return this.#u64(tag, this.#required(tag));
  }
  optionalU64(tag: number): number | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#u64(tag, v);
  }

  /** A UTF-8 string; `maxLength` bounds its byte length. */
  string(tag: number, limits?: { maxLength?: number }): string {
    return this.#string(tag, this.#check(tag, this.#required(tag), limits));
  }
  optionalString(tag: number, limits?: { maxLength?: number }): string | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#string(tag, this.#check(tag, v, limits));
  }

  /** A list of u8 values. */
  u8List(tag: number): number[] {
    return [...this.#required(tag)];
  }
  optionalU8List(tag: number): number[] | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : [...v];
  }
  /** A list of u16 LE values. */
  u16List(tag: number): number[] {
    return this.#u16List(tag, this.#required(tag));
  }
  optionalU16List(tag: number): number[] | undefined {
    const v = this.#fields.get(tag);
    return v === undefined ? undefined : this.#u16List(tag, v);
  }

  /** A nested TLV structure, read with its own options. */
  nested(tag: number, options: DecodeTlvOptions = {}): TlvReader {
    const context = options.context ?? `${this.#where} ${tagLabel(tag, this.#names)}`;
    return new TlvReader(this.#required(tag), { ...options, context });
  }

  #required(tag: number): Uint8Array {
    const v = this.#fields.get(tag);
    if (v === undefined) throw this.#error(tag, 'is missing');
    return v;
  }

  #check(tag: number, v: Uint8Array, limits?: { length?: number; maxLength?: number }): Uint8Array {
    if (limits?.length !== undefined && v.length !== limits.length) {
      throw this.#error(tag, `must be ${limits.length} bytes, got ${v.length}`);
    }
    if (limits?.maxLength !== undefined && v.length > limits.maxLength) {
      throw this.#error(tag, `must be at most ${limits.maxLength} bytes, got ${v.length}`);
    }
    return v;
  }

  #uint(tag: number, v: Uint8Array, size: 1 | 2 | 4): number {
    this.#check(tag, v, { length: size });
    let n = 0;
    for (let i = size - 1; i >= 0; i--) n = n * 256 + v[i]!;
    return n;
  }

  #u64(tag: number, v: Uint8Array): number {
    this.#check(tag, v, { length: 8 });
    const view = new DataView(v.buffer, v.byteOffset, 8);
    const hi = view.getUint32(4, true);
    if (hi > 0x1f_ffff) throw this.#error(tag, 'u64 value exceeds 2^53 - 1');
    return hi * 0x1_0000_0000 + view.getUint32(0, true);
  }

  #string(tag: number, v: Uint8Array): string {
    try {
      return fromUtf8(v);
    } catch (cause) {
      throw new MalformedMessageError(`${this.#where}: ${tagLabel(tag, this.#names)} is not valid UTF-8`, {
        cause,
      });
    }
  }

  #u16List(tag: number, v: Uint8Array): number[] {
    if (v.length % 2 !== 0) throw this.#error(tag, `u16 list has odd length ${v.length}`);
    const out: number[] = [];
    for (let i = 0; i < v.length; i += 2) out.push(v[i]! | (v[i + 1]! << 8));
    return out;
  }

  #error(tag: number, what: string): MalformedMessageError {
    return new MalformedMessageError(`${this.#where}: ${tagLabel(tag, this.#names)} ${what}`);
  }
}
