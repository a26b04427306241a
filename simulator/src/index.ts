/** @keyrig/simulator */
export {};
