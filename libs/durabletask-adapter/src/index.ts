export {};
export * from './orchestrator-adapter.js';
export * from './entity-adapter.js';
export * from './registration.js';
export * from './worker-factory.js';
export * from './graceful-shutdown.js';
export * from './host-logger.js';
