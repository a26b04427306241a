export * from './accessTypes.js';
