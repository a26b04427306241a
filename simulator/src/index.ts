/** @keyrig/simulator */
export * from './property/index.js';
export * from './lock/index.js';
export * from './cloud/index.js';
export * from './air/index.js';
