/** Requests of the key holder's routes: /instant_keys/open and /phone/* (client session token). */
import { z } from 'zod';
import { uuidParam } from './params.js';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding');

/** A P-256 public key as a JWK (what WebCrypto exports as 'jwk'). */
export const p256PublicJwkInput = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: b64url,
    y: b64url,
    kid: z.string().optional(),
    alg: z.literal('ES256').optional(),
    use: z.string().optional(),
    key_ops: z.array(z.string()).optional(),
    ext: z.boolean().optional(),
  })
  .strict();

export const instantKeysOpenInput = z.object({ instant_key_url: z.string().min(1, 'instant_key_url is required') }).strict();

export const endpointsRegisterInput = z
  .object({
    /** 65-byte uncompressed P-256 point, base64url (what WebCrypto exports as 'raw'). */
    public_key: z.string().regex(/^[A-Za-z0-9_-]+$/, 'public_key must be base64url').optional(),
    public_jwk: p256PublicJwkInput.optional(),
    user_agent: z.string().max(500).optional(),
    display_name: z.string().max(100).optional(),
  })
  .strict()
  .refine((i) => (i.public_key === undefined) !== (i.public_jwk === undefined), { message: 'give exactly one of public_key or public_jwk' });

export const endpointsRemoveInput = z.object({ endpoint_id: uuidParam('endpoint_id') }).strict();

export const credentialsLoadInput = z.object({ endpoint_id: uuidParam('endpoint_id') }).strict();

export const auditUploadInput = z
  .object({
    records: z
      .array(z.object({ lock_id: uuidParam('records[].lock_id'), record: z.string().regex(/^[A-Za-z0-9_-]+$/, 'record must be base64url') }).strict())
      .min(1, 'records needs at least one record')
      .max(1000, 'at most 1000 records per upload'),
  })
  .strict();

/** What a key holder sends: the inputs the client builds (types only: the client does not bundle these schemas). */
export type EndpointsRegisterRequest = z.input<typeof endpointsRegisterInput>;
export type AuditUploadRequest = z.input<typeof auditUploadInput>;
