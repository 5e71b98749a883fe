import type {
  AnyOrchestrationDefinition,
  FailureDetails,
  OrchestrationHost,
  RetryPolicy,
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
    all: (tasks) => dfc.Task.all([...tasks]),
    any: (tasks) => dfc.Task.any([...tasks]),
    outcome: (task) => (task.isFaulted ? { ok: false, error: task.result } : { ok: true, value: task.result }),
    // v3 hands every activity and sub-orchestration failure to the body as an Error.
    taskFailure: (_command, error) => detailsOf(error),
    continueAsNew: (newInput) => dfc.continueAsNew(newInput),
  };
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
