/**
 * The Node binaries the SDK matrix runs its clients under. Node 20 is the test process's own;
 * Node 22 and 24 come from the npm registry's `node` package, installed by
 * `bash .ci/node-compat --install` into node_modules/.cache/keyrig-node/<major>/ (CI runs
 * .ci/node-compat before `npm test`). `KEYRIG_NODE_22` / `KEYRIG_NODE_24` point elsewhere.
 * A missing binary is an error naming the command that installs it: the matrix is never skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const INSTALL_COMMAND = 'bash .ci/node-compat --install';

/** The node executable for a major version, checked by running `--version`. */
export function nodeBinary(major: number, root: string): string {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const fromEnv = process.env[`KEYRIG_NODE_${major}`];
  const bin = fromEnv || join(root, 'node_modules', '.cache', 'keyrig-node', String(major), 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    throw new Error(`Node ${major} is missing (looked for ${bin}); install it with: ${INSTALL_COMMAND} (the npm registry's node@${major} package, ~190 MB)`);
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is ${version}, not Node ${major}; reinstall with: ${INSTALL_COMMAND}`);
  return bin;
}
