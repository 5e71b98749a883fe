export * from './emulator-process.js';
export * from './wait-for.js';
export * from './host-process.js';
