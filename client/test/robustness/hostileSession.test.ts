/**
 * `attemptAccess` (client/src/core/accessLock.ts) reports `granted` only when the handshake
 * completed AND the command was answered by a RESULT saying GRANTED — defence in depth: the real
 * PhoneSession already refuses a clear ERROR carrying GRANTED (hostileLock.test.ts), so this
 * swaps in a hostile PhoneSession that lets GRANTED through the other ways (a failed handshake
 * with code GRANTED, a session ending with GRANTED instead of a RESULT). The link is a real
 * HostileCentral connection; LockChannel and the rest of the attempt are the real ones.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CommandOutcome, HandshakeOutcome, PhoneSessionOptions, SessionEnd } from '@keyrig/protocol';
import { attemptAccess } from '../../src/core/accessLock.js';
import { hostileMaterial, hostileNearby } from '../../src/testing/clientFuzz.js';
import { HostileCentral } from '../../src/testing/HostileLock.js';

/** What the hostile session answers in the current test. */
const play: { handshake?: HandshakeOutcome; command?: CommandOutcome; end?: SessionEnd } = {};

vi.mock('@keyrig/protocol', async (importOriginal) => {
  const protocol = await importOriginal<typeof import('@keyrig/protocol')>();
  class HostilePhoneSession {
    state: string = 'idle';
    end: SessionEnd | undefined;
    constructor(readonly options: PhoneSessionOptions) {}
    async start(): Promise<HandshakeOutcome> {
      const hs = play.handshake!;
      this.state = hs.ok ? 'ready' : 'closed';
      if (!hs.ok) this.end = { code: hs.code, codeName: hs.codeName, reason: hs.reason, by: 'peer' };
      return hs;
    }
    async unlock(): Promise<CommandOutcome> {
      if (play.end) {
        this.state = 'closed';
        this.end = play.end;
      }
      return play.command!;
    }
    selectFloors(): Promise<CommandOutcome> {
      return this.unlock();
    }
    async fetchAudit(): Promise<CommandOutcome> {
      return { code: protocol.ResultCode.GRANTED, codeName: 'GRANTED', grantedFloors: [], auditRecords: [], moreAudit: false };
    }
    async receive(): Promise<void> {}
    async fragmentError(): Promise<void> {}
    close(): void {
      this.state = 'closed';
    }
    abort(): void {
      this.state = 'closed';
    }
  }
  return { ...protocol, PhoneSession: HostilePhoneSession };
});

const GRANTED = 0x00;

async function attempt() {
  const central = new HostileCentral([{ notify: true, mtu: 185, answers: [[]] }]);
  return attemptAccess({ central, lock: hostileNearby, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 1 });
}

describe('attemptAccess: granted needs a completed handshake and a RESULT', () => {
  it('a failed handshake whose code says GRANTED is not granted', async () => {
    play.handshake = { ok: false, code: GRANTED, codeName: 'GRANTED', reason: 'door open, trust me' };
    delete play.command;
    delete play.end;
    const r = await attempt();
    expect(r.outcome).toBe('denied');
    expect(r.codeName).toBe('MALFORMED');
    expect(r.reason).toMatch(/without a completed handshake/);
    expect(r.grantedFloors).toEqual([]);
  });

  it('a completed handshake whose command ends with GRANTED but no RESULT (session closed by the peer) is not granted', async () => {
    play.handshake = readyHandshake();
    play.end = { code: GRANTED, codeName: 'GRANTED', reason: 'ERROR carrying GRANTED', by: 'peer' };
    play.command = { code: GRANTED, codeName: 'GRANTED', reason: 'ERROR carrying GRANTED', grantedFloors: [1, 2] };
    const r = await attempt();
    expect(r.outcome).toBe('denied');
    expect(r.codeName).toBe('MALFORMED');
    expect(r.reason).toMatch(/without a RESULT/);
    expect(r.grantedFloors).toEqual([]);
  });

  it('control: a completed handshake and a RESULT saying GRANTED is granted (the hostile session is faithful enough)', async () => {
    play.handshake = readyHandshake();
    delete play.end;
    play.command = { code: GRANTED, codeName: 'GRANTED', grantedFloors: [], lockTime: 1_780_000_000_000, auditSequence: 7 };
    const r = await attempt();
    expect(r.outcome).toBe('granted');
    expect(r.codeName).toBe('GRANTED');
  });
});

function readyHandshake(): HandshakeOutcome {
  return {
    ok: true,
    version: 1,
    lockId: hostileNearby.lockId,
    certificate: {} as Extract<HandshakeOutcome, { ok: true }>['certificate'],
    lockTime: 1_780_000_000_000,
    auditHighWater: 6,
    transactionId: new Uint8Array(16),
  };
}
