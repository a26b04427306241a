export * from './accessTypes.js';
export * from './evaluateAccess.js';
