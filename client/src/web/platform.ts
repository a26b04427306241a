/**
 * Which kind of device the page runs on, for advice: every iPhone and iPad browser runs Safari's
 * engine, which has no Web Bluetooth, so an iOS guest is told so first and offered the front desk.
 */

/** iPhone, iPod or iPad (iPadOS reports itself as a Mac with a touch screen), any browser. */
export function isIos(userAgent: string, maxTouchPoints: number): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return true;
  return /\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1;
}
