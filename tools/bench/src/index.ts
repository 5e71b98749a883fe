export * from './bench-settings.js';
export * from './bench-report.js';
export * from './cost-model.js';
export * from './process-supervisor.js';
export * from './progress-bar.js';
export * from './report-markdown.js';
export * from './run-benchmark.js';
