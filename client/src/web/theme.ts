/**
 * The key's customization (Seam instant key `customization`: primary_color, secondary_color,
 * logo_url) applied as CSS custom properties, with text colours chosen for WCAG 2.1 contrast.
 */

export interface Customization {
  primary_color?: string | null;
  secondary_color?: string | null;
  logo_url?: string | null;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** sRGB channels 0..255 of "#rgb" or "#rrggbb", or undefined for anything else. */
export function parseHexColor(value: string | null | undefined): [number, number, number] | undefined {
  if (!value || !HEX.test(value)) return undefined;
  const h = value.length === 4 ? [...value.slice(1)].map((c) => c + c).join('') : value.slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance (WCAG 2.1, §1.4.3 definitions). */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with `background` (one of them always reaches 4.5:1). */
export function textColorOn(background: [number, number, number]): '#000000' | '#ffffff' {
  return contrastRatio(background, [0, 0, 0]) >= contrastRatio(background, [255, 255, 255]) ? '#000000' : '#ffffff';
}

/** CSS variables for a customization; colours that are not "#rgb"/"#rrggbb" keep the defaults. */
export function themeVariables(c: Customization | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  const primary = parseHexColor(c?.primary_color);
  const secondary = parseHexColor(c?.secondary_color);
  if (primary) {
    vars['--brand'] = c!.primary_color!;
    vars['--on-brand'] = textColorOn(primary);
  }
  if (secondary) {
    vars['--accent'] = c!.secondary_color!;
    vars['--on-accent'] = textColorOn(secondary);
  }
  return vars;
}

/** Applies the customization to the document (colours, theme-color meta, logo). */
export function applyCustomization(doc: Document, c: Customization | undefined, propertyName: string): void {
  for (const [k, v] of Object.entries(themeVariables(c))) doc.documentElement.style.setProperty(k, v);
  if (c?.primary_color && parseHexColor(c.primary_color)) {
    doc.querySelector('meta[name="theme-color"]')?.setAttribute('content', c.primary_color);
  }
  const logo = doc.getElementById('logo') as HTMLImageElement | null;
  if (logo) {
    if (c?.logo_url && /^(https?:|data:image\/)/.test(c.logo_url)) {
      logo.src = c.logo_url;
      logo.alt = `${propertyName} logo`;
      logo.hidden = false;
    } else {
      logo.hidden = true;
    }
  }
}
