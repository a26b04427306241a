/** GATT, advertisement and framing (PROTOCOL.md §1–§3). */
import { decodeAuditRecord, decodeLockInfo, decodeTlv, LOCK_INFO_LENGTH } from '@keyrig/protocol';
import { findLock } from '../../dsl/ProtocolPhone.js';
import type { ConformanceTest } from '../ConformanceTest.js';

export const gattTests: readonly ConformanceTest[] = [
  {
    id: 'KR/LOCK/ADV/BV-01-C',
    title: 'Advertises the keyrig service with its lock id and type',
    run: async (ctx) => {
      const lock = await findLock(ctx.central, ctx.lockId, 10_000);
      ctx.expect(lock.lockType === ctx.provisioning.lock_type, `advertised lock type ${lock.lockType}, provisioned ${ctx.provisioning.lock_type}`);
      ctx.expect(lock.advertisement.version >= 1, `advertised protocol version ${lock.advertisement.version}`);
    },
  },
  {
    id: 'KR/LOCK/GATT/BV-01-C',
    title: 'Info characteristic names the lock and a message size within the statement',
    run: async (ctx) => {
      const p = await ctx.phone();
      try {
        const info = decodeLockInfo(await p.link.readInfo());
        ctx.expect(info.lockId === ctx.lockId, `info lock id ${info.lockId}, expected ${ctx.lockId}`);
        ctx.expect(info.minVersion >= 1 && info.maxVersion >= info.minVersion, `info versions ${info.minVersion}..${info.maxVersion}`);
        ctx.expect(info.maxMessageSize >= Math.min(ctx.capabilities.max_message_size, 512), `info max message size ${info.maxMessageSize} < the declared ${ctx.capabilities.max_message_size}`);
      } finally {
        await p.close();
      }
    },
  },
  {
    id: 'KR/LOCK/GATT/BI-01-C',
    title: 'The unauthenticated info read discloses no audit records',
    run: async (ctx) => {
      ctx.expectCode((await ctx.attempt()).codeName, 'GRANTED', 'an access that leaves an audit record');
      const p = await ctx.phone();
      let extra: Uint8Array;
      try {
        extra = (await p.link.readInfo()).subarray(LOCK_INFO_LENGTH);
      } finally {
        await p.close();
      }
      let leaked = 0;
      try {
        for (const f of decodeTlv(new Uint8Array(extra))) {
          decodeAuditRecord(f.value);
          leaked++;
        }
      } catch {
        // Bytes that do not decode as audit records are not a leak of them.
      }
      ctx.expect(leaked === 0, `the info value carries ${leaked} audit record(s) after its ${LOCK_INFO_LENGTH} bytes`);
    },
  },
  {
    id: 'KR/LOCK/GATT/BV-02-C',
    title: 'Reassembles multi-fragment messages at ATT MTU 23',
    applies: (caps) => caps.att_mtu.min <= 23,
    run: async (ctx) => {
      const p = await ctx.phone({ mtu: 23 });
      try {
        ctx.expect(p.link.mtu === 23, `could not agree ATT MTU 23 (got ${p.link.mtu})`);
        const hs = await p.handshake();
        ctx.expectCode(hs.ok ? 'GRANTED' : hs.codeName, 'GRANTED', 'handshake at MTU 23');
        const r = ctx.provisioning.lock_type === 'elevator' ? await p.session.selectFloors(ctx.provisioning.floors.slice(0, 1)) : await p.session.unlock();
        ctx.expectCode(r.codeName, 'GRANTED', 'command at MTU 23');
      } finally {
        await p.close();
      }
    },
  },
  {
    id: 'KR/LOCK/GATT/BV-03-C',
    title: 'Answers by read-pull when the phone does not subscribe',
    features: ['read_pull'],
    run: async (ctx) => ctx.expectCode((await ctx.attempt({ responseMode: 'read' })).codeName, 'GRANTED', 'access with read-pull responses'),
  },
  {
    id: 'KR/LOCK/GATT/BV-04-C',
    title: 'Answers by notification when the phone subscribes',
    features: ['notify'],
    run: async (ctx) => ctx.expectCode((await ctx.attempt({ responseMode: 'notify' })).codeName, 'GRANTED', 'access with notified responses'),
  },
];
