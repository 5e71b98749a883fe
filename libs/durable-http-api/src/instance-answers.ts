// The answers shared by the instance routes: unknown instance, finished instance, state conflicts, and a
// client that lacks a call. 404 and 410 are the extension's; where the extension lets an
// InvalidOperationException become a 500 (suspend a suspended instance, resume a running one, restart a
// running one in place, start an id that is running), this API answers 409 with the extension's words.
import { runtimeStatusName } from './status-payload.js';
import { errorResponse } from './http-responses.js';
import type { DurableHttpResponse } from './durable-http-types.js';
import type { OrchestrationState } from '@microsoft/durabletask-js';

export function instanceNotFound(instanceId: string): DurableHttpResponse {
  return errorResponse(404, `No instance with ID '${instanceId}' found.`);
}

export function instanceGone(state: OrchestrationState, operation: string): DurableHttpResponse {
  return errorResponse(410, `Cannot ${operation} the orchestration instance ${state.instanceId} because instance is in the ${runtimeStatusName(state.runtimeStatus)} state.`);
}

export function instanceConflict(message: string): DurableHttpResponse {
  return errorResponse(409, message);
}

export function notSupportedByClient(feature: string): DurableHttpResponse {
  return errorResponse(501, `${feature} is not supported by this client. Use a TaskHubGrpcClient connected to a DTS endpoint.`);
}
