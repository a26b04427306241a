/** Bad flags or arguments: the command prints the message and exits with ExitCode.USAGE. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
