import {
  driveRun,
  OrchestrationRun,
  TaskFailedError,
  type AnyOrchestrationDefinition,
  type FailureDetails,
  type OrchestrationHost,
  type RetryPolicy,
  type TaskCommand,
} from '@durable-hosts/durable';
import * as df from 'durable-functions';

/** A scheduled Command: the SDK task, plus the children of `all`/`any` to read results and failures back. */
interface ScheduledTask {
  readonly command: TaskCommand;
  readonly task: df.Task;
  readonly children: readonly ScheduledTask[];
}

/**
 * Wraps a definition as a durable-functions v3 orchestration handler. Its TaskOrchestrationExecutor is
 * synchronous (it calls the generator's next() and checks for its own Task class), so this is a sync
 * `function*` that steps our OrchestrationRun and yields one df Task per Command.
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
    const run = new OrchestrationRun(definition, host, input === '' ? undefined : input);
    return yield* driveRun(run, {
      schedule: (command) => schedule(context, command),
      readResult,
      readFailure,
      continueAsNew: (newInput) => dfc.continueAsNew(newInput),
    });
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

function schedule(context: df.OrchestrationContext, command: TaskCommand): ScheduledTask {
  const dfc = context.df;
  switch (command.kind) {
    case 'activity': {
      const task = command.retry
        ? dfc.callActivityWithRetry(command.name, toRetryOptions(command.retry), command.input)
        : dfc.callActivity(command.name, command.input);
      return { command, task, children: [] };
    }
    case 'subOrchestration': {
      const task = command.retry
        ? dfc.callSubOrchestratorWithRetry(
            command.name,
            toRetryOptions(command.retry),
            command.input,
            command.instanceId,
          )
        : dfc.callSubOrchestrator(command.name, command.input, command.instanceId);
      return { command, task, children: [] };
    }
    case 'timer':
      return { command, task: dfc.createTimer(command.fireAt), children: [] };
    case 'event':
      return { command, task: dfc.waitForExternalEvent(command.name), children: [] };
    case 'all': {
      const children = command.commands.map((c) => schedule(context, c));
      return { command, task: dfc.Task.all(children.map((c) => c.task)), children };
    }
    case 'any': {
      const children = command.commands.map((c) => schedule(context, c));
      return { command, task: dfc.Task.any(children.map((c) => c.task)), children };
    }
  }
}

/** df result → our result: `all` gives child results in order; `any` gives the winning Task. */
function readResult(scheduled: ScheduledTask, raw: unknown): unknown {
  switch (scheduled.command.kind) {
    case 'all':
      return scheduled.children.map((child, i) => readResult(child, (raw as unknown[])[i]));
    case 'any': {
      const index = scheduled.children.findIndex((child) => child.task === raw);
      const winner = scheduled.children[index];
      if (!winner)
        throw new Error('Task.any completed with a task that is not one of its children (adapter bug).');
      if (winner.task.isFaulted) throw readFailure(winner, winner.task.result);
      return { index, value: readResult(winner, winner.task.result) };
    }
    case 'timer':
      return undefined;
    default:
      return raw;
  }
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

/** df failure → our TaskFailedError naming the task, so `catch` sees the same error on every host. */
function readFailure(scheduled: ScheduledTask, error: unknown): unknown {
  if (error instanceof TaskFailedError) return error;
  const command = scheduled.command;
  switch (command.kind) {
    case 'activity':
    case 'subOrchestration':
      return new TaskFailedError(command.kind, command.name, detailsOf(error));
    case 'all': {
      // v3 fails Task.all at the first failure to arrive; report the first failed child in input order.
      const failed = scheduled.children.find((child) => child.task.isFaulted);
      return failed ? readFailure(failed, failed.task.result) : error;
    }
    default:
      return error;
  }
}
