export * from './durable-http-types.js';
export * from './durable-http-api.js';
export * from './check-status-links.js';
export * from './status-payload.js';
export * from './history-events-payload.js';
export { toEntityStatusPayload, type EntityStatusPayload } from './entity-operations.js';
export { describeClientError, stripGrpcPrefix, type ClientFailure } from './client-errors.js';
export { Parameter, parseParameterValue, type ParameterKind } from './query-parameters.js';
