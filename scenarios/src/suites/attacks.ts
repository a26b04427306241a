/**
 * Attacks: replay, a relay holding messages past the deadline, a key used at the wrong lock, a
 * forged or altered document, someone else's endpoint key, a protocol downgrade. The reference
 * lock refuses each, and says why in its audit trail.
 */
import {
  decodeSignedEnvelope,
  encodeHello,
  encodeCredentialBody,
  encodeSignedEnvelope,
  generateSigningKeyPair,
  MessageType,
  signCredentialDocument,
} from '@keyrig/protocol';
import { defineSuite } from '../dsl/scenario.js';
import type { World } from '../dsl/World.js';
import type { Phone } from '../dsl/Phone.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

/** Ada with a stay on Room 101 and her phone at the door. */
async function adaAtTheDoor(w: World): Promise<Phone> {
  const ada = await w.guest('Ada Guest');
  await ada.stay({ entrances: [ENTRANCES.room101] });
  const phone = await w.phone('ada', ENTRANCES.room101);
  await phone.openKey(await ada.instantKey());
  // A device lock keeps its invalid-attempt streak across scenarios: a genuine opening resets
  // it, so the attacks of one run never add up to a wandering-intruder lockout.
  if (!w.emulated) w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'Ada opens her door');
  return phone;
}

export default defineSuite(
  'attacks',
  'Attacks',
  [
    {
      title: 'a replayed unlock command is refused',
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const code = await phone.attempt(ENTRANCES.room101, {
          command: async (session, p) => {
            const first = await session.unlock();
            w.timeline.fault('the attacker re-sends the captured COMMAND', 'Attacker');
            await p.inject(p.sent.at(-1)!);
            await waitFor(() => w.lock(ENTRANCES.room101).firmware.auditHighWater() >= 2, 5000);
            return first;
          },
        });
        w.expectEqual(code, 'GRANTED', 'the genuine command');
        w.expectEqual(w.lockAudit(ENTRANCES.room101).map((a) => a.result), ['GRANTED', 'REPLAY'], 'lock audit');
      },
    },
    {
      title: 'a relay that holds PHONE_AUTH past the deadline is refused',
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const code = await phone.attempt(ENTRANCES.room101, {
          beforeSend: async (m) => {
            if (m[0] === MessageType.PHONE_AUTH) await w.letTimePass(3000, 'the relay holds PHONE_AUTH');
          },
        });
        w.expectEqual(code, 'DEADLINE_EXCEEDED', 'relayed handshake');
      },
    },
    {
      title: 'a room key presented at another room is refused',
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const key = phone.credentialFor(ENTRANCES.room101);
        w.expectEqual(await phone.attempt(ENTRANCES.room102, { credential: key }), 'WRONG_LOCK', 'Room 101 key at Room 102');
      },
    },
    {
      title: 'a document forged with an attacker key is refused',
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const genuine = phone.credentialFor(ENTRANCES.room101);
        const attacker = await generateSigningKeyPair(false);
        const { keyId, ...fields } = genuine.document;
        const bytes = await signCredentialDocument({ ...fields, notAfter: fields.notAfter + 365 * 86_400_000 }, { keyId, privateKey: attacker.privateKey });
        const code = await phone.attempt(ENTRANCES.room101, { credential: { bytes, document: { ...genuine.document } } });
        w.expectEqual(code, 'BAD_SIGNATURE', 'forged document');
      },
    },
    {
      title: 'an altered document (validity stretched, signature kept) is refused',
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const genuine = phone.credentialFor(ENTRANCES.room101);
        const envelope = decodeSignedEnvelope(genuine.bytes, 'credential');
        const body = encodeCredentialBody({ ...genuine.document, notAfter: genuine.document.notAfter + 365 * 86_400_000 });
        const bytes = encodeSignedEnvelope({ body, signature: envelope.signature });
        const code = await phone.attempt(ENTRANCES.room101, { credential: { bytes, document: genuine.document } });
        w.expectEqual(code, 'BAD_SIGNATURE', 'altered document');
      },
    },
    {
      title: "a copied document used with another phone's key is refused",
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const thief = await generateSigningKeyPair(false);
        const code = await phone.attempt(ENTRANCES.room101, { endpointKey: thief });
        w.expectEqual(code, 'ENDPOINT_MISMATCH', 'copied document, wrong endpoint key');
      },
    },
    {
      title: 'a man in the middle who strips versions from HELLO is detected by the phone',
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        const code = await phone.attempt(ENTRANCES.room101, {
          versions: [1, 2],
          rewrite: (m) => (m[0] === MessageType.HELLO ? encodeHello({ versions: [1], features: 0 }) : m),
        });
        w.expectEqual(code, 'LOCK_AUTH_FAILED', 'downgraded HELLO');
      },
    },
    {
      title: 'a phone offering only versions the lock does not speak is refused',
      portable: true,
      run: async (w) => {
        const phone = await adaAtTheDoor(w);
        w.expectEqual(await phone.attempt(ENTRANCES.room101, { versions: [7] }), 'UNSUPPORTED_VERSION', 'HELLO offering version 7 only');
      },
    },
  ],
  ['security'],
);

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
