// The host-agnostic programming model: definitions, the orchestration context and Commands as data.
// No SDK and no Node API here: adapters (durabletask-js, durable-functions) and the test runner interpret it.
export * from './command.js';
export * from './definitions.js';
export * from './entity-definition.js';
export * from './entity-errors.js';
export * from './entity-id.js';
export * from './operation.js';
export * from './orchestration-context.js';
export * from './orchestration-run.js';
export * from './replay-safe-logger.js';
export * from './retry-policy.js';
export * from './task-failed-error.js';
export * from './timer-delay.js';
