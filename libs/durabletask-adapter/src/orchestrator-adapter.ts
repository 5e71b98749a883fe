import type {
  AnyOrchestrationDefinition,
  EntityId,
  LogEntry,
  OrchestrationHost,
  RetryPolicy,
} from '@durable-hosts/durable';
import { driveOrchestration, type SdkBinding } from '@durable-hosts/durable/sdk-binding';
import {
  EntityInstanceId,
  RetryPolicy as DurableTaskRetryPolicy,
  Task,
  TaskFailedError as DurableTaskFailedError,
  whenAll,
  whenAny,
  type LockHandle,
  type OrchestrationContext as DurableTaskContext,
  type TOrchestrator,
} from '@microsoft/durabletask-js';

export interface DurableTaskOrchestratorOptions {
  /** Where `ctx.logger` writes (already replay-safe). Default: the console. */
  readonly log?: (entry: LogEntry, instanceId: string) => void;
}

const consoleLog = (entry: LogEntry, instanceId: string) =>
  console[entry.level](`[${instanceId}] ${entry.message}`, ...entry.args);

/**
 * Wraps a definition as a durabletask-js orchestrator. The SDK's executor drives only async generators,
 * so this is an `async function*` that delegates to the model's sync step loop.
 */
export function toDurableTaskOrchestrator(
  definition: AnyOrchestrationDefinition,
  options: DurableTaskOrchestratorOptions = {},
): TOrchestrator {
  const log = options.log ?? consoleLog;
  const orchestrator = async function* (
    dt: DurableTaskContext,
    input: unknown,
  ): AsyncGenerator<Task<unknown>, unknown, unknown> {
    const host: OrchestrationHost = {
      instanceId: dt.instanceId,
      currentUtcDateTime: () => dt.currentUtcDateTime,
      isReplaying: () => dt.isReplaying,
      newGuid: () => dt.newGuid(),
      setCustomStatus: (value) => dt.setCustomStatus(value),
      log: (entry) => log(entry, dt.instanceId),
      signalEntity: (signal) =>
        dt.entities.signalEntity(
          toEntityInstanceId(signal.entity),
          signal.operation,
          signal.input,
          signal.at ? { signalTime: signal.at } : undefined,
        ),
      releaseLocks: (lock) => (lock as LockHandle).release(),
    };
    return yield* driveOrchestration(definition, host, input, durableTaskBinding(dt));
  };
  // The SDK names orchestrators by fn.name when asked; registration always passes the name explicitly.
  Object.defineProperty(orchestrator, 'name', { value: definition.name });
  return orchestrator as TOrchestrator;
}

function durableTaskBinding(dt: DurableTaskContext): SdkBinding<Task<unknown>> {
  return {
    activity: (command) => {
      const retry = toRetryPolicy(command.retry);
      return dt.callActivity(command.name, command.input, retry ? { retry } : undefined);
    },
    subOrchestration: (command) => {
      const retry = toRetryPolicy(command.retry);
      return dt.callSubOrchestrator(command.name, command.input, {
        ...(command.instanceId !== undefined ? { instanceId: command.instanceId } : {}),
        ...(retry ? { retry } : {}),
      });
    },
    timer: (command) => dt.createTimer(command.fireAt) as Task<unknown>,
    event: (command) => dt.waitForExternalEvent(command.name),
    entityCall: (command) =>
      dt.entities.callEntity(toEntityInstanceId(command.entity), command.operation, command.input),
    lock: (command) => dt.entities.lockEntities(...command.entities.map(toEntityInstanceId)) as Task<unknown>,
    all: (tasks) => whenAll([...tasks]) as Task<unknown>,
    any: (tasks) => whenAny([...tasks]) as Task<unknown>,
    outcome: (task) => (task.isFailed ? { ok: false, error: task.getException() } : { ok: true, value: task.result }),
    taskFailure: (_command, error) => {
      if (isEntityOperationFailure(error)) {
        const details = error.failureDetails;
        return {
          errorType: details.errorType,
          errorMessage: details.errorMessage,
          ...(details.stackTrace ? { stackTrace: details.stackTrace } : {}),
        };
      }
      if (!(error instanceof DurableTaskFailedError)) return undefined;
      const details = error.details;
      return {
        errorType: details.errorType,
        errorMessage: details.message,
        ...(details.stackTrace ? { stackTrace: details.stackTrace } : {}),
      };
    },
    continueAsNew: (newInput) => dt.continueAsNew(newInput, false),
  };
}

/** durabletask-js throws an EntityOperationFailedException for a failed call; its package root does not export the class. */
function isEntityOperationFailure(
  error: unknown,
): error is Error & { failureDetails: { errorType: string; errorMessage: string; stackTrace?: string } } {
  return error instanceof Error && error.name === 'EntityOperationFailedException' && 'failureDetails' in error;
}

export function toEntityInstanceId(entity: EntityId): EntityInstanceId {
  return new EntityInstanceId(entity.name, entity.key);
}

function toRetryPolicy(policy: RetryPolicy | undefined): DurableTaskRetryPolicy | undefined {
  if (!policy) return undefined;
  return new DurableTaskRetryPolicy({
    maxNumberOfAttempts: policy.maxNumberOfAttempts,
    firstRetryIntervalInMilliseconds: policy.firstRetryIntervalInMilliseconds,
    ...(policy.backoffCoefficient !== undefined ? { backoffCoefficient: policy.backoffCoefficient } : {}),
    ...(policy.maxRetryIntervalInMilliseconds !== undefined
      ? { maxRetryIntervalInMilliseconds: policy.maxRetryIntervalInMilliseconds }
      : {}),
    ...(policy.retryTimeoutInMilliseconds !== undefined
      ? { retryTimeoutInMilliseconds: policy.retryTimeoutInMilliseconds }
      : {}),
  });
}
