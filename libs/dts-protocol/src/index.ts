export * from './orchestration-status.js';
