import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPublicKeyRaw, generateSigningKeyPair, toHex } from '@keyrig/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeyStore } from './FileKeyStore.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyrig-keystore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileKeyStore', () => {
  it('keeps an endpoint key and session across instances, in a 0600 file', async () => {
    const path = join(dir, 'sub', 'keystore.json');
    const pair = await generateSigningKeyPair(true);
    await new FileKeyStore(path).put('scope-a', {
      endpointKey: pair,
      endpointId: 'ep-1',
      clientSession: { token: 'seam_cst_secret', userIdentityId: 'u-1' },
    });
    const back = await new FileKeyStore(path).get('scope-a');
    expect(back?.endpointId).toBe('ep-1');
    expect(back?.clientSession?.token).toBe('seam_cst_secret');
    expect(toHex(await exportPublicKeyRaw(back!.endpointKey.publicKey))).toBe(toHex(await exportPublicKeyRaw(pair.publicKey)));
    // The restored private key signs what the original public key verifies.
    const data = new TextEncoder().encode('hello');
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, back!.endpointKey.privateKey, data);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, sig, data)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await new FileKeyStore(path).get('scope-b')).toBeUndefined();
  });

  it('keeps concurrent puts and deletes a record', async () => {
    const store = new FileKeyStore(join(dir, 'ks.json'));
    const [a, b] = await Promise.all([generateSigningKeyPair(true), generateSigningKeyPair(true)]);
    await Promise.all([store.put('a', { endpointKey: a }), store.put('b', { endpointKey: b })]);
    expect(Object.keys(JSON.parse(await readFile(store.path, 'utf8')).records).sort()).toEqual(['a', 'b']);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBeDefined();
  });

  it('refuses a file that is not a keystore, and a non-extractable key', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{"hello":1}');
    await expect(new FileKeyStore(path).get('x')).rejects.toThrow(/not a keyrig keystore/);
    await writeFile(path, 'not json');
    await expect(new FileKeyStore(path).get('x')).rejects.toThrow(/not valid JSON/);
    const locked = await generateSigningKeyPair(false);
    await expect(new FileKeyStore(join(dir, 'k.json')).put('x', { endpointKey: locked })).rejects.toThrow(/extractable/);
  });
});
