import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import type { FunctionRegistry } from '../core/function-registry.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import { knownFunctions } from './known-functions.js';
import { stringValue, toFailureDetails } from './orchestrator-response-proto.js';

const { Timestamp } = timestampPb;

/** One operation of an entity batch, from either work-item shape DTS sends. */
interface EntityOperation {
  readonly operation: string;
  readonly requestId: string;
  readonly input?: string;
  readonly isSignal: boolean;
  /** Where the response goes (called operations only); echoed in operationInfos for V2 work items. */
  readonly responseDestination?: { instanceId: string; executionId?: string };
}

/**
 * durable-functions' EntityState (lib/src/entities/EntityState.js), as the entityTrigger returns it. The
 * extension reads only `isError`, `result` and `duration` of a result and `target`, `name` and `input` of a
 * signal (TaskEntityShim.OutOfProcResult); `startTime`, `requestId` and `requestTime` came with 3.5 and are
 * used only when present.
 */
interface DfEntityState {
  entityExists: boolean;
  entityState?: string | null;
  results: { isError: boolean; duration?: number; startTime?: number; result?: string }[];
  signals: { target: { name: string; key: string }; name: string; input?: string; requestTime?: number }[];
}

export type EntityWorkItem = { readonly kind: 'v1'; readonly request: pb.EntityBatchRequest } | { readonly kind: 'v2'; readonly request: pb.EntityRequest };

/**
 * The Durable extension's entity role for one DTS entity work item: the batch in the entityTrigger's
 * JSON form (EntityTriggerAttributeBindingProvider), one invocation for the whole batch, and the returned
 * EntityState as per-operation results, signals and the new state.
 */
export async function executeEntityWorkItem(
  item: EntityWorkItem,
  completionToken: string,
  registry: FunctionRegistry,
  invoker: FunctionInvoker,
): Promise<pb.EntityBatchResult> {
  const instanceId = item.request.getInstanceid();
  const state = item.request.getEntitystate()?.getValue();
  const operations = item.kind === 'v1' ? fromBatchRequest(item.request) : fromEntityRequest(item.request);
  const { name, key } = parseEntityInstanceId(instanceId);

  const result = new pb.EntityBatchResult();
  result.setCompletiontoken(completionToken);
  if (item.kind === 'v2') result.setOperationinfosList(operations.map(toOperationInfo));
  if (state !== undefined) result.setEntitystate(stringValue(state));

  const entities = registry.byTriggerType('entityTrigger');
  const fn = entities.find((f) => f.metadata.name.toLowerCase() === name.toLowerCase());
  if (!fn) {
    const failure = { errorType: 'EntityTaskNotFound', errorMessage: knownFunctions(registry).missing('entity', name) };
    result.setResultsList(operations.map(() => failedResult(failure, Date.now(), 0, true)));
    return result;
  }

  const payload = {
    self: { name, key },
    exists: state !== undefined,
    state: state ?? null,
    batch: operations.map((op) => ({ name: op.operation, input: op.input ?? null, isSignal: op.isSignal })),
  };
  const batchStarted = Date.now();
  const outcome = await invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data: { json: JSON.stringify(payload) } }] });
  const text = outcome.response?.returnValue?.json ?? outcome.response?.returnValue?.string;
  if (outcome.error || !text) {
    // A batch-level failure: DTS abandons the work item and retries it.
    const message = outcome.error?.message ?? `Entity function '${fn.metadata.name}' returned no EntityState. Register it with df.app.entity(...).`;
    result.setFailuredetails(toFailureDetails({ errorType: outcome.error?.name ?? 'Error', errorMessage: message, stackTrace: outcome.error?.stack }));
    return result;
  }

  const entityState = JSON.parse(text) as DfEntityState;
  // Operations ran one after another from the batch's start; a library without startTime gets that clock.
  let clock = batchStarted;
  result.setResultsList(
    operations.map((operation, index) => {
      const operationResult = entityState.results[index];
      if (!operationResult) {
        return failedResult({ errorType: 'Error', errorMessage: `The entity function returned no result for operation '${operation.operation}'.` }, clock, 0);
      }
      const duration = finiteOr(operationResult.duration, 0);
      const startTime = finiteOr(operationResult.startTime, clock);
      clock = startTime + duration;
      if (operationResult.isError) return failedResult(operationFailure(operationResult.result), startTime, duration);
      const success = new pb.OperationResultSuccess();
      if (operationResult.result !== undefined) success.setResult(stringValue(operationResult.result));
      success.setStarttimeutc(Timestamp.fromDate(new Date(startTime)));
      success.setEndtimeutc(Timestamp.fromDate(new Date(startTime + duration)));
      const wrapped = new pb.OperationResult();
      wrapped.setSuccess(success);
      return wrapped;
    }),
  );
  result.setActionsList(
    (entityState.signals ?? []).map((signal, index) => {
      const send = new pb.SendSignalAction();
      send.setInstanceid(`@${signal.target.name.toLowerCase()}@${signal.target.key}`);
      send.setName(signal.name);
      if (signal.input !== undefined && signal.input !== '') send.setInput(stringValue(signal.input));
      send.setRequesttime(Timestamp.fromDate(new Date(finiteOr(signal.requestTime, Date.now()))));
      const action = new pb.OperationAction();
      action.setId(index);
      action.setSendsignal(send);
      return action;
    }),
  );
  if (entityState.entityExists && entityState.entityState !== undefined && entityState.entityState !== null) {
    result.setEntitystate(stringValue(entityState.entityState));
  } else {
    result.clearEntitystate();
  }
  return result;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * A failed operation's result is `JSON.stringify(thrown)`: the thrown value's message when there is one
 * (a string, or an object with `message`), else the JSON itself. Error objects stringify to `{}`, so the
 * message of a thrown Error never reaches the runtime; the extension passes `{}` on as well.
 */
export function operationFailure(result: string | undefined): { errorType: string; errorMessage: string } {
  let thrown: unknown = result;
  try {
    thrown = result === undefined ? undefined : JSON.parse(result);
  } catch {
    // not JSON: the text is the message
  }
  if (typeof thrown === 'string') return { errorType: 'Error', errorMessage: thrown };
  if (thrown && typeof thrown === 'object') {
    const { name, message } = thrown as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return { errorType: typeof name === 'string' && name ? name : 'Error', errorMessage: message };
    if (Object.keys(thrown).length === 0) {
      return {
        errorType: 'Error',
        errorMessage: 'The entity operation threw an Error; durable-functions reports a thrown Error as {} (its message is lost). Throw a string or an object with a message to pass one on.',
      };
    }
  }
  return { errorType: 'Error', errorMessage: result ?? 'The entity operation failed.' };
}

/** `@name@key` (DTS and Durable Functions share the scheduler id format). */
export function parseEntityInstanceId(instanceId: string): { name: string; key: string } {
  const match = /^@([^@]*)@(.*)$/s.exec(instanceId);
  if (!match) throw new Error(`Entity instance id '${instanceId}' is not of the form @name@key.`);
  return { name: match[1], key: match[2] };
}

function fromBatchRequest(request: pb.EntityBatchRequest): EntityOperation[] {
  // V1 batches do not say which operations are signals; treat them as calls (the shim only reads the flag).
  return request.getOperationsList().map((op) => ({ operation: op.getOperation(), requestId: op.getRequestid(), input: op.getInput()?.getValue(), isSignal: false }));
}

function fromEntityRequest(request: pb.EntityRequest): EntityOperation[] {
  const operations: EntityOperation[] = [];
  for (const event of request.getOperationrequestsList()) {
    const signaled = event.getEntityoperationsignaled();
    const called = event.getEntityoperationcalled();
    if (signaled) {
      operations.push({ operation: signaled.getOperation(), requestId: signaled.getRequestid(), input: signaled.getInput()?.getValue(), isSignal: true });
    } else if (called) {
      const parent = called.getParentinstanceid()?.getValue();
      operations.push({
        operation: called.getOperation(),
        requestId: called.getRequestid(),
        input: called.getInput()?.getValue(),
        isSignal: false,
        responseDestination: parent ? { instanceId: parent, executionId: called.getParentexecutionid()?.getValue() } : undefined,
      });
    }
  }
  return operations;
}

function toOperationInfo(operation: EntityOperation): pb.OperationInfo {
  const info = new pb.OperationInfo();
  info.setRequestid(operation.requestId);
  if (operation.responseDestination) {
    const destination = new pb.OrchestrationInstance();
    destination.setInstanceid(operation.responseDestination.instanceId);
    if (operation.responseDestination.executionId) destination.setExecutionid(stringValue(operation.responseDestination.executionId));
    info.setResponsedestination(destination);
  }
  return info;
}

function failedResult(failure: { errorType: string; errorMessage: string }, startTime: number, duration: number, nonRetriable = false): pb.OperationResult {
  const details = toFailureDetails(failure);
  details.setIsnonretriable(nonRetriable);
  const result = new pb.OperationResultFailure();
  result.setFailuredetails(details);
  result.setStarttimeutc(Timestamp.fromDate(new Date(startTime)));
  result.setEndtimeutc(Timestamp.fromDate(new Date(startTime + duration)));
  const wrapped = new pb.OperationResult();
  wrapped.setFailure(result);
  return wrapped;
}
