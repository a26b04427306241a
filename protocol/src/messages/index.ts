export * from './CommandOp.js';
