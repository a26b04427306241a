/** The lock simulator: firmware model, fault profiles, persistence and the bleno adapter (docs/LOCK.md). */
export * from './faults.js';
export * from './lockBehaviour.js';
export * from './accessRules.js';
export * from './LockRtc.js';
export * from './SessionSlots.js';
export * from './persistedState.js';
export * from './stateStore.js';
export * from './LockFirmware.js';
export * from './startLock.js';
export * from './mcuCrypto.js';
export { describeRadio, blenoBindingOptions, type LockRadio } from './ble/lockRadio.js';
export { loadLockKeys, type LockKeys } from './session/lockKeys.js';
export { FirmwareSession, type FirmwareSessionOptions } from './session/FirmwareSession.js';
export { LockConnection, type ConnectionSession, type LockConnectionOptions } from './ble/LockConnection.js';
export { LockPeripheral, type LockPeripheralOptions } from './ble/LockPeripheral.js';
