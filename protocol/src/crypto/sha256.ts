import { asBufferSource } from './bufferSource.js';
import { subtle } from './subtle.js';

/** SHA-256 digest (32 bytes). */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', asBufferSource(data)));
}
