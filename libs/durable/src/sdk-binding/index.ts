// The model's SDK-binding layer: what every adapter shares. An adapter implements SdkBinding for its SDK
// (one task per Command, how to read a settled task) and a DefinitionRegistrar; the rest is here.
export * from './drive-orchestration.js';
export * from './execute-entity-operation.js';
export * from './register-definitions.js';
export * from './scheduled-task.js';
export * from './sdk-binding.js';
