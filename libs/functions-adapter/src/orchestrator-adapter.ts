import {
  formatEntityId,
  type AnyOrchestrationDefinition,
  type EntityId,
  type EntitySignal,
  type FailureDetails,
  type OrchestrationHost,
  type RetryPolicy,
} from '@durable-hosts/durable';
import { driveOrchestration, type SdkBinding } from '@durable-hosts/durable/sdk-binding';
import * as df from 'durable-functions';

/**
 * Wraps a definition as a durable-functions v3 orchestration handler. Its TaskOrchestrationExecutor is
 * synchronous (it calls the generator's next() and checks for its own Task class), so this is the
 * model's sync step loop itself.
 */
export function toDurableFunctionsOrchestrator(
  definition: AnyOrchestrationDefinition,
): df.OrchestrationHandler {
  return function* (context: df.OrchestrationContext): Generator<df.Task, unknown, unknown> {
    const dfc = context.df;
    const host: OrchestrationHost = {
      instanceId: dfc.instanceId,
      currentUtcDateTime: () => dfc.currentUtcDateTime,
      isReplaying: () => dfc.isReplaying,
      // v3's newGuid is name-based: instance id + replay-safe time + a counter.
      newGuid: () => dfc.newGuid(dfc.instanceId),
      setCustomStatus: (value) => dfc.setCustomStatus(value),
      log: (entry) => context[entry.level](entry.message, ...entry.args),
      signalEntity: (signal) => signalEntity(dfc, signal),
      releaseLocks: (lock) => (lock as df.DurableLock).release(),
    };
    // durable-functions' client.startNew(name) with no input posts the JSON text `""`, and the Durable
    // extension passes it through, so "no input" arrives as an empty string. Treat it as absent, so a
    // workflow's default input means the same on Functions as on every other host.
    const input = dfc.getInput();
    return yield* driveOrchestration(definition, host, input === '' ? undefined : input, durableFunctionsBinding(context));
  };
}

function durableFunctionsBinding(context: df.OrchestrationContext): SdkBinding<df.Task> {
  const dfc = context.df;
  return {
    activity: (command) =>
      command.retry
        ? dfc.callActivityWithRetry(command.name, toRetryOptions(command.retry), command.input)
        : dfc.callActivity(command.name, command.input),
    subOrchestration: (command) =>
      command.retry
        ? dfc.callSubOrchestratorWithRetry(
            command.name,
            toRetryOptions(command.retry),
            command.input,
            command.instanceId,
          )
        : dfc.callSubOrchestrator(command.name, command.input, command.instanceId),
    timer: (command) => dfc.createTimer(command.fireAt),
    event: (command) => dfc.waitForExternalEvent(command.name),
    entityCall: (command) => dfc.callEntity(toEntityId(command.entity), command.operation, command.input),
    // Needs replay schema V4 from the host (the Durable extension, or functions-runtime).
    lock: (command) => dfc.lock(command.entities.map(toEntityId)),
    all: (tasks) => dfc.Task.all([...tasks]),
    any: (tasks) => dfc.Task.any([...tasks]),
    outcome: (task) => (task.isFaulted ? { ok: false, error: task.result } : { ok: true, value: task.result }),
    // v3 hands every activity, sub-orchestration and entity failure to the body as an Error.
    taskFailure: (command, error) => (command.kind === 'entityCall' ? entityFailureOf(error) : detailsOf(error)),
    continueAsNew: (newInput) => dfc.continueAsNew(newInput),
  };
}

export function toEntityId(entity: EntityId): df.EntityId {
  return new df.EntityId(entity.name, entity.key);
}

/** The extension's ScheduledSignalEntity action (OutOfProcOrchestrationShim); v3 has no API that emits it. */
const SCHEDULED_SIGNAL_ENTITY = 10;

interface FireAndForgetRecorder {
  recordFireAndForgetAction(action: unknown): void;
}

function signalEntity(dfc: df.DurableOrchestrationContext, signal: EntitySignal): void {
  if (!signal.at) {
    dfc.signalEntity(toEntityId(signal.entity), signal.operation, signal.input);
    return;
  }
  // durable-functions 3.5.0 (pinned) keeps its action recorder on the context; the Durable extension
  // accepts a ScheduledSignalEntity action with `fireAt`, so a scheduled signal is recorded like signalEntity's.
  const executor = (dfc as unknown as { taskOrchestratorExecutor?: FireAndForgetRecorder }).taskOrchestratorExecutor;
  if (!executor || typeof executor.recordFireAndForgetAction !== 'function') {
    throw new Error(
      `Cannot schedule a signal to '${formatEntityId(signal.entity)}': this durable-functions version has no action recorder to attach it to. Signal without { at }, or pin durable-functions 3.5.0.`,
    );
  }
  executor.recordFireAndForgetAction({
    actionType: SCHEDULED_SIGNAL_ENTITY,
    instanceId: formatEntityId(signal.entity),
    operation: signal.operation,
    input: signal.input,
    fireAt: signal.at,
  });
}

/**
 * v3 gives a failed entity call as `Error(result)`, where `result` is what the entity threw. Our entity
 * adapter throws "Type: message" (see entity-adapter.ts), so the type and message come back apart.
 */
function entityFailureOf(error: unknown): FailureDetails {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^([A-Za-z_$][\w$]*): ([\s\S]*)$/.exec(message);
  return match
    ? { errorType: match[1] as string, errorMessage: match[2] as string }
    : { errorType: 'Error', errorMessage: message };
}

function toRetryOptions(policy: RetryPolicy): df.RetryOptions {
  const options = new df.RetryOptions(policy.firstRetryIntervalInMilliseconds, policy.maxNumberOfAttempts);
  if (policy.backoffCoefficient !== undefined) options.backoffCoefficient = policy.backoffCoefficient;
  if (policy.maxRetryIntervalInMilliseconds !== undefined)
    options.maxRetryIntervalInMilliseconds = policy.maxRetryIntervalInMilliseconds;
  if (policy.retryTimeoutInMilliseconds !== undefined)
    options.retryTimeoutInMilliseconds = policy.retryTimeoutInMilliseconds;
  return options;
}

// Without FailureDetails the SDK builds `${Reason} \n ${Details}`; the extension's Reason reads
// "Activity function 'name' failed: message" (or "Orchestrator function ...").
const REASON = /^(?:Activity|Orchestrator) function '[^']*' failed: ([\s\S]*?)(?: \n ([\s\S]*))?$/;

function detailsOf(error: unknown): FailureDetails {
  if (error instanceof df.TaskFailedError && error.failureDetails) {
    const details = error.failureDetails;
    return {
      errorType: details.errorType,
      errorMessage: details.errorMessage,
      ...(details.stackTrace ? { stackTrace: details.stackTrace } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const match = REASON.exec(message);
  if (match)
    return {
      errorType: 'Error',
      errorMessage: match[1] ?? message,
      ...(match[2] ? { stackTrace: match[2] } : {}),
    };
  return { errorType: error instanceof Error ? error.name : 'Error', errorMessage: message };
}
