/**
 * The whole rig for one browser test file, all real and in this process: the access cloud
 * (Seam-compatible API + key-holder routes, SQLite in memory, controllable clock), the virtual air,
 * one bleno lock per entrance of the demo hotel, a noble central on the air for the bridge, the
 * built web app, and Debian's chromium with the emulated Bluetooth adapter bridged to the air.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBindings, type Noble } from '@stoprocent/noble';
import pino from 'pino';
import { KeyrigUuids } from '@keyrig/protocol';
import { Air, ControllableClock, startCloud, startLocks, webAppPage, type Cloud, type RunningLock } from '@keyrig/simulator';
import { buildWebApp } from '../../../src/web/build.js';
import { BluetoothEmulation } from './BluetoothEmulation.js';
import { launchChromium, type LaunchedChromium } from './chromium.js';
import { WebBluetoothBridge } from './WebBluetoothBridge.js';

export interface Rig {
  cloud: Cloud;
  clock: ControllableClock;
  air: Air;
  locks: RunningLock[];
  noble: Noble;
  chromium: LaunchedChromium;
  emulation: BluetoothEmulation;
  bridge: WebBluetoothBridge;
  /** POST to the cloud's API with the workspace API key. */
  api<T = Record<string, unknown>>(route: string, body?: unknown): Promise<T>;
  /** Lock of an entrance of the demo hotel by its display name ("Room 101", "Gym"...). */
  lock(entranceName: string): RunningLock;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const logger = pino({ level: process.env.KEYRIG_TEST_LOG ?? 'silent' });
  const siteDir = mkdtempSync(join(tmpdir(), 'keyrig-webapp-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => rmSync(siteDir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch(() => undefined);
  };
  try {
    // The real build, served by the cloud at the instant key URLs (/ik/<secret>, assets under /ik/).
    await buildWebApp({ outDir: siteDir, minify: false });
    const cloud = await startCloud({ dbPath: ':memory:', logger, controlRoutes: true, instantKeyPage: webAppPage(siteDir) });
    cleanups.push(() => cloud.close());
    const clock = cloud.clock as ControllableClock;

    const air = new Air({ seed: 7, logger });
    cleanups.push(() => air.close());
    const provisioning = await cloud.provisioning();
    const locks = await startLocks(provisioning.locks, { air, clock, logger });
    cleanups.push(async () => {
      for (const l of locks) await l.close();
    });

    const central = air.attach({ name: 'browser-central' });
    const noble = withBindings('hci', central.bindings as never) as Noble;
    await noble.waitForPoweredOnAsync(10_000);
    cleanups.push(() => (noble as unknown as { stop?: () => void }).stop?.());

    const chromium = await launchChromium();
    cleanups.push(() => chromium.close());
    const emulation = await BluetoothEmulation.enable(chromium.browser);
    const bridge = new WebBluetoothBridge(emulation, noble, { serviceUuid: KeyrigUuids.service });
    await bridge.start();
    cleanups.push(() => bridge.stop());

    const api = async <T>(route: string, body: unknown = {}): Promise<T> => {
      const res = await fetch(`${cloud.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cloud.apiKey}` },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const byEntrance = new Map(provisioning.locks.map((p) => [p.entrance_name, p.lock_id]));
    return {
      cloud, clock, air, locks, noble, chromium, emulation, bridge, api,
      lock: (name) => {
        const id = byEntrance.get(name);
        const l = locks.find((x) => x.lockId === id);
        if (!l) throw new Error(`no lock for entrance "${name}" (have ${[...byEntrance.keys()].join(', ')})`);
        return l;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
