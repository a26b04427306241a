// A stand-in for the keyrig CLI as a `run --model --shard k/N --json` worker (runModelWorkers.test.ts):
// shard 1 reports like a real worker; shard 2 does what FAKE_WORKER says: "hang" (alive, silent,
// never reports) or "die" (killed by a signal mid-run).
const shard = process.argv[process.argv.indexOf('--shard') + 1];
if (shard.startsWith('1/')) {
  process.stderr.write('model: 1/2 histories\n');
  const report = { seed: 1, histories: 1, attempts: 1, disagreements: 0, resultCounts: { granted: 1 }, cloudCounts: {}, shrinks: 0, durationMs: 1, msPerHistory: 1 };
  process.stdout.write(JSON.stringify(report));
} else if (process.env.FAKE_WORKER === 'die') {
  process.stderr.write('model: working\n');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 50);
} else {
  process.stderr.write('model: working\n');
  setInterval(() => {}, 1000);
}
