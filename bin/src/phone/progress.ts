/**
 * Progress lines for steps that can take more than a second (scanning, connecting), on stderr so
 * stdout stays clean for results and --json. Off with --quiet.
 */
export type Progress = (message: string) => void;

export function createProgress(enabled: boolean, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (!enabled) return () => {};
  return (message) => {
    stream.write(`keyrig: ${message}\n`);
  };
}
