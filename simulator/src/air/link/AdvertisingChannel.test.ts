/**
 * Who hears whom, kept incrementally: raw hosts (byte-level HCI) scanning and advertising on one
 * air, checked through the LE Advertising Reports their hosts receive (Vol 4 Part E §7.7.65.2).
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '@keyrig/testkit';
import { Air } from './Air.js';
import { hashString, SeededRandom } from './rng.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const SET_EVENT_MASK = '01 010c 08 fffffbff07f8bf3d'; // LE Meta on (bit 61), as noble and bleno send it
const ADV_PARAMS_20MS = '01 0620 0f 2000 2000 00 00 00 000000000000 07 00'; // ADV_IND every 20 ms
const ADV_ON = '01 0a20 01 01';
const ADV_OFF = '01 0a20 01 00';
const ACTIVE_SCAN = '01 0b20 07 01 1000 1000 00 00'; // active, window = interval = 10 ms
const scanOn = (filterDuplicates: boolean): string => `01 0c20 02 01 ${filterDuplicates ? '01' : '00'}`;
const SCAN_OFF = '01 0c20 02 00 00';

interface Report {
  readonly type: number;
  readonly address: string;
}

function host(air: Air, name: string, x = 0) {
  const c = air.createController({ name, position: { x, y: 0 } });
  const reports: Report[] = [];
  const events: Buffer[] = [];
  const self = {
    c,
    address: c.address.toString('hex'),
    reports,
    events,
    send: (s: string): void => c.receiveFromHost(h(s)),
    /** Called as each report arrives (the host reacting at once, as noble's handlers do). */
    onReport: (): void => undefined,
  };
  c.connectHost((p) => {
    // LE Meta (0x3e), subevent LE Advertising Report (0x02), one report: type at 5, address at 7..12.
    if (p[0] === 0x04 && p[1] === 0x3e && p[3] === 0x02) {
      reports.push({ type: p[5]!, address: p.subarray(7, 13).toString('hex') });
      self.onReport();
    } else events.push(p);
  });
  self.send(SET_EVENT_MASK);
  return self;
}

type Host = ReturnType<typeof host>;

function advertiser(air: Air, name: string, x = 0): Host {
  const a = host(air, name, x);
  a.send(ADV_PARAMS_20MS);
  a.send(ADV_ON);
  return a;
}

function scanner(air: Air, name: string, filterDuplicates = false): Host {
  const s = host(air, name);
  s.send(ACTIVE_SCAN);
  s.send(scanOn(filterDuplicates));
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const heardFrom = (s: Host): Set<string> => new Set(s.reports.map((r) => r.address));
const ADV_IND = 0x00;
const SCAN_RSP = 0x04;

describe('advertising channel bookkeeping', () => {
  it('a scanner started after N advertisers hears every one of them, advertisement and scan response', async () => {
    const air = new Air({ seed: 3 });
    const ads = Array.from({ length: 40 }, (_, i) => advertiser(air, `lock-${i}`, i % 7));
    const s = scanner(air, 'phone');
    await waitUntil(() => ads.every((a) => s.reports.some((r) => r.address === a.address && r.type === SCAN_RSP)), 'a scan response from each advertiser');
    expect(heardFrom(s)).toEqual(new Set(ads.map((a) => a.address)));
    expect(s.reports.filter((r) => r.type === ADV_IND).length).toBeGreaterThanOrEqual(40);
    await air.close();
  });

  it('an advertiser that starts after the scan is heard by every scanner; one that stops is no longer heard', async () => {
    const air = new Air({ seed: 4 });
    const s1 = scanner(air, 'phone-1');
    const s2 = scanner(air, 'phone-2');
    const a = advertiser(air, 'lock');
    await waitUntil(() => heardFrom(s1).has(a.address) && heardFrom(s2).has(a.address), 'both scanners hear the lock');
    a.send(ADV_OFF);
    await sleep(30); // a report handed over before the stop may still arrive
    const n1 = s1.reports.length;
    const n2 = s2.reports.length;
    await sleep(150); // 7 advertising intervals
    expect(s1.reports.length).toBe(n1);
    expect(s2.reports.length).toBe(n2);
    a.send(ADV_ON);
    await waitUntil(() => s1.reports.length > n1 && s2.reports.length > n2, 'the restarted lock is heard again');
    await air.close();
  });

  it('an advertiser moved out of range stops being heard, and is heard again when it comes back', async () => {
    const air = new Air({ seed: 5 });
    const near = advertiser(air, 'near', 2);
    const moving = advertiser(air, 'moving', 3);
    const s = scanner(air, 'phone');
    await waitUntil(() => heardFrom(s).has(moving.address), 'the moving lock');
    air.move('moving', { x: 5000, y: 0 }); // far beyond the ~316 m range at 0 dBm
    await sleep(30);
    const before = s.reports.filter((r) => r.address === moving.address).length;
    const nearBefore = s.reports.filter((r) => r.address === near.address).length;
    await sleep(150);
    expect(s.reports.filter((r) => r.address === moving.address).length).toBe(before);
    expect(s.reports.filter((r) => r.address === near.address).length).toBeGreaterThan(nearBefore); // the rest goes on
    air.move('moving', { x: 3, y: 0 });
    await waitUntil(() => s.reports.filter((r) => r.address === moving.address).length > before, 'the lock back in range');
    await air.close();
  });

  it('a scanner moved out of range hears nothing; moved back, it hears everyone again', async () => {
    const air = new Air({ seed: 6 });
    const ads = Array.from({ length: 5 }, (_, i) => advertiser(air, `lock-${i}`, i));
    const s = scanner(air, 'phone');
    await waitUntil(() => heardFrom(s).size === 5, 'all five');
    air.move('phone', { x: -5000, y: 0 });
    await sleep(30);
    const n = s.reports.length;
    await sleep(150);
    expect(s.reports.length).toBe(n);
    air.move('phone', { x: 0, y: 0 });
    s.reports.length = 0;
    await waitUntil(() => heardFrom(s).size === 5, 'all five again');
    expect(heardFrom(s)).toEqual(new Set(ads.map((a) => a.address)));
    await air.close();
  });

  it('a scanner whose host goes away and comes back without a Reset hears again', async () => {
    const air = new Air({ seed: 9 });
    for (let i = 0; i < 5; i++) advertiser(air, `lock-${i}`, i);
    const s = scanner(air, 'phone');
    // The host leaves while reading the third report: the next one is already queued for it and
    // goes with the queue.
    s.onReport = () => {
      if (s.reports.length === 3) s.c.disconnectHost();
    };
    await waitUntil(() => s.reports.length === 3 && !s.c.hostConnected, 'the host gone');
    await sleep(60);
    const sink = (p: Buffer): void => {
      if (p[0] === 0x04 && p[1] === 0x3e && p[3] === 0x02) s.reports.push({ type: p[5]!, address: p.subarray(7, 13).toString('hex') });
    };
    s.c.connectHost(sink);
    await waitUntil(() => s.reports.length >= 3 + 10, 'reports after the host is back');
    await air.close();
  });

  it('with Filter_Duplicates each advertiser is reported once per report type; without it, again every interval', async () => {
    const air = new Air({ seed: 7 });
    const ads = Array.from({ length: 10 }, (_, i) => advertiser(air, `lock-${i}`, i));
    const filtered = scanner(air, 'filtered', true);
    const all = scanner(air, 'all', false);
    await waitUntil(() => heardFrom(filtered).size === 10 && all.reports.length >= 4 * 20, 'both scans under way');
    await sleep(150);
    for (const a of ads) {
      const mine = filtered.reports.filter((r) => r.address === a.address);
      expect(mine.map((r) => r.type).sort()).toEqual([ADV_IND, SCAN_RSP]);
      expect(all.reports.filter((r) => r.address === a.address && r.type === ADV_IND).length).toBeGreaterThan(3);
    }
    // A new scan starts a new filter (§7.8.11): everyone is reported once more.
    filtered.send(SCAN_OFF);
    await sleep(20);
    filtered.reports.length = 0;
    filtered.send(scanOn(true));
    await waitUntil(() => heardFrom(filtered).size === 10 && filtered.reports.length === 20, 'the second filtered scan');
    await sleep(100);
    expect(filtered.reports).toHaveLength(20);
    await air.close();
  });

  it('modeled: reports stop with the scan — at most the one handed over arrives after LE Set Scan Enable (disable) completes', async () => {
    const air = new Air({ seed: 8, timing: 'floor' });
    for (let i = 0; i < 300; i++) advertiser(air, `lock-${i}`, i % 10);
    const s = scanner(air, 'phone');
    // The host stops on the 100th of the 600 reports heard at once when the scan started.
    s.onReport = () => {
      if (s.reports.length === 100) s.send(SCAN_OFF);
    };
    const completes = (): number => s.events.filter((p) => p.equals(h('04 0e 04 01 0c20 00'))).length;
    await waitUntil(() => completes() === 2, 'Command Complete of the disable');
    const atStop = s.reports.length;
    await sleep(150);
    expect(s.reports.length - atStop).toBeLessThanOrEqual(1);
    await air.close();
  });
});

describe('keyed RNG with hashed names', () => {
  it('a name passed as its hash gives the same draw as the name (what the channel relies on)', () => {
    const rng = new SeededRandom(11);
    for (const name of ['lock-1', 'phone-49', 'adv-delay', '']) {
      expect(rng.unit(hashString(name), 3, 7)).toBe(rng.unit(name, 3, 7));
      expect(rng.normal(hashString('rssi'), hashString(name), 1)).toBe(rng.normal('rssi', name, 1));
    }
  });
});
