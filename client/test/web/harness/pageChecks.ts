/**
 * Checks a test runs on the page as a guest would experience it: axe-core's rules, layout shift
 * (Chromium's own layout-shift entries), where the status sheet is on screen, what has focus, and
 * the contrast of the focus ring, computed here from WCAG 2.x's definition (not the app's code).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules) on the page. The source is evaluated over CDP, which the
 * page's Content-Security-Policy (script-src 'self') does not govern, so the CSP stays on.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Cumulative layout shift so far (shifts not caused by recent input), from Chromium's buffered entries. */
export async function cumulativeLayoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) total += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 100);
      }),
  );
}

/** Where the status sheet is, the viewport's height, and which entrance it speaks of. */
export async function statusPlacement(page: Page): Promise<{ top: number; bottom: number; viewportHeight: number; entranceId: string | null; text: string }> {
  return page.$eval('#feedback', (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, viewportHeight: window.innerHeight, entranceId: (el as HTMLElement).dataset['entranceId'] ?? null, text: el.textContent ?? '' };
  });
}

/** Top of an entrance card's Unlock button in the viewport (before any scrolling by the test). */
export async function unlockButtonTop(page: Page, entrance: string): Promise<number> {
  return page.evaluate((n: string) => {
    const li = Array.from(document.querySelectorAll('#entrances .entrance')).find((x) => x.querySelector('.entrance__name')?.textContent === n);
    return li!.querySelector('button.unlock')!.getBoundingClientRect().top;
  }, entrance);
}

/** The accessible name of the focused element ("" for <body>). */
export async function focusedControl(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement === document.body ? '' : (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '')));
}

/** "rgb(r, g, b)" → channels. */
export function parseRgb(css: string): [number, number, number] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** WCAG 2.x contrast ratio, from its definition of relative luminance. */
export function wcagContrast(a: [number, number, number], b: [number, number, number]): number {
  const lum = (c: [number, number, number]): number => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
