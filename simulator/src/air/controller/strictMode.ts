/**
 * The strict-controller switch (docs/AIR.md "Strict mode"): the ONE place the environment is read,
 * so a whole test run can put every air it creates in strict mode (KEYRIG_AIR_STRICT=1,
 * `npm run test:strict`). An explicit `new Air({ strict })` wins over the environment.
 */
import { KeyrigError } from '@keyrig/protocol';

export const STRICT_ENV = 'KEYRIG_AIR_STRICT';

/** Num_HCI_Command_Packets every Command Complete/Status reports (Vol 4 Part E §7.7.14, §7.7.15). */
export const NUM_HCI_COMMAND_PACKETS = 1;

export function strictFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env[STRICT_ENV] ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new KeyrigError('config', `${STRICT_ENV} must be 1 or 0 (true/false), got "${env[STRICT_ENV]}"`);
}
