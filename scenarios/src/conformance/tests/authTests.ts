/** Handshake and authentication (PROTOCOL.md §5, §7, §8, §11). */
import { decodeSignedEnvelope, encodeCredentialBody, encodeSignedEnvelope, generateSigningKeyPair, MessageType, ResultCode, resultCodeName } from '@keyrig/protocol';
import { sleep } from '../../dsl/ProtocolPhone.js';
import type { ConformanceTest } from '../ConformanceTest.js';

const YEAR = 365 * 86_400_000;

export const authTests: readonly ConformanceTest[] = [
  {
    id: 'KR/LOCK/AUTH/BV-01-C',
    title: 'Grants a valid credential after a handshake the phone can verify',
    run: async (ctx) => {
      const r = await ctx.attempt();
      ctx.expectCode(r.codeName, 'GRANTED', 'valid credential');
    },
  },
  {
    id: 'KR/LOCK/AUTH/BV-02-C',
    title: 'Selects the highest common version when the phone also offers an unknown one',
    run: async (ctx) => ctx.expectCode((await ctx.attempt({ versions: [1, 9] })).codeName, 'GRANTED', 'HELLO offering versions 1 and 9'),
  },
  {
    id: 'KR/LOCK/AUTH/BI-01-C',
    title: 'Refuses a document signed by an unknown key under a trusted key id',
    run: async (ctx) => {
      const rogue = await generateSigningKeyPair(false);
      const key = await ctx.key({}, { signer: { keyId: ctx.provider.signer.keyId, privateKey: rogue.privateKey } });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'BAD_SIGNATURE', 'forged document');
    },
  },
  {
    id: 'KR/LOCK/AUTH/BI-02-C',
    title: 'Refuses an altered document (validity stretched, signature kept)',
    run: async (ctx) => {
      const genuine = await ctx.key({ notAfter: ctx.clock.now() - 60_000 });
      const body = encodeCredentialBody({ ...genuine.credential.document, notAfter: ctx.clock.now() + YEAR });
      const bytes = encodeSignedEnvelope({ body, signature: decodeSignedEnvelope(genuine.credential.bytes, 'credential').signature });
      const key = { ...genuine, credential: { bytes, document: genuine.credential.document } };
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'BAD_SIGNATURE', 'altered document');
    },
  },
  {
    id: 'KR/LOCK/AUTH/BI-03-C',
    title: "Refuses a document presented with another phone's endpoint key",
    run: async (ctx) => {
      const genuine = await ctx.key();
      const thief = await generateSigningKeyPair(false);
      ctx.expectCode((await ctx.attempt({ key: { credential: genuine.credential, endpointKey: thief } })).codeName, 'ENDPOINT_MISMATCH', 'copied document');
    },
  },
  {
    id: 'KR/LOCK/AUTH/BI-04-C',
    title: 'Refuses a document signed under an unknown provider key id',
    run: async (ctx) => {
      const other = await generateSigningKeyPair(false);
      const key = await ctx.key({}, { signer: { keyId: 'not-provisioned', privateKey: other.privateKey } });
      ctx.expectCode((await ctx.attempt({ key })).codeName, ['UNKNOWN_PROVIDER_KEY', 'BAD_SIGNATURE'], 'document under an unknown key id');
    },
  },
  {
    id: 'KR/LOCK/AUTH/BI-05-C',
    title: 'Refuses PHONE_AUTH arriving after the handshake deadline (relay)',
    run: async (ctx) => {
      const code = await ctx.attempt({
        beforeSend: async (m) => {
          if (m[0] === MessageType.PHONE_AUTH) await ctx.letTimePass(3000);
        },
      });
      ctx.expectCode(code.codeName, 'DEADLINE_EXCEEDED', 'PHONE_AUTH 3 s after LOCK_AUTH');
    },
  },
  {
    id: 'KR/LOCK/AUTH/BI-06-C',
    title: 'Refuses a HELLO offering only versions it does not speak',
    run: async (ctx) => ctx.expectCode((await ctx.attempt({ versions: [9] })).codeName, 'UNSUPPORTED_VERSION', 'HELLO offering version 9 only'),
  },
  {
    id: 'KR/LOCK/AUTH/BI-07-C',
    title: 'Refuses a replayed COMMAND and audits it',
    features: ['audit'],
    run: async (ctx) => {
      const r = await ctx.attempt({
        command: async (s, p) => {
          const first = await s.unlock();
          await p.inject(p.sent.at(-1)!);
          await sleep(400); // the lock answers the replay (or acts on it) before we hang up
          return first;
        },
      });
      ctx.expectCode(r.codeName, 'GRANTED', 'the genuine command');
      const codes = (await ctx.audit(4)).map((a) => a.resultCode);
      ctx.expect(codes.at(-1) === ResultCode.REPLAY && codes.at(-2) === ResultCode.GRANTED, `audit after the replay: expected [..., GRANTED, REPLAY], got [${codes.map((c) => resultCodeName(c) ?? c).join(', ')}]`);
    },
  },
];
