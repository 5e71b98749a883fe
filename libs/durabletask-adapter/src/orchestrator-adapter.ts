import {
  driveRun,
  OrchestrationRun,
  TaskFailedError,
  type AnyOrchestrationDefinition,
  type LogEntry,
  type OrchestrationHost,
  type RetryPolicy,
  type TaskCommand,
} from '@durable-hosts/durable';
import {
  RetryPolicy as DurableTaskRetryPolicy,
  Task,
  TaskFailedError as DurableTaskFailedError,
  whenAll,
  whenAny,
  type OrchestrationContext as DurableTaskContext,
  type TOrchestrator,
} from '@microsoft/durabletask-js';

export interface DurableTaskOrchestratorOptions {
  /** Where `ctx.logger` writes (already replay-safe). Default: the console. */
  readonly log?: (entry: LogEntry, instanceId: string) => void;
}

/** A scheduled Command: the SDK task plus how to read its result and its failure back into our shapes. */
interface ScheduledTask {
  readonly command: TaskCommand;
  readonly task: Task<unknown>;
  readonly children: readonly ScheduledTask[];
}

const consoleLog = (entry: LogEntry, instanceId: string) =>
  console[entry.level](`[${instanceId}] ${entry.message}`, ...entry.args);

/**
 * Wraps a definition as a durabletask-js orchestrator. The SDK's executor drives only async generators,
 * so this is an `async function*` that steps our sync OrchestrationRun and yields one SDK task per Command.
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
    };
    const run = new OrchestrationRun(definition, host, input);
    return yield* driveRun(run, {
      schedule: (command) => schedule(dt, command),
      readResult,
      readFailure,
      continueAsNew: (newInput) => dt.continueAsNew(newInput, false),
    });
  };
  // The SDK names orchestrators by fn.name when asked; registration always passes the name explicitly.
  Object.defineProperty(orchestrator, 'name', { value: definition.name });
  return orchestrator as TOrchestrator;
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

function schedule(dt: DurableTaskContext, command: TaskCommand): ScheduledTask {
  switch (command.kind) {
    case 'activity': {
      const retry = toRetryPolicy(command.retry);
      return {
        command,
        task: dt.callActivity(command.name, command.input, retry ? { retry } : undefined),
        children: [],
      };
    }
    case 'subOrchestration': {
      const retry = toRetryPolicy(command.retry);
      const task = dt.callSubOrchestrator(command.name, command.input, {
        ...(command.instanceId !== undefined ? { instanceId: command.instanceId } : {}),
        ...(retry ? { retry } : {}),
      });
      return { command, task, children: [] };
    }
    case 'timer':
      return { command, task: dt.createTimer(command.fireAt) as Task<unknown>, children: [] };
    case 'event':
      return { command, task: dt.waitForExternalEvent(command.name), children: [] };
    case 'all': {
      const children = command.commands.map((c) => schedule(dt, c));
      return { command, task: whenAll(children.map((c) => c.task)) as Task<unknown>, children };
    }
    case 'any': {
      const children = command.commands.map((c) => schedule(dt, c));
      return { command, task: whenAny(children.map((c) => c.task)) as Task<unknown>, children };
    }
  }
}

/** SDK result → our result: `all` gives child results in order; `any` gives the winning Task. */
function readResult(scheduled: ScheduledTask, raw: unknown): unknown {
  switch (scheduled.command.kind) {
    case 'all':
      return scheduled.children.map((child, i) => readResult(child, (raw as unknown[])[i]));
    case 'any': {
      const index = scheduled.children.findIndex((child) => child.task === raw);
      const winner = scheduled.children[index];
      if (!winner)
        throw new Error(`whenAny completed with a task that is not one of its children (instance bug).`);
      if (winner.task.isFailed) throw readFailure(winner, winner.task.getException());
      return { index, value: readResult(winner, winner.task.getResult()) };
    }
    case 'timer':
      return undefined;
    default:
      return raw;
  }
}

/** SDK failure → our TaskFailedError naming the task, so `catch` sees the same error on every host. */
function readFailure(scheduled: ScheduledTask, error: unknown): unknown {
  if (error instanceof TaskFailedError) return error;
  const command = scheduled.command;
  switch (command.kind) {
    case 'activity':
    case 'subOrchestration':
      if (error instanceof DurableTaskFailedError) {
        const details = error.details;
        return new TaskFailedError(command.kind, command.name, {
          errorType: details.errorType,
          errorMessage: details.message,
          ...(details.stackTrace ? { stackTrace: details.stackTrace } : {}),
        });
      }
      return error;
    case 'all': {
      // whenAll waits for every child and then fails with an AggregateError; report the first failure in input order.
      const failed = scheduled.children.find((child) => child.task.isFailed);
      return failed ? readFailure(failed, failed.task.getException()) : error;
    }
    default:
      return error;
  }
}
