/** durable-functions' IAction JSON (lib/src/actions/*.js) as it arrives in OrchestratorState.actions. */
export const DfActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  /** The extension's SignalEntity with fireAt; durable-functions does not emit it (yet). */
  ScheduledSignalEntity: 10,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

export interface DfRetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface DfAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  version?: string;
  retryOptions?: DfRetryOptions;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  operation?: string;
  compoundActions?: DfAction[];
  httpRequest?: unknown;
  /** LockEntities (schema V4): the deterministic id the lock's response carries, and the sorted set. */
  lockRequestId?: string;
  lockSet?: { name: string; key: string }[];
}

/** The scheduler id the extension and DTS use for an entity: `@name@key`, the name lower-cased. */
export function entitySchedulerId(entity: { name: string; key: string }): string {
  return `@${entity.name.toLowerCase()}@${entity.key}`;
}

/** OrchestratorState (lib/src/orchestrations/OrchestratorState.js). */
export interface DfOrchestratorState {
  isDone: boolean;
  actions: DfAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/**
 * The shim pre-encodes string inputs of activities and continue-as-new (`Utils.processInput`) but not of
 * sub-orchestrations: turn either form into the JSON text DTS stores.
 */
export function actionInputAsJson(action: DfAction): string | undefined {
  if (action.input === undefined) return undefined;
  const preEncoded =
    action.actionType === DfActionType.CallActivity ||
    action.actionType === DfActionType.CallActivityWithRetry ||
    action.actionType === DfActionType.ContinueAsNew;
  if (preEncoded && typeof action.input === 'string') return action.input;
  return JSON.stringify(action.input);
}
