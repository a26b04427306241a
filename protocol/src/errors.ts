/**
 * One error base class for keyrig, with a string `code` (STYLE.md: "Errors").
 * Malformed input throws a typed error; a denied unlock is returned as data, never thrown.
 */
export type KeyrigErrorCode =
  | 'malformed'
  | 'fragment'
  | 'crypto'
  | 'state'
  | 'timeout'
  | 'unsupported'
  | 'config'
  | 'io'
  | 'internal';

export class KeyrigError extends Error {
  readonly code: KeyrigErrorCode;
  constructor(code: KeyrigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bytes that do not decode as the structure they claim to be. */
export class MalformedMessageError extends KeyrigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('malformed', message, options);
  }
}
