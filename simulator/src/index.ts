/** @keyrig/simulator */
export * from './property/index.js';
