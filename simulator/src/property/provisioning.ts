/**
 * Lock provisioning files: what the access cloud hands the lock simulator so a lock can verify
 * credentials offline (docs/CLOUD.md, "Lock provisioning file"). One definition, used by the
 * cloud (writes) and simulator/src/lock (reads).
 *
 * Keys are JWK (RFC 7517/7518, EC P-256) so they import directly with
 * `crypto.subtle.importKey('jwk', ...)`; binary blobs (the lock certificate) are base64url.
 * The certificate's bytes are defined by PROTOCOL.md §5.
 */
import { z } from 'zod';
import { p256PublicJwkInput } from '@keyrig/api';
import { TimeZoneSchema, WeeklyScheduleSchema } from './schedule.js';
import { ENTRANCE_TYPES } from './propertyFile.js';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding');
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case UUID');
const isoTime = z.string().datetime({ offset: true });

/** A P-256 public key as a JWK: the same definition the cloud's API takes (@keyrig/api). */
export const P256PublicJwkSchema = p256PublicJwkInput;
export type P256PublicJwk = z.infer<typeof P256PublicJwkSchema>;

/** A P-256 private key as a JWK (includes the public point). */
export const P256PrivateJwkSchema = P256PublicJwkSchema.extend({ d: b64url }).strict();
export type P256PrivateJwk = z.infer<typeof P256PrivateJwkSchema>;

/**
 * A provider verification key: the public half of a key the cloud signs credential documents,
 * lock certificates, blocklists and time syncs with. `kid` is the key id carried in signed
 * documents. Locks accept documents signed by any listed key whose status is not "revoked";
 * "retired" keys are kept so documents signed before a rotation stay valid until they expire.
 */
export const ProviderVerificationKeySchema = z
  .object({
    kid: z.string().min(1).max(64),
    alg: z.literal('ES256'),
    public_jwk: P256PublicJwkSchema,
    status: z.enum(['active', 'retired', 'revoked']),
    created_at: isoTime,
  })
  .strict();
export type ProviderVerificationKey = z.infer<typeof ProviderVerificationKeySchema>;

/** Everything one lock needs, nothing more (least privilege: no other lock's private key). */
export const LockProvisioningSchema = z
  .object({
    version: z.literal(1),
    lock_id: uuid,
    lock_name: z.string().min(1),
    lock_type: z.enum(ENTRANCE_TYPES),
    acs_entrance_id: uuid,
    entrance_name: z.string().min(1),
    /** Elevator locks: the floors this reader can release. Empty for doors and amenities. */
    floors: z.array(z.number().int()),
    /** Opening hours in `time_zone`; null = always open to a valid credential. */
    schedule: WeeklyScheduleSchema.nullable(),
    time_zone: TimeZoneSchema,
    provider_keys: z.array(ProviderVerificationKeySchema).min(1),
    /** The lock's own key pair (it proves itself to phones with it, PROTOCOL.md §5/§7). */
    lock_key: z.object({ private_jwk: P256PrivateJwkSchema, public_jwk: P256PublicJwkSchema }).strict(),
    /**
     * The lock certificate (PROTOCOL.md §5) signed by the active provider key, base64url.
     * null only while the cloud runs without the protocol security layer.
     */
    lock_certificate: b64url.nullable(),
    /** Key id of the provider key that signed `lock_certificate`. */
    lock_certificate_kid: z.string().nullable(),
    /**
     * The version of `blocklist`. A file written before issue #16 carries only this, no list: the
     * lock then holds no list and takes the first valid one a phone carries (PROTOCOL.md §9).
     */
    blocklist_version: z.number().int().nonnegative(),
    /**
     * The provider's current, complete blocklist, signed at provisioning time: the signed envelope
     * (PROTOCOL.md §9), base64url. The lock verifies it against `provider_keys` and installs it on
     * first provisioning, so it refuses keys revoked before it was set up. Optional only so older
     * files still load.
     */
    blocklist: b64url.optional(),
    /**
     * The provider audit key (PROTOCOL.md §10.1): the lock seals every audit record to it (ECIES),
     * so phones relay records they cannot read. A file without it (written before issue #17) loads,
     * but the lock then hands phones no audit records: they stay on the lock until re-provisioned.
     */
    provider_audit_key: z.object({ kid: z.string().regex(/^[\x21-\x7e]{1,32}$/, 'a key id is 1-32 printable ASCII characters'), public_jwk: P256PublicJwkSchema }).strict().optional(),
    issued_at: isoTime,
  })
  .strict();
export type LockProvisioning = z.infer<typeof LockProvisioningSchema>;

/** The file `keyrig cloud provision` writes: every lock of the property. */
export const ProvisioningFileSchema = z
  .object({
    version: z.literal(1),
    property_name: z.string(),
    generated_at: isoTime,
    locks: z.array(LockProvisioningSchema),
  })
  .strict();
export type ProvisioningFile = z.infer<typeof ProvisioningFileSchema>;
