/**
 * What a conformance test has to work with: the lock under test (its provisioning), the provider
 * to sign with, a phone (a client `Central`), the harness clock, and helpers that issue keys, run
 * attempts and read the lock's audit trail over the protocol — only what a phone can observe.
 */
import { randomUUID } from 'node:crypto';
import {
  KeyrigError,
  exportPublicKeyRaw,
  fromBase64Url,
  generateSigningKeyPair,
  signBlocklist,
  signCredentialDocument,
  signTimeSync,
  verifyBlocklist,
  decodeLockCertificate,
  importPublicKey,
  openSealedAuditRecord,
  type AuditRecord,
  type SealedAudit,
  type Clock,
  type CommandOutcome,
  type CredentialDocumentFields,
  type HeldCredential,
  type PhoneSession,
  type SessionEnd,
} from '@keyrig/protocol';
import type { Central } from '@keyrig/client';
import type { LockProvisioning } from '@keyrig/simulator';
import { openProtocolPhone, runAttempt, type ProtocolPhone, type ProtocolPhoneOptions } from '../dsl/ProtocolPhone.js';
import type { CapabilityStatement } from './capabilities.js';
import type { ConformanceProvider } from './ConformanceProvider.js';

export interface PhoneKey {
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
}

/** A test's expectation did not hold (the lock does not conform). */
export class ConformanceFailure extends KeyrigError {
  constructor(message: string) {
    super('state', message);
  }
}

export type PhoneOptions = Partial<Omit<ProtocolPhoneOptions, 'central' | 'lockId' | 'clock' | 'providerKeys'>> & { key?: PhoneKey };

/**
 * Who ended a session with `end`, in words for a failure report: a phone-side refusal (the phone
 * could not accept what the lock sent) is not the lock's answer (issue #18).
 */
export function endCause(end: SessionEnd): string {
  if (end.by === 'peer') return `the lock answered ${end.codeName}: ${end.reason}`;
  if (end.by === 'transport') return `the link went down (${end.reason})`;
  if (end.codeName === 'LOCK_AUTH_FAILED') return `the phone could not verify the lock's signature (LOCK_AUTH_FAILED): ${end.reason}`;
  return `the phone refused what the lock sent (${end.codeName}): ${end.reason}`;
}

export class ConformanceContext {
  /** Every phone this test opened, newest last (to name who ended a failing attempt). */
  readonly #phones: ProtocolPhone[] = [];

  constructor(
    readonly provisioning: LockProvisioning,
    readonly provider: ConformanceProvider,
    readonly central: Central,
    readonly clock: Clock,
    readonly capabilities: CapabilityStatement,
    /** Lets time pass for the lock (emulated: the shared clock jumps; real: the harness waits). */
    readonly letTimePass: (ms: number) => Promise<void>,
  ) {}

  get lockId(): string {
    return this.provisioning.lock_id;
  }

  /** A key sequence newer than any an earlier run used (seconds of the harness clock; u32 until 2106). */
  freshKeySequence(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** A credential for this lock, valid now, bound to a fresh endpoint key (overrides applied). */
  async key(overrides: Partial<CredentialDocumentFields> = {}, o: { endpointKey?: CryptoKeyPair; signer?: ConformanceProvider['signer'] } = {}): Promise<PhoneKey> {
    const endpointKey = o.endpointKey ?? (await generateSigningKeyPair(false));
    const now = this.clock.now();
    const fields: CredentialDocumentFields = {
      credentialId: randomUUID(),
      userIdentityId: randomUUID(),
      accessGrantId: randomUUID(),
      endpointPublicKey: await exportPublicKeyRaw(endpointKey.publicKey),
      entrances: [this.lockId],
      floors: this.provisioning.floors.slice(0, 2),
      notBefore: now - 3_600_000,
      notAfter: now + 86_400_000,
      schedule: [],
      // No sequence for this lock: such a document is never superseded (§6), so tests stay
      // independent of the sequence a device stored in an earlier test or run.
      keySequences: {},
      issuedAt: now - 3_600_000,
      ...overrides,
    };
    const signer = o.signer ?? this.provider.signer;
    const bytes = await signCredentialDocument(fields, signer);
    return { credential: { bytes, document: { ...fields, keyId: signer.keyId } }, endpointKey };
  }

  /** A blocklist version newer than the provisioned one and any an earlier run used (seconds of the harness clock). */
  freshBlocklistVersion(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /**
   * The ids the provisioning record's blocklist revokes (PROTOCOL.md §9); empty for a record
   * without one (written by an older `keyrig validate init`).
   */
  async provisionedRevocations(): Promise<string[]> {
    if (this.provisioning.blocklist === undefined) return [];
    const v = await verifyBlocklist(fromBase64Url(this.provisioning.blocklist), this.provider.keys);
    if (!v.ok) throw new ConformanceFailure(`the provisioning record's blocklist does not verify with the conformance provider (${v.codeName})`);
    return [...v.value.revokedCredentialIds];
  }

  /**
   * A signed blocklist at `version` revoking `revoked` — plus what the provider revoked before
   * provisioning: a provider's list is complete (§9), so a later list still names those ids and
   * tests stay independent of the order they run in on a shared lock.
   */
  async blocklist(version: number, revoked: readonly string[]): Promise<Uint8Array> {
    const ids = [...new Set([...(await this.provisionedRevocations()), ...revoked])];
    return signBlocklist({ version, issuedAt: this.clock.now(), revokedCredentialIds: ids }, this.provider.signer);
  }

  timeSync(time = this.clock.now()): Promise<Uint8Array> {
    return signTimeSync({ time, lockId: this.lockId }, this.provider.signer);
  }

  /** Connects a phone to the lock (session ready to start). Close it. */
  async phone(o: PhoneOptions = {}): Promise<ProtocolPhone> {
    const key = o.key ?? (await this.key());
    const phone = await openProtocolPhone({
      central: this.central,
      lockId: this.lockId,
      clock: this.clock,
      providerKeys: this.provider.keys,
      credential: key.credential,
      endpointKey: key.endpointKey,
      ...o,
    });
    this.#phones.push(phone);
    return phone;
  }

  /**
   * Why the newest session that ended with `codeName` ended, when one did: the lock's ERROR, a
   * refusal by the phone itself (e.g. it could not verify the lock's signature), or the link going
   * down. Undefined for a lock's RESULT (the session stays open) and for GRANTED.
   */
  cause(codeName: string): string | undefined {
    if (codeName === 'GRANTED') return undefined;
    const end = [...this.#phones].reverse().find((p) => p.session.end?.codeName === codeName)?.session.end;
    return end ? endCause(end) : undefined;
  }

  /** Handshake + command (default unlock; selectFloors for an elevator); the code the phone ends with. */
  async attempt(o: PhoneOptions & { command?: (s: PhoneSession, p: ProtocolPhone) => Promise<CommandOutcome> } = {}): Promise<{ codeName: string; outcome?: CommandOutcome }> {
    const p = await this.phone(o);
    try {
      const command = o.command ?? ((s: PhoneSession) => (this.provisioning.lock_type === 'elevator' ? s.selectFloors(this.provisioning.floors.slice(0, 1)) : s.unlock()));
      return await runAttempt(p, (s) => command(s, p));
    } finally {
      await p.close();
    }
  }

  /** The lock's public key, as its certificate names it (§5.3). */
  async lockPublicKey(): Promise<CryptoKey> {
    if (this.provisioning.lock_certificate === null) throw new ConformanceFailure('the lock under test has no certificate');
    return importPublicKey(decodeLockCertificate(fromBase64Url(this.provisioning.lock_certificate)).lockPublicKey, 'ecdsa');
  }

  /**
   * The lock's newest audit records (§10), fetched over an authenticated session and opened as the
   * provider does (§10.1): each must verify under the lock's certificate key and decrypt with the
   * provider audit key, else the test fails.
   */
  async audit(max = 16): Promise<AuditRecord[]> {
    const lockKey = await this.lockPublicKey();
    const out: AuditRecord[] = [];
    for (const s of await this.sealedAudit(max)) {
      const o = await openSealedAuditRecord(s.sealed, { lockPublicKey: () => lockKey, auditPrivateKey: (kid) => (kid === this.provider.audit.keyId ? this.provider.audit.privateKey : undefined) });
      if (!o.ok) throw new ConformanceFailure(`audit record ${s.sequence} refused as the provider would: ${o.reason} (${o.detail})`);
      out.push(o.record);
    }
    return out;
  }

  /** The lock's newest audit records as a phone holds them: sealed (§10.1). */
  async sealedAudit(max = 16): Promise<SealedAudit[]> {
    const p = await this.phone();
    try {
      const hs = await p.handshake();
      if (!hs.ok) throw new ConformanceFailure(`could not open a session to read the audit: ${hs.codeName}`);
      const out: SealedAudit[] = [];
      let from = Math.max(0, hs.auditHighWater - max + 1);
      for (let page = 0; page < 8; page++) {
        const r = await p.session.fetchAudit(from);
        out.push(...(r.auditRecords ?? []));
        if (!r.moreAudit || r.nextAuditSequence === undefined) break;
        from = r.nextAuditSequence;
      }
      return out;
    } finally {
      await p.close();
    }
  }

  /** Throws a ConformanceFailure unless `actual` is one of `expected`. */
  expectCode(actual: string, expected: string | readonly string[], what: string): void {
    const ok = typeof expected === 'string' ? [expected] : expected;
    if (ok.includes(actual)) return;
    const cause = this.cause(actual);
    throw new ConformanceFailure(`${what}: expected ${ok.join(' or ')}, got ${actual}${cause ? ` — ${cause}` : ''}`);
  }

  expect(ok: boolean, message: string): void {
    if (!ok) throw new ConformanceFailure(message);
  }
}
