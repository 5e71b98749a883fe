// The framework-neutral shapes of the Durable Functions HTTP management API, and the subset of a
// durabletask-js client it needs. TaskHubGrpcClient satisfies DurableHttpClient; the in-memory
// TestOrchestrationClient satisfies its required part.
import type {
  AsyncPageable,
  EntityInstanceId,
  EntityMetadata,
  EntityQuery,
  HistoryEvent,
  OrchestrationQuery,
  OrchestrationState,
  PurgeInstanceCriteria,
  StartOrchestrationOptions,
} from '@microsoft/durabletask-js';

/** Where Azure Functions serves the API (`HttpApiHandler`'s webhook path). */
export const DURABLE_WEBHOOK_BASE_PATH = '/runtime/webhooks/durabletask';

/** Request bodies above this size are refused with 413. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export interface DurableHttpRequest {
  method: string;
  /** Absolute, with the query string. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Uint8Array;
}

export interface DurableHttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** The check-status JSON, in durable-functions' `createCheckStatusResponse` field order. */
export interface CheckStatusPayload {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  rewindPostUri: string;
  purgeHistoryDeleteUri: string;
  restartPostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

/** The client calls the API makes. Optional methods answer 501 when the client lacks them. */
export interface DurableHttpClient {
  /** An options object is passed only when a version is asked for (the in-memory client takes an id only). */
  scheduleNewOrchestration(name: string, input?: unknown, instanceIdOrOptions?: string | StartOrchestrationOptions): Promise<string>;
  getOrchestrationState(instanceId: string, fetchPayloads?: boolean): Promise<OrchestrationState | undefined>;
  raiseOrchestrationEvent(instanceId: string, eventName: string, data?: unknown): Promise<void>;
  terminateOrchestration(instanceId: string, output?: unknown): Promise<void>;
  suspendOrchestration(instanceId: string): Promise<void>;
  resumeOrchestration(instanceId: string): Promise<void>;
  purgeOrchestration(instanceId: string): Promise<{ deletedInstanceCount: number } | undefined>;
  getAllInstances?(query?: OrchestrationQuery): AsyncPageable<OrchestrationState>;
  getOrchestrationHistory?(instanceId: string): Promise<HistoryEvent[]>;
  rewindInstance?(instanceId: string, reason: string): Promise<void>;
  restartOrchestration?(instanceId: string, restartWithNewInstanceId?: boolean): Promise<string>;
  signalEntity?(id: EntityInstanceId, operationName: string, input?: unknown): Promise<void>;
  getEntity?(id: EntityInstanceId, includeState?: boolean): Promise<EntityMetadata | undefined>;
  getEntities?(query?: EntityQuery): AsyncPageable<EntityMetadata>;
}

/** An entity the app defines: signalling another name answers 400 naming these; with operations, so do unknown operations. */
export interface KnownEntity {
  name: string;
  operations?: readonly string[];
}

/** Purge by filter uses the client's criteria overload (TaskHubGrpcClient has it). */
export interface DurableHttpFilterPurgeClient {
  purgeOrchestration(criteria: PurgeInstanceCriteria): Promise<{ deletedInstanceCount: number } | undefined>;
}

export interface DurableHttpApiOptions {
  client: DurableHttpClient;
  /** The task hub the client is connected to; echoed as `taskHub=` in management URLs. */
  taskHub: string;
  /** Echoed as `connection=` (default DURABLE_TASK_SCHEDULER_CONNECTION_STRING). */
  connectionName?: string;
  /** Appended to management URLs, e.g. `code=XYZ` (not enforced here). */
  requiredQueryStringParameters?: string;
  /** Registered orchestration names; starting any other name answers 400 listing these. */
  orchestrationNames?: () => readonly string[];
  /** Registered entities; when given, signals to other names (or unknown operations) answer 400 listing them. */
  knownEntities?: () => readonly KnownEntity[];
  /** Paths the API answers under (default [DURABLE_WEBHOOK_BASE_PATH]); add '/durabletask' for an RPC listener. */
  basePaths?: readonly string[];
}
