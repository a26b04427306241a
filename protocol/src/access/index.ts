export * from './accessTypes.js';
export * from './localTime.js';
export * from './evaluateAccess.js';
