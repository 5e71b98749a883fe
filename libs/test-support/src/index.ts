export * from './emulator-process.js';
export * from './wait-for.js';
export * from './host-process.js';
export * from './functions-app-process.js';
export * from './http-starter.js';
