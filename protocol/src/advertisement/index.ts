/** Advertisement of a keyrig lock (PROTOCOL.md §1). */
export * from './statusFlags.js';
export * from './manufacturerData.js';
export * from './adStructures.js';
export * from './advertisingData.js';
export * from './isKeyrigAdvertisement.js';
