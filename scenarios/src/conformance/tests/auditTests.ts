/** The audit trail as a phone relays it (PROTOCOL.md §10, §10.1): lock-signed, sealed to the provider. */
import { decodeAuditRecord, openSealedAuditRecord, toHex, uuidToBytes, verifySealedAuditSignature } from '@keyrig/protocol';
import type { ConformanceTest } from '../ConformanceTest.js';

export const auditTests: readonly ConformanceTest[] = [
  {
    id: 'KR/LOCK/AUD/BV-01-C',
    title: "Audit records verify under the lock's certificate key and open with the provider audit key",
    features: ['audit'],
    run: async (ctx) => {
      const key = await ctx.key();
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'GRANTED', 'an access that leaves an audit record');
      const sealed = await ctx.sealedAudit(3);
      ctx.expect(sealed.length > 0, 'the lock returned no audit records');
      const lockKey = await ctx.lockPublicKey();
      for (const s of sealed) {
        ctx.expect(s.lockId === ctx.lockId, `record ${s.sequence} names lock ${s.lockId}`);
        ctx.expect(await verifySealedAuditSignature(s.sealed, lockKey), `record ${s.sequence}: the signature does not verify under the certificate's lock key (context "keyrig/v1 audit")`);
      }
      const last = sealed.at(-1)!;
      const a = ctx.provider.audit;
      const o = await openSealedAuditRecord(last.sealed, { lockPublicKey: () => lockKey, auditPrivateKey: (kid) => (kid === a.keyId ? a.privateKey : undefined) });
      ctx.expect(o.ok, `the newest record does not open as the provider opens it: ${o.ok ? '' : `${o.reason} (${o.detail})`}`);
      if (o.ok) {
        ctx.expect(o.record.credentialId === key.credential.document.credentialId && o.record.resultCode === 0,
          `the newest record is not our GRANTED: credential ${o.record.credentialId}, result ${o.record.resultCode}`);
      }
    },
  },
  {
    id: 'KR/LOCK/AUD/BI-01-C',
    title: "A phone's audit fetch carries no guest's credential id in clear",
    features: ['audit'],
    run: async (ctx) => {
      const other = await ctx.key();
      ctx.expectCode((await ctx.attempt({ key: other })).codeName, 'GRANTED', "another guest's access");
      const sealed = await ctx.sealedAudit(4);
      ctx.expect(sealed.length > 0, 'the lock returned no audit records');
      const id = other.credential.document.credentialId;
      for (const s of sealed) {
        const hex = toHex(s.sealed);
        ctx.expect(!hex.includes(toHex(uuidToBytes(id))) && !Buffer.from(s.sealed).toString('latin1').includes(id), `record ${s.sequence} carries the other guest's credential id ${id} in clear`);
        let plain = true;
        try {
          decodeAuditRecord(s.sealed);
        } catch {
          plain = false;
        }
        ctx.expect(!plain, `record ${s.sequence} is a §10 record in clear, not sealed (§10.1)`);
      }
    },
  },
];
