export * from './durable-http-types.js';
export * from './durable-http-api.js';
export * from './check-status-links.js';
export * from './status-payload.js';
export * from './history-events-payload.js';
