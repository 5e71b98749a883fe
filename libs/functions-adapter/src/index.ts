// Runs @durable-hosts/durable definitions on durable-functions v3 (Azure Functions v4, Node.js).
export * from './entity-adapter.js';
export * from './orchestrator-adapter.js';
export * from './registration.js';
