/**
 * Who the key is from and for: the hotel's name and logo, the guest's name, the hotel's colours
 * (its customization profile, or the key's own customization), and, where this browser cannot open
 * locks, the advice and the front desk. A link that arrives by text message then looks like the
 * hotel's, not like phishing.
 */
import type { CachedKey } from './loadKey.js';
import { applyCustomization } from './theme.js';

/** Applies what the page knows of the hotel and the guest (the key page, else the key's preview). */
export function applyIdentity(doc: Document, key: CachedKey): void {
  const page = key.page ?? null;
  const property = page?.property_name ?? null;
  applyCustomization(doc, page?.customization ?? key.preview.customization ?? undefined, property ?? 'Hotel');
  const propertyEl = doc.getElementById('property-name');
  if (propertyEl && property) propertyEl.textContent = property;
  const title = doc.getElementById('key-title');
  if (title) title.textContent = page?.guest_name ? `Key for ${page.guest_name}` : 'Your mobile key';
  doc.title = property ? `Your key · ${property}` : 'Your key';
}

export interface HelpOptions {
  ios: boolean;
  propertyName: string | null;
  /** The property's front desk in words ("Call +49 30 1234 5678, reception open 24 h"). */
  frontDesk: string | null;
}

/**
 * The panel for a browser without Web Bluetooth, above the entrances: what to do instead first
 * (for iPhones, that no iOS browser can), then the front desk, then a button copying the link
 * (to open it on another phone).
 */
export function showHelp(doc: Document, o: HelpOptions): void {
  const panel = doc.getElementById('help');
  if (!panel) return;
  const desk = doc.getElementById('front-desk')!;
  desk.textContent = o.frontDesk ? `Front desk${o.propertyName ? ` of ${o.propertyName}` : ''}: ${o.frontDesk}` : 'The front desk can give you a key card.';
  panel.dataset['platform'] = o.ios ? 'ios' : 'other';
  panel.hidden = false;
  const copy = doc.getElementById('copy-link') as HTMLButtonElement;
  copy.onclick = () => {
    const done = (ok: boolean): void => void (copy.textContent = ok ? 'Link copied' : 'Copy failed: press and hold the address bar');
    navigator.clipboard?.writeText(location.href).then(() => done(true), () => done(false)) ?? done(false);
  };
}
