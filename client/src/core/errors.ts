/**
 * Errors the client core throws. A denial is never one of these: it is an outcome (data).
 * These are for things that stopped the client from getting an answer at all.
 */
import { KeyrigError, type KeyrigErrorCode } from '@keyrig/protocol';

/** BLE trouble: adapter not powered, connect/GATT failure, link lost, timeouts. */
export class BleError extends KeyrigError {
  constructor(code: Extract<KeyrigErrorCode, 'io' | 'timeout' | 'unsupported' | 'state'>, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The cloud answered with an error or could not be reached. */
export class CloudError extends KeyrigError {
  /** HTTP status (0 when the request never got an answer). */
  readonly status: number;
  /** Seam error type, e.g. `unauthorized`, `invalid_input`, `not_found`. */
  readonly type: string;
  constructor(status: number, type: string, message: string, options?: { cause?: unknown }) {
    super(status === 0 ? 'io' : 'state', message, options);
    this.status = status;
    this.type = type;
  }
}

/** Input the client cannot use: a malformed instant key URL, a keystore file of the wrong shape. */
export class ClientInputError extends KeyrigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** A BLE deadline's error, for `Clock.timeout` (`{ error: bleTimeout }`): `${what} timed out after ${ms} ms`. */
export function bleTimeout(message: string): BleError {
  return new BleError('timeout', message);
}
