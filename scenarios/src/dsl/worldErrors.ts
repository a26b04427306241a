/** The two ways a scenario step fails that are not errors of the rig itself. */
import { KeyrigError } from '@keyrig/protocol';

/** A scenario step that only the emulated world can do (air control, time travel, lock internals). */
export class NeedsEmulatedError extends KeyrigError {
  constructor(message: string) {
    super('unsupported', message);
  }
}

/** A failed expectation inside a scenario (a test failure, not an error of the rig). */
export class ScenarioCheckError extends KeyrigError {
  constructor(message: string) {
    super('state', message);
  }
}
