#!/usr/bin/env node
// The `keyrig` command. The CLI is written in TypeScript (bin/src) and compiled by `npm install`
// (the root `prepare` script runs `tsc -b`).
import { main } from './dist/cli.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`keyrig: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
