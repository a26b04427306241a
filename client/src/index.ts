/** @keyrig/client */
export {};
