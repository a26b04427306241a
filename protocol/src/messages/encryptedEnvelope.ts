/**
 * Encrypted message envelope (PROTOCOL.md §4, §7):
 *   `[0] type | [1..4] counter u32 BE | ciphertext || tag (16)`
 * PHONE_AUTH carries the phone's ephemeral key in clear before the counter:
 *   `[0] 0x03 | [1..65] phone ephemeral key | [66..69] counter u32 BE | ciphertext || tag`
 * AAD = type || counter (BE); IV = direction prefix || counter (BE).
 */
import { concatBytes } from '../bytes.js';
import { counterBytes, directionIv, GCM_TAG_LENGTH, openAesGcm, sealAesGcm, type Direction } from '../crypto/aesGcm.js';
import { PUBLIC_KEY_LENGTH } from '../crypto/keys.js';
import { MalformedMessageError } from '../errors.js';
import { MessageType, messageTypeName, peekMessageType, type MessageTypeValue } from './MessageType.js';

/** Message types that travel encrypted (ERROR only after SESSION_READY, §7). */
export const ENCRYPTED_TYPES: ReadonlySet<number> = new Set([
  MessageType.PHONE_AUTH,
  MessageType.SESSION_READY,
  MessageType.COMMAND,
  MessageType.RESULT,
  MessageType.AUDIT_RECORDS,
  MessageType.ERROR,
]);

/** The parts of an encrypted message, before decryption. */
export interface EncryptedEnvelope {
  readonly type: MessageTypeValue;
  readonly counter: number;
  readonly sealed: Uint8Array;
  /** PHONE_AUTH only. */
  readonly phoneEphemeralKey?: Uint8Array;
}

/** Splits an encrypted message; throws MalformedMessageError when it is too short or not an encrypted type. */
export function decodeEncryptedEnvelope(message: Uint8Array): EncryptedEnvelope {
  const type = peekMessageType(message);
  if (!ENCRYPTED_TYPES.has(type)) throw new MalformedMessageError(`${messageTypeName(type)} is not an encrypted message`);
  const keyLength = type === MessageType.PHONE_AUTH ? PUBLIC_KEY_LENGTH : 0;
  const header = 1 + keyLength + 4;
  if (message.length < header + GCM_TAG_LENGTH) {
    throw new MalformedMessageError(`${messageTypeName(type)}: ${message.length} bytes is shorter than header + tag (${header + GCM_TAG_LENGTH})`);
  }
  const view = new DataView(message.buffer, message.byteOffset, message.length);
  const counter = view.getUint32(1 + keyLength, false);
  const sealed = message.subarray(header);
  return keyLength === 0
    ? { type, counter, sealed }
    : { type, counter, sealed, phoneEphemeralKey: message.slice(1, 1 + keyLength) };
}

/** Encrypts `plaintext` into a whole message. */
export async function sealMessage(
  key: CryptoKey,
  direction: Direction,
  type: MessageTypeValue,
  counter: number,
  plaintext: Uint8Array,
  phoneEphemeralKey?: Uint8Array,
): Promise<Uint8Array> {
  const ctr = counterBytes(counter);
  const sealed = await sealAesGcm(key, directionIv(direction, counter), plaintext, concatBytes(Uint8Array.of(type), ctr));
  const head = type === MessageType.PHONE_AUTH ? concatBytes(Uint8Array.of(type), phoneEphemeralKey ?? new Uint8Array(0)) : Uint8Array.of(type);
  if (type === MessageType.PHONE_AUTH && phoneEphemeralKey?.length !== PUBLIC_KEY_LENGTH) {
    throw new MalformedMessageError('PHONE_AUTH needs the 65-byte phone ephemeral key');
  }
  return concatBytes(head, ctr, sealed);
}

/** Decrypts an envelope; null when authentication fails (DECRYPT_FAILED is the caller's answer). */
export function openEnvelope(key: CryptoKey, direction: Direction, env: EncryptedEnvelope): Promise<Uint8Array | null> {
  const aad = concatBytes(Uint8Array.of(env.type), counterBytes(env.counter));
  return openAesGcm(key, directionIv(direction, env.counter), env.sealed, aad);
}
