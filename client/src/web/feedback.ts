/**
 * What the key holder is told, for every state an unlock can be in. Pure: the page renders the
 * returned words into one live region; tests and screenshots key on `state`.
 */
import { resultCodeDescriptions, type ResultCodeName } from '@keyrig/protocol';

export type Feedback =
  | { state: 'ready' }
  | { state: 'searching'; entrance: string }
  | { state: 'still-searching'; entrance: string }
  | { state: 'connecting'; entrance: string }
  | { state: 'unlocking'; entrance: string }
  | { state: 'granted'; entrance: string; floors?: readonly number[] }
  | { state: 'denied'; entrance: string; code: ResultCodeName; reason?: string }
  | { state: 'not-found'; entrance: string }
  | { state: 'out-of-range'; entrance: string; detail: string }
  | { state: 'timeout'; entrance: string; detail: string }
  | { state: 'error'; entrance?: string; detail: string }
  | { state: 'bluetooth-off' }
  | { state: 'unsupported'; ios?: boolean }
  | { state: 'key-expired' }
  | { state: 'key-revoked' }
  | { state: 'key-used' }
  | { state: 'key-invalid'; detail: string }
  | { state: 'key-cancelled' }
  | { state: 'loading' };

export type FeedbackState = Feedback['state'];

/** How a message looks and how urgently assistive technology announces it. */
export type Tone = 'info' | 'progress' | 'success' | 'warning' | 'danger';

export interface FeedbackView {
  tone: Tone;
  title: string;
  detail?: string;
  /** Assertive announcements interrupt; used for denials, errors and key problems. */
  urgent: boolean;
}

/** Where to go when this browser cannot do Web Bluetooth. */
export const UNSUPPORTED_ADVICE =
  'Open this link in Chrome, Edge or Samsung Internet on Android, or Chrome or Edge on a computer. ' +
  'On an iPhone, use a Web Bluetooth browser such as Bluefy, or the hotel app.';

/** iPhone and iPad: no browser there does Web Bluetooth (they all run Safari's engine). */
export const IOS_ADVICE =
  'iPhone and iPad browsers cannot open locks from a web page. Ask the front desk for a key card, ' +
  'or copy this link and open it in Chrome on an Android phone.';

function floorsText(floors: readonly number[] | undefined): string | undefined {
  if (!floors || floors.length === 0) return undefined;
  return floors.length === 1 ? `Floor ${floors[0]} is released: press its button.` : `Floors ${floors.join(', ')} are released.`;
}

/** The words and tone for a feedback state. */
export function describeFeedback(f: Feedback): FeedbackView {
  switch (f.state) {
    case 'loading':
      return { tone: 'progress', title: 'Loading your key…', urgent: false };
    case 'ready':
      return { tone: 'info', title: 'Tap Unlock next to an entrance when you are at it.', urgent: false };
    case 'searching':
      return { tone: 'progress', title: `Looking for ${f.entrance}…`, detail: 'Pick the lock in the list your browser shows.', urgent: false };
    case 'still-searching':
      return {
        tone: 'warning',
        title: `Still looking for ${f.entrance}`,
        detail: 'Make sure Bluetooth is turned on and that you are within a few metres of the lock.',
        urgent: true,
      };
    case 'connecting':
      return { tone: 'progress', title: `Connecting to ${f.entrance}…`, urgent: false };
    case 'unlocking':
      return { tone: 'progress', title: `Unlocking ${f.entrance}…`, urgent: false };
    case 'granted': {
      const detail = floorsText(f.floors);
      return { tone: 'success', title: `${f.entrance} unlocked`, ...(detail ? { detail } : {}), urgent: true };
    }
    case 'denied':
      return {
        tone: 'danger',
        title: `${f.entrance}: access denied`,
        detail: `${resultCodeDescriptions[f.code]}.`,
        urgent: true,
      };
    case 'not-found':
      return {
        tone: 'warning',
        title: `No lock selected for ${f.entrance}`,
        detail: 'If the lock did not appear, move closer to it, check Bluetooth is on, and tap Unlock again.',
        urgent: true,
      };
    // The radio's own words ("timed out after 10000 ms") are for the console, not the guest.
    case 'out-of-range':
      return { tone: 'warning', title: `${f.entrance} is out of range`, detail: 'Move closer to the lock and tap Unlock again.', urgent: true };
    case 'timeout':
      return { tone: 'warning', title: `${f.entrance} did not answer in time`, detail: 'Stay close to the lock and tap Unlock again.', urgent: true };
    case 'error':
      return { tone: 'danger', title: f.entrance ? `Could not unlock ${f.entrance}` : 'Something went wrong', detail: f.detail, urgent: true };
    case 'bluetooth-off':
      return {
        tone: 'warning',
        title: 'Bluetooth is off',
        detail: 'Turn on Bluetooth in your device settings, then tap Unlock again.',
        urgent: true,
      };
    case 'unsupported':
      return f.ios
        ? { tone: 'warning', title: 'iPhone cannot open locks from this page', detail: IOS_ADVICE, urgent: true }
        : { tone: 'warning', title: 'This browser cannot open locks', detail: UNSUPPORTED_ADVICE, urgent: true };
    case 'key-expired':
      return { tone: 'danger', title: 'This key has expired', detail: 'Ask the front desk for a new key.', urgent: true };
    case 'key-revoked':
      return { tone: 'danger', title: 'This key was revoked', detail: 'It no longer opens any door. Ask the front desk for help.', urgent: true };
    case 'key-used':
      return { tone: 'danger', title: 'This key was already used', detail: 'It could be opened a limited number of times. Ask the front desk for a new key.', urgent: true };
    case 'key-invalid':
      return { tone: 'danger', title: 'This key link does not work', detail: f.detail, urgent: true };
    case 'key-cancelled':
      return { tone: 'danger', title: 'This stay was cancelled', detail: 'The key opens no entrance now. Ask the front desk for help.', urgent: true };
  }
}
