export * from './connection-setting.js';
export * from './entity-instance-id.js';
export * from './orchestration-status.js';
export * from './payload-limits.js';
export * from './retry-backoff.js';
