export * from './AuditRecord.js';
export * from './AuditLog.js';
export * from './sealedAuditRecord.js';
