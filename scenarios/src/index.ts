/** @keyrig/scenarios */
export {};
