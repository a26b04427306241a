/**
 * Reassembly and fragmentation errors (PROTOCOL.md §3). A lock answers any of them with an ERROR
 * message carrying ResultCode.FRAGMENT_ERROR.
 */
import { KeyrigError } from '../errors.js';

/**
 * Why a fragment stream was refused:
 * - `gap`: a fragment index (or a whole message id) was skipped;
 * - `duplicate`: a fragment index, or a whole message id, arrived again;
 * - `overlong`: total length above the max message size, more bytes than the total, or a message
 *   too large for 256 fragments;
 * - `interleaved`: a fragment of another message id while one message is being reassembled;
 * - `no-first-fragment`: a continuation fragment while no message is being reassembled;
 * - `timeout`: no fragment for the reassembly timeout while a message was incomplete;
 * - `too-short`: a fragment shorter than its header, or an empty message.
 */
export type FragmentErrorReason =
  | 'gap'
  | 'duplicate'
  | 'overlong'
  | 'interleaved'
  | 'no-first-fragment'
  | 'timeout'
  | 'too-short';

/** A fragment-layer failure, with a machine-readable `reason`. */
export class FragmentError extends KeyrigError {
  readonly reason: FragmentErrorReason;
  /** Message id of the offending fragment, when there was one. */
  readonly messageId: number | undefined;
  /** Fragment index of the offending fragment, when there was one. */
  readonly fragmentIndex: number | undefined;

  constructor(
    reason: FragmentErrorReason,
    message: string,
    details: { messageId?: number; fragmentIndex?: number } = {},
  ) {
    super('fragment', `${reason}: ${message}`);
    this.reason = reason;
    this.messageId = details.messageId;
    this.fragmentIndex = details.fragmentIndex;
  }
}
