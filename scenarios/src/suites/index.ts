/** The shipped suites, in run order. */
import attacks from './attacks.js';
import battery from './battery.js';
import clock from './clock.js';
import guestStay from './guestStay.js';
import override from './override.js';
import radio from './radio.js';
import revocation from './revocation.js';
import sharing from './sharing.js';
import stayChanges from './stayChanges.js';
import type { Suite } from '../dsl/scenario.js';

export const SHIPPED_SUITES: readonly Suite[] = [guestStay, sharing, revocation, override, stayChanges, clock, battery, radio, attacks];
