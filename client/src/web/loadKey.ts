/**
 * Opening an instant key in the browser (docs/CLOUD.md "Key-holder flow") with the client core's
 * KeyHolderApi: open the link → client session; a non-extractable P-256 endpoint key made once
 * and kept in IndexedDB → registered; credentials loaded and cached. With no network the cached
 * copy is used, so a key opened once still opens doors in an elevator bank with no signal.
 */
import {
  decodeCredentialDocument,
  exportPublicKeyRaw,
  fromBase64Url,
  generateSigningKeyPair,
  importProviderKeys,
  jwkToPublicKeyRaw,
  sha256,
  toBase64Url,
  toHex,
  utf8,
  systemClock,
  type Clock,
  type HeldCredential,
  type ProviderKeys,
} from '@keyrig/protocol';
import { KeyHolderApi, parseInstantKeyUrl } from '../core/cloud/KeyHolderApi.js';
import type { CredentialBundleJson, InstantKeyPreviewJson, KeyPageJson } from '@keyrig/api';
import { CloudError } from '../core/errors.js';
import type { IndexedDbKeyStore } from './IndexedDbKeyStore.js';
import type { Customization } from './theme.js';

/** What the page keeps per key for offline use (IndexedDB, beside the endpoint key). */
export interface CachedKey {
  preview: InstantKeyPreviewJson & { customization?: Customization | null };
  bundle: CredentialBundleJson;
  /** The hotel and the guest (key page route); absent in copies cached before it existed. */
  page?: KeyPageJson | null;
  /** Cloud time minus browser time when the bundle was loaded (the cloud's clock is the reference). */
  clockOffsetMs: number;
  savedAt: number;
}

export type LoadedKey =
  | {
      status: 'ready';
      key: CachedKey;
      credentials: HeldCredential[];
      providerKeys: ProviderKeys;
      endpointKey: CryptoKeyPair;
      offline: boolean;
      /** The key-holder API with this key's client session (audit uploads). */
      api: KeyHolderApi;
    }
  | { status: 'expired' | 'revoked' | 'used'; detail: string }
  | { status: 'invalid'; detail: string };

/** The last key opened in this browser, for the installed app's start URL (which has no secret). */
const LAST_KEY = 'last-instant-key-url';

/** IndexedDB scope of a key: a hash of its URL (the URL itself is a secret). */
async function scopeOf(url: string): Promise<string> {
  return `ik:${toHex(await sha256(utf8(url))).slice(0, 32)}`;
}

async function decode(key: CachedKey): Promise<{ credentials: HeldCredential[]; providerKeys: ProviderKeys }> {
  const credentials = key.bundle.credentials.map((c) => {
    const bytes = fromBase64Url(c.document);
    return { bytes, document: decodeCredentialDocument(bytes) };
  });
  const providerKeys = await importProviderKeys(key.bundle.provider_keys.map((k) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const));
  return { credentials, providerKeys };
}

/** The instant key URL of this page, or the last one opened here when the page has none. */
export async function instantKeyUrlFor(location: string, store: IndexedDbKeyStore): Promise<string | undefined> {
  try {
    const parsed = parseInstantKeyUrl(location.split('#')[0]!.split('?')[0]!);
    await store.putCached(LAST_KEY, parsed.url);
    return parsed.url;
  } catch {
    return store.getCached<string>(LAST_KEY);
  }
}

/**
 * The copy of the key saved on this device, to show at once while the cloud is asked (or when
 * it cannot be reached); undefined when this device never opened the key.
 */
export async function loadCachedKey(url: string, store: IndexedDbKeyStore): Promise<Extract<LoadedKey, { status: 'ready' }> | undefined> {
  const parsed = parseInstantKeyUrl(url);
  const scope = await scopeOf(parsed.url);
  const cached = await store.getCached<CachedKey>(scope);
  const record = await store.get(scope);
  if (!cached || !record) return undefined;
  const api = new KeyHolderApi({ apiBaseUrl: parsed.apiBaseUrl, timeoutMs: 8000 });
  if (record.clientSession) api.useClientSessionToken(record.clientSession.token);
  return { status: 'ready', key: cached, endpointKey: record.endpointKey, offline: true, api, ...(await decode(cached)) };
}

/** Opens the key online, or falls back to the cached copy when the cloud cannot be reached. */
export async function loadKey(url: string, store: IndexedDbKeyStore, clock: Clock = systemClock): Promise<LoadedKey> {
  const parsed = parseInstantKeyUrl(url);
  const scope = await scopeOf(parsed.url);
  const api = new KeyHolderApi({ apiBaseUrl: parsed.apiBaseUrl, timeoutMs: 8000 });

  const offline = async (): Promise<LoadedKey> =>
    (await loadCachedKey(url, store)) ?? {
      status: 'invalid',
      detail: 'No connection, and this key was never opened on this device. Connect to the internet and open the link again.',
    };

  try {
    const opened = await api.openInstantKey(parsed.url);
    const preview = opened.preview as CachedKey['preview'];
    let record = await store.get(scope);
    if (!record) {
      // Non-extractable: the private key can sign in this browser and nowhere else.
      record = { endpointKey: await generateSigningKeyPair(false) };
      await store.put(scope, record);
    }
    const publicKey = toBase64Url(await exportPublicKeyRaw(record.endpointKey.publicKey));
    const endpoint = await api.registerEndpoint(publicKey, navigator.userAgent);
    const bundle = await api.loadCredentials(endpoint.endpoint_id);
    // The hotel's name and look: best effort (the key opens doors without it; an older copy stays).
    const page = await api.loadKeyPage().catch(async () => (await store.getCached<CachedKey>(scope))?.page ?? null);
    record = {
      ...record,
      endpointId: endpoint.endpoint_id,
      clientSession: { token: opened.clientSession.token, clientSessionId: opened.clientSession.client_session_id, userIdentityId: opened.clientSession.user_identity_id, expiresAt: Date.parse(opened.clientSession.expires_at) },
    };
    await store.put(scope, record);
    const now = clock.now();
    const key: CachedKey = { preview, bundle, page, clockOffsetMs: Date.parse(bundle.issued_at) - now, savedAt: now };
    await store.putCached(scope, key);
    return { status: 'ready', key, endpointKey: record.endpointKey, offline: false, api, ...(await decode(key)) };
  } catch (e) {
    if (!(e instanceof CloudError)) throw e;
    if (e.status === 0) return offline();
    // The cloud said no: forget what this browser cached, so a revoked key stops showing doors.
    const forget = async (): Promise<void> => {
      await store.delete(scope);
    };
    switch (e.type) {
      case 'instant_key_expired':
        // Drop the doors, keep the endpoint key: a key that follows its stay comes back when the
        // stay is extended (CLOUD.md C1), and this browser must then still be the same device
        // (a new key would use up another of max_use_count).
        await store.deleteCached(scope);
        return { status: 'expired', detail: e.message };
      case 'client_session_revoked':
      case 'endpoint_removed':
        await forget();
        return { status: 'revoked', detail: e.message };
      case 'max_use_count_reached':
        return { status: 'used', detail: e.message };
      case 'unauthorized': {
        // A link this browser opened before and the cloud no longer knows was deleted: revoked.
        const knewIt = (await store.get(scope)) !== undefined;
        await forget();
        return knewIt
          ? { status: 'revoked', detail: e.message }
          : { status: 'invalid', detail: 'This link is not valid: it may be mistyped, or the key was deleted. Ask the front desk for a new key.' };
      }
      default:
        if (e.status >= 500) return offline();
        return { status: 'invalid', detail: e.message };
    }
  }
}
