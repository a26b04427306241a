/** Where the CLI keeps device keys unless --keystore says otherwise. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $KEYRIG_KEYSTORE, else ~/.keyrig/keystore.json. */
export function defaultKeystorePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEYRIG_KEYSTORE || join(homedir(), '.keyrig', 'keystore.json');
}
