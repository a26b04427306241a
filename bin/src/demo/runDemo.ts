/**
 * `keyrig demo`: the whole loop on embedded defaults. An in-process cloud (SQLite in a temp dir),
 * the virtual air under a timing profile, a small hotel (a room door, an elevator, a gym) of
 * emulated locks, and a phone (the client core on real noble). The property grants a guest a stay
 * and issues an instant key; the phone loads it, walks to the room and unlocks it, selects a
 * floor, enters the gym; then the story travels past checkout and the room door refuses the key.
 * Every step reports its outcome with the protocol's result code and its simulated latency.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { accessNearby, FileKeyStore, KeyHolder, openNobleCentral, type AccessOutcome, type NobleCentral } from '@keyrig/client';
import { OffsetClock, systemClock, type ResultCodeName, type ResultCodeValue } from '@keyrig/protocol';
import { TIMING_PROFILES, type McuName, type TimingProfileName } from '@keyrig/simulator';
import { startRig, type Rig } from '@keyrig/scenarios';
import { DEMO_ENTRANCES, demoProperty } from './demoProperty.js';

/** Monday 2026-06-01 15:00 in Berlin (check-in). */
export const DEMO_START = Date.UTC(2026, 5, 1, 13, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Checkout: Wednesday 11:00 Berlin, two nights later. */
export const DEMO_CHECKOUT = DEMO_START + 44 * HOUR;
const GUEST = { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' };
const FLOOR = 3;

export interface DemoOptions {
  readonly profile: TimingProfileName;
  /** The locks' MCU crypto profile (default 'nrf52840': replies carry the lock's crypto time). */
  readonly lockMcu?: McuName;
  readonly logger: Logger;
  /** Write btsnoop captures (one file per controller) here. */
  readonly captureDir?: string;
  readonly seed?: number;
  readonly progress?: (message: string) => void;
}

/** One access step of the story, as printed and as JSON. */
export interface DemoStep {
  /** Simulated local time of the step (ISO, UTC). */
  readonly at: string;
  readonly entrance: string;
  readonly type: 'door' | 'elevator' | 'amenity';
  readonly action: 'unlock' | 'selectFloors';
  readonly outcome: 'granted' | 'denied' | 'failed';
  readonly code: ResultCodeValue | null;
  readonly codeName: ResultCodeName | null;
  readonly reason: string;
  readonly grantedFloors: readonly number[];
  /** Phone air time from scan start to disconnect, under the profile (ms). */
  readonly simLatencyMs: number;
  /** Where that time went (ms of phone air time): scan, connect + GATT, handshake, command, audit fetch + disconnect. */
  readonly simPhasesMs: { readonly scan: number; readonly connect: number; readonly handshake: number; readonly command: number; readonly auditAndDisconnect: number } | null;
  readonly wallMs: number;
  /** What the story expects here; `asExpected` false means the rig misbehaved. */
  readonly expected: 'granted' | 'denied';
  readonly asExpected: boolean;
}

/** Something that happened off the air (cloud, phone setup, time travel), for the timeline. */
export interface DemoNote {
  readonly at: string;
  readonly who: 'cloud' | 'phone' | 'clock';
  readonly text: string;
}

export interface DemoResult {
  readonly property: string;
  readonly timeZone: string;
  readonly profile: TimingProfileName;
  readonly lockMcu: McuName;
  readonly guest: { readonly name: string; readonly userIdentityId: string; readonly stayFrom: string; readonly stayUntil: string };
  readonly notes: readonly DemoNote[];
  readonly steps: readonly DemoStep[];
  /** Events the cloud recorded for the guest from relayed audit records. */
  readonly cloudEvents: Readonly<Record<string, number>>;
  readonly totalSimLatencyMs: number;
  readonly wallTimeMs: number;
  readonly captureDir: string | null;
  /** Every step as the story expects. */
  readonly ok: boolean;
}

interface Plan {
  readonly key: keyof typeof DEMO_ENTRANCES;
  readonly floors?: readonly number[];
  readonly expected: 'granted' | 'denied';
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const progress = o.progress ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), 'keyrig-demo-'));
  // True time of the story: runs at wall speed from DEMO_START; time travel moves the offset.
  const clock = new OffsetClock(systemClock, DEMO_START - Date.now());
  const property = demoProperty();
  const notes: DemoNote[] = [];
  const note = (who: DemoNote['who'], text: string) => notes.push({ at: new Date(clock.now()).toISOString(), who, text });
  let rig: Rig | undefined;
  let central: NobleCentral | undefined;
  try {
    progress(`starting the cloud, the air (${o.profile}) and ${property.entrances.length} locks`);
    rig = await startRig({
      logger: o.logger,
      clock,
      dir,
      property,
      timing: o.profile,
      ...(o.lockMcu ? { lockSetup: () => ({ mcu: o.lockMcu }) } : {}),
      ...(o.captureDir ? { captureDir: o.captureDir } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    });
    const entrances = await rig.admin.entrances();
    const byKey = (key: string) => {
      const e = entrances.find((x) => x.keyrig_metadata.entrance_key === key);
      if (!e) throw new Error(`demo property has no entrance "${key}"`);
      return e;
    };
    const ids = Object.values(DEMO_ENTRANCES).map((k) => byKey(k).acs_entrance_id);

    const userIdentityId = await rig.admin.createGuest(GUEST.name, GUEST.email);
    await rig.admin.grantStay(userIdentityId, ids, clock.now(), DEMO_CHECKOUT, [FLOOR]);
    const names = Object.values(DEMO_ENTRANCES).map((k) => byKey(k)).map((e) => (e.keyrig_metadata.type === 'elevator' ? `${e.display_name} (floor ${FLOOR})` : e.display_name));
    note('cloud', `stay granted to ${GUEST.name}: ${names.join(', ')} until checkout`);
    const url = await rig.admin.issueInstantKey(userIdentityId);
    note('cloud', 'instant key issued (a link with a secret; sent to the guest)');

    progress('the phone opens the instant key and loads its credentials');
    const phone = rig.attachPhone('phone', { x: -3, y: 1 });
    central = await openNobleCentral({ hci: phone.bindings, clock, logger: o.logger, poweredOnTimeoutMs: 15_000 });
    const keyHolder = await KeyHolder.open({ instantKeyUrl: url, keyStore: new FileKeyStore(join(dir, 'keystore.json')), clock, logger: o.logger, userAgent: 'keyrig-demo' });
    const { wallet } = await keyHolder.loadCredentials();
    note('phone', `instant key opened, device key registered, ${wallet.credentials.length} credentials loaded`);

    const profile = TIMING_PROFILES[o.profile];
    const steps: DemoStep[] = [];
    const run = async (plan: Plan): Promise<void> => {
      const entrance = byKey(DEMO_ENTRANCES[plan.key]);
      const lockId = entrance.keyrig_metadata.lock_ids[0]!;
      // Walk up to the entrance (1 m in front of its lock).
      const at = rig!.positions[lockId]!;
      rig!.air.move('phone', { x: at.x, y: at.y + 1 });
      progress(`${entrance.display_name}: ${plan.floors ? `selecting floor ${plan.floors.join(', ')}` : 'unlocking'}`);
      const t0 = phone.simTime();
      const w0 = Date.now();
      const marks = new Map<string, number>();
      const when = new Date(clock.now()).toISOString();
      const report = await accessNearby({
        central: central!,
        keyHolder,
        target: { kind: 'named', name: lockId },
        ...(plan.floors ? { floors: plan.floors } : {}),
        scanTimeoutMs: 10_000,
        mtu: profile.attMtu,
        clock,
        logger: o.logger,
        onPhase: (phase) => marks.set(phase, phone.simTime()),
      });
      const outcome: AccessOutcome | undefined = report.outcomes[0];
      steps.push({
        at: when,
        entrance: entrance.display_name,
        type: entrance.keyrig_metadata.type as DemoStep['type'],
        action: outcome?.action ?? (plan.floors ? 'selectFloors' : 'unlock'),
        outcome: outcome?.outcome ?? 'failed',
        code: outcome?.code ?? null,
        codeName: outcome?.codeName ?? null,
        reason: outcome?.reason ?? report.notFound ?? 'not attempted',
        grantedFloors: outcome?.grantedFloors ?? [],
        simLatencyMs: round1(phone.simTime() - t0),
        simPhasesMs: phases(t0, marks),
        wallMs: Date.now() - w0,
        expected: plan.expected,
        asExpected: outcome?.outcome === plan.expected,
      });
      if (report.audit && 'error' in report.audit) note('phone', `audit upload refused: ${report.audit.error.replace(/^\/phone\/audit\/upload: /, '')}`);
      clock.offsetMs += 2 * MINUTE; // walking on
    };

    await run({ key: 'room', expected: 'granted' });
    await run({ key: 'elevator', floors: [FLOOR], expected: 'granted' });
    await run({ key: 'gym', expected: 'granted' });
    const target = DEMO_CHECKOUT + HOUR;
    clock.offsetMs += target - clock.now();
    note('clock', 'travel in time: one hour past checkout');
    await run({ key: 'room', expected: 'denied' });

    const events = await rig.admin.events({ user_identity_id: userIdentityId, event_types: ['lock.unlocked', 'lock.access_denied'] });
    const cloudEvents: Record<string, number> = { 'lock.unlocked': 0, 'lock.access_denied': 0 };
    for (const e of events) cloudEvents[e.event_type] = (cloudEvents[e.event_type] ?? 0) + 1;
    return {
      property: property.name,
      timeZone: property.time_zone,
      profile: o.profile,
      lockMcu: o.lockMcu ?? 'nrf52840',
      guest: { name: GUEST.name, userIdentityId, stayFrom: new Date(DEMO_START).toISOString(), stayUntil: new Date(DEMO_CHECKOUT).toISOString() },
      notes,
      steps,
      cloudEvents,
      totalSimLatencyMs: round1(steps.reduce((n, s) => n + s.simLatencyMs, 0)),
      wallTimeMs: Date.now() - started,
      captureDir: o.captureDir ?? null,
      ok: steps.every((s) => s.asExpected),
    };
  } finally {
    await central?.close().catch(() => undefined);
    await rig?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Phase durations from the last connection's milestones (null when a milestone is missing). */
function phases(t0: number, m: ReadonlyMap<string, number>): DemoStep['simPhasesMs'] {
  const [scanned, connected, ready, answered, closed] = ['scanned', 'connected', 'sessionReady', 'answered', 'closed'].map((k) => m.get(k));
  if ([scanned, connected, ready, answered, closed].some((v) => v === undefined)) return null;
  return {
    scan: round1(scanned! - t0),
    connect: round1(connected! - scanned!),
    handshake: round1(ready! - connected!),
    command: round1(answered! - ready!),
    auditAndDisconnect: round1(closed! - answered!),
  };
}

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}
