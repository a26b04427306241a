/** The property file (entrances and their locks) and lock provisioning files. */
export * from './schedule.js';
export * from './propertyFile.js';
export * from './demoHotel.js';
export * from './provisioning.js';
