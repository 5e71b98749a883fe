export * from './functions-runtime.js';
export * from './core/core-module-shim.js';
export * from './core/function-registry.js';
export * from './app/app-loader.js';
export * from './http/route-template.js';
export * from './durable/sequence-ledger.js';
export * from './durable/orchestrator-response-plan.js';
export * from './runtime-logger.js';
