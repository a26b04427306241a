/**
 * Launches Debian's chromium (never a downloaded browser) through puppeteer-core with the flags
 * measured in /work/shared/notes/chrome-web-bluetooth-emulation.md: headless, root-safe, quiet, a
 * fresh profile, and Web Bluetooth exposed on Linux.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where Debian installs chromium (`apt-get install chromium`); CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `${chromiumPath} is absent: install Debian's chromium (apt-get install -y chromium); CI does`;
}

/** A phone-sized viewport (CSS pixels of a 6.1" phone). */
export const phoneViewport = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface LaunchedChromium {
  browser: Browser;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

/** Starts one browser process (Bluetooth emulation is browser-wide: one process per test file). */
export async function launchChromium(options: { extraArgs?: string[]; webBluetooth?: boolean } = {}): Promise<LaunchedChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'keyrig-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    userDataDir,
    // Each test file owns its browser; slow shared CI machines need generous protocol timeouts.
    protocolTimeout: 60_000,
    dumpio: process.env.KEYRIG_CHROMIUM_DUMPIO === '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Exposes navigator.bluetooth on Linux (and requestLEScan, getDevices). Without it, chromium
      // on Linux is a browser with no Web Bluetooth, like Safari or Firefox.
      ...(options.webBluetooth === false ? [] : ['--enable-experimental-web-platform-features']),
      ...(options.extraArgs ?? []),
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
