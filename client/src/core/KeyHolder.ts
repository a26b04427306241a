/**
 * A key holder's side of the cloud (docs/CLOUD.md "Key-holder flow"): open the instant key URL ->
 * client session -> the endpoint key (kept in a KeyStore, so a second run is the same device and
 * does not use up the key) -> register it -> load credentials -> reload when the cloud reissues;
 * and relay audit records fetched from locks.
 */
import {
  exportPublicKeyRaw,
  generateSigningKeyPair,
  KeyrigError,
  systemClock,
  toBase64Url,
  type SealedAudit,
  type Clock,
} from '@keyrig/protocol';
import { BlobCourier } from './BlobCourier.js';
import { KeyHolderApi, parseInstantKeyUrl, type ParsedInstantKeyUrl } from './cloud/KeyHolderApi.js';
import type { AuditUploadJson, InstantKeyPreviewJson } from '@keyrig/api';
import { CloudError } from './errors.js';
import type { KeyStore } from './keyStore.js';
import { silentLogger, type Logger } from './logger.js';
import { walletChanges, walletFromBundle, type CredentialWallet } from './wallet.js';

/** How to reach the cloud and where the device key lives. */
export interface KeyHolderOptions {
  readonly instantKeyUrl: string;
  readonly keyStore: KeyStore;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Shown to the property in the endpoint list (default "keyrig-client"). */
  readonly userAgent?: string;
  /** API base when it differs from the URL's (default: everything before /ik/). */
  readonly apiBaseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly requestTimeoutMs?: number;
  /** `ensureFresh()` reloads a wallet older than this on the injected clock (default 15 min). */
  readonly maxWalletAgeMs?: number;
}

/** Audit records fetched from one lock. */
export interface LockAudit {
  readonly lockId: string;
  /** Sealed by the lock (PROTOCOL.md §10.1): relayed as they are. */
  readonly records: readonly SealedAudit[];
}

/** One instant key on this device: its session, endpoint key, wallet and audit relay. Make with `KeyHolder.open`. */
export class KeyHolder {
  /** Which time sync went to which lock (each lock takes a time sync once). */
  readonly courier = new BlobCourier();
  #wallet: CredentialWallet | undefined;
  #loadedAt = 0;

  private constructor(
    readonly api: KeyHolderApi,
    readonly instantKey: ParsedInstantKeyUrl,
    readonly preview: InstantKeyPreviewJson,
    readonly userIdentityId: string,
    readonly endpointId: string,
    readonly endpointKey: CryptoKeyPair,
    readonly endpointPublicKey: Uint8Array,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly maxWalletAgeMs: number,
  ) {}

  /** Opens the instant key and makes sure this device's endpoint key is registered. */
  static async open(options: KeyHolderOptions): Promise<KeyHolder> {
    const instantKey = parseInstantKeyUrl(options.instantKeyUrl);
    const logger = (options.logger ?? silentLogger).child({ component: 'key-holder' });
    const api = new KeyHolderApi({
      apiBaseUrl: options.apiBaseUrl ?? instantKey.apiBaseUrl,
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    });
    logger.info({ instantKey: instantKey.redacted }, 'opening instant key');
    const { clientSession, preview } = await api.openInstantKey(instantKey.url);
    const scope = `${api.apiBaseUrl}#${preview.instant_key_id}`;
    const stored = await options.keyStore.get(scope);
    const endpointKey = stored?.endpointKey ?? (await generateSigningKeyPair(options.keyStore.needsExtractableKeys));
    const publicKey = await exportPublicKeyRaw(endpointKey.publicKey);
    let endpointId: string;
    try {
      endpointId = (await api.registerEndpoint(toBase64Url(publicKey), options.userAgent ?? 'keyrig-client')).endpoint_id;
    } catch (err) {
      if (err instanceof CloudError && err.type === 'max_use_count_reached') {
        throw new CloudError(err.status, err.type, `${err.message} (this device's key is not among them; use the keystore of the device that set it up)`);
      }
      throw err;
    }
    if (stored?.endpointId !== endpointId) {
      await options.keyStore.put(scope, {
        endpointKey,
        endpointId,
        clientSession: {
          token: clientSession.token,
          clientSessionId: clientSession.client_session_id,
          userIdentityId: clientSession.user_identity_id,
          expiresAt: Date.parse(clientSession.expires_at),
        },
      });
    }
    logger.info({ endpointId, reused: stored !== undefined, keyStatus: preview.key_status }, 'endpoint ready');
    return new KeyHolder(
      api,
      instantKey,
      preview,
      clientSession.user_identity_id,
      endpointId,
      endpointKey,
      publicKey,
      options.clock ?? systemClock,
      logger,
      options.maxWalletAgeMs ?? 15 * 60_000,
    );
  }

  /** The last loaded wallet (undefined before the first load). */
  get wallet(): CredentialWallet | undefined {
    return this.#wallet;
  }

  /** Loads the credential bundle; reports which credentials the cloud added or withdrew. */
  async loadCredentials(): Promise<{ wallet: CredentialWallet; added: string[]; removed: string[] }> {
    const bundle = await this.api.loadCredentials(this.endpointId);
    // Taken before the wallet's checks, so the time sync's age counts from its arrival (§9).
    const receivedAt = this.clock.now();
    let wallet: CredentialWallet;
    try {
      wallet = await walletFromBundle(bundle, this.endpointPublicKey, this.logger, receivedAt);
    } catch (err) {
      // Well-typed but unusable (a provider key off the curve, a key id too long): still the
      // cloud's answer at fault, so a CloudError (and ensureFresh keeps the wallet it holds).
      if (!(err instanceof KeyrigError) || err instanceof CloudError) throw err;
      throw new CloudError(200, 'invalid_response', `/phone/credentials/load: the credential bundle cannot be used: ${err.message}`, { cause: err });
    }
    const changes = walletChanges(this.#wallet, wallet);
    this.#wallet = wallet;
    this.#loadedAt = this.clock.now();
    this.logger.info(
      { credentials: wallet.credentials.length, blocklistVersion: wallet.blocklistVersion, ...changes },
      'credentials loaded',
    );
    return { wallet, ...changes };
  }

  /**
   * The wallet, reloaded first when there is none yet or it is older than `maxWalletAgeMs`.
   * Offline-first: when a reload fails (cloud unreachable, session expired after checkout) the
   * credentials already held are used; the lock decides. Only a first load failing throws.
   */
  async ensureFresh(): Promise<CredentialWallet> {
    if (this.#wallet !== undefined && this.clock.now() - this.#loadedAt <= this.maxWalletAgeMs) return this.#wallet;
    try {
      return (await this.loadCredentials()).wallet;
    } catch (err) {
      if (this.#wallet === undefined || !(err instanceof CloudError)) throw err;
      this.logger.warn({ err: err.message }, 'credential reload failed: using the credentials held');
      return this.#wallet;
    }
  }

  /** Relays sealed audit records to the cloud (it verifies each and records it once per lock and sequence). */
  async uploadAudit(audits: readonly LockAudit[]): Promise<AuditUploadJson | undefined> {
    const records = audits.flatMap((a) =>
      a.records.map((r) => ({ lock_id: a.lockId, record: toBase64Url(r.sealed) })),
    );
    if (records.length === 0) return undefined;
    const result = await this.api.uploadAudit(records);
    this.logger.info({ ...result }, 'audit uploaded');
    return result;
  }
}
