/** Fragmentation of messages over GATT values (PROTOCOL.md §3). */
export * from './constants.js';
export * from './FragmentError.js';
export * from './Fragmenter.js';
export * from './Reassembler.js';
export * from './FramedChannel.js';
