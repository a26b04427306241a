/** Shared by the scenario tests: a silent logger (KEYRIG_TEST_LOG=debug to see the rig). */
import { pino, type Logger } from 'pino';

export const testLogger: Logger = pino({ level: process.env.KEYRIG_TEST_LOG ?? 'silent' });
