/** How the CLI shows scans and access outcomes: JSON for scripts, one line per item for people. */
import { activeStatusFlags, resultCodeDescriptions, type ResultCodeName } from '@keyrig/protocol';
import type { AccessOutcome, AccessReport, NearbyLock } from '@keyrig/client';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';

export interface ScannedLock {
  readonly lockId: string;
  readonly type: string;
  readonly rssi: number;
  readonly status: string[];
  readonly version: number;
  readonly securityRevision: number;
  readonly address: string | null;
  readonly name: string | null;
}

export function toScannedLock(n: NearbyLock): ScannedLock {
  return {
    lockId: n.lockId,
    type: n.lockType,
    rssi: n.sighting.rssi,
    status: activeStatusFlags(n.advertisement.status),
    version: n.advertisement.version,
    securityRevision: n.advertisement.securityRevision,
    address: n.sighting.address ?? null,
    name: n.sighting.localName ?? null,
  };
}

export function outcomeJson(o: AccessOutcome) {
  return {
    entrance: o.entrance.name,
    entranceId: o.entrance.acsEntranceId,
    type: o.entrance.type,
    lockId: o.lockId,
    action: o.action,
    outcome: o.outcome,
    code: o.code,
    codeName: o.codeName,
    reason: o.reason,
    grantedFloors: o.grantedFloors,
    rssi: o.rssi,
    connections: o.connections,
    refreshed: o.refreshed,
    durationMs: o.durationMs,
  };
}

export function reportJson(report: AccessReport) {
  return {
    nearby: report.nearby.map(toScannedLock),
    eligible: report.eligible,
    outcomes: report.outcomes.map(outcomeJson),
    audit: report.audit,
    notFound: report.notFound,
  };
}

/** One readable line per attempt. */
export function outcomeLine(o: AccessOutcome): string {
  const what = o.action === 'selectFloors' ? `floors ${o.grantedFloors.length > 0 ? o.grantedFloors.join(',') : '-'}` : 'unlock';
  const verdict = o.outcome === 'granted' ? 'GRANTED' : o.outcome === 'denied' ? `DENIED ${o.codeName}` : 'NO ANSWER';
  const why = o.outcome === 'denied' && o.codeName ? ` — ${resultCodeDescriptions[o.codeName as ResultCodeName] ?? o.reason}` : o.outcome === 'failed' ? ` — ${o.reason}` : '';
  return `${o.entrance.name} (${o.entrance.type}): ${what}: ${verdict}${why}  [rssi ${o.rssi} dBm, ${o.durationMs} ms]`;
}

/** 0 all granted; 1 any denial; 4 nothing found or no answer. */
export function exitCodeOf(report: AccessReport): ExitCodeValue {
  if (report.outcomes.length === 0) return ExitCode.NOT_FOUND;
  if (report.outcomes.some((o) => o.outcome === 'denied')) return ExitCode.DENIED;
  if (report.outcomes.some((o) => o.outcome === 'failed')) return ExitCode.NOT_FOUND;
  return ExitCode.OK;
}
