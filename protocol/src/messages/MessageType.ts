/** Message types, the first byte of every message (PROTOCOL.md §4, §7). */
import { MalformedMessageError } from '../errors.js';

export const MessageType = {
  HELLO: 0x01,
  LOCK_AUTH: 0x02,
  PHONE_AUTH: 0x03,
  SESSION_READY: 0x04,
  COMMAND: 0x05,
  RESULT: 0x06,
  AUDIT_RECORDS: 0x07,
  ERROR: 0x7f,
} as const;
export type MessageTypeName = keyof typeof MessageType;
export type MessageTypeValue = (typeof MessageType)[MessageTypeName];

const byValue = new Map<number, MessageTypeName>(
  (Object.entries(MessageType) as [MessageTypeName, number][]).map(([k, v]) => [v, k]),
);

/** Name of a message type value, or undefined. */
export function messageTypeName(value: number): MessageTypeName | undefined {
  return byValue.get(value);
}

/** The type byte of a message; throws MalformedMessageError for an empty message or unknown type. */
export function peekMessageType(message: Uint8Array): MessageTypeValue {
  if (message.length === 0) throw new MalformedMessageError('empty message');
  const t = message[0]!;
  if (!byValue.has(t)) throw new MalformedMessageError(`unknown message type 0x${t.toString(16).padStart(2, '0')}`);
  return t as MessageTypeValue;
}

/** Throws MalformedMessageError unless `message` starts with `expected`. */
export function expectMessageType(message: Uint8Array, expected: MessageTypeValue): void {
  const t = peekMessageType(message);
  if (t !== expected) {
    throw new MalformedMessageError(`expected ${messageTypeName(expected)}, got ${messageTypeName(t)}`);
  }
}
