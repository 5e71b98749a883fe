export * from './defaults.js';
export * from './emulator.js';
export * from './emulator-config.js';
export * from './engine/engine-error.js';
export * from './engine/instance-view.js';
export * from './engine/task-hub-engine.js';
export type { InstanceRow } from './store/sqlite-store.js';
