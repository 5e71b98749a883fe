import type { TaskCommand } from '../command.js';
import { EntityOperationFailedError } from '../entity-errors.js';
import { TaskFailedError } from '../task-failed-error.js';
import type { SdkBinding } from './sdk-binding.js';

/** A Command scheduled on an SDK: its task, plus the children of all/any to read results back. */
export interface ScheduledTask<Task> {
  readonly command: TaskCommand;
  readonly task: Task;
  readonly children: readonly ScheduledTask<Task>[];
}

export function scheduleCommand<Task>(sdk: SdkBinding<Task>, command: TaskCommand): ScheduledTask<Task> {
  const leaf = (task: Task): ScheduledTask<Task> => ({ command, task, children: [] });
  switch (command.kind) {
    case 'activity':
      return leaf(sdk.activity(command));
    case 'subOrchestration':
      return leaf(sdk.subOrchestration(command));
    case 'timer':
      return leaf(sdk.timer(command));
    case 'event':
      return leaf(sdk.event(command));
    case 'entityCall':
      return leaf(sdk.entityCall(command));
    case 'lock':
      return leaf(sdk.lock(command));
    case 'all': {
      const children = command.commands.map((c) => scheduleCommand(sdk, c));
      return { command, task: sdk.all(children.map((c) => c.task)), children };
    }
    case 'any': {
      const children = command.commands.map((c) => scheduleCommand(sdk, c));
      return { command, task: sdk.any(children.map((c) => c.task)), children };
    }
  }
}

/** SDK result → what `yield*` returns: `all` gives child results in order; `any` completes with the winning task. */
export function readResult<Task>(
  sdk: SdkBinding<Task>,
  scheduled: ScheduledTask<Task>,
  raw: unknown,
): unknown {
  switch (scheduled.command.kind) {
    case 'all':
      return scheduled.children.map((child, i) => readResult(sdk, child, (raw as unknown[])[i]));
    case 'any': {
      const index = scheduled.children.findIndex((child) => child.task === raw);
      const winner = scheduled.children[index];
      if (!winner)
        throw new Error('any completed with a task that is not one of its children (adapter bug).');
      const outcome = sdk.outcome(winner.task);
      if (!outcome.ok) throw readFailure(sdk, winner, outcome.error);
      return { index, value: readResult(sdk, winner, outcome.value) };
    }
    case 'timer':
      return undefined;
    default:
      return raw;
  }
}

/** SDK failure → what the body sees thrown: a TaskFailedError naming the task, the same on every host. */
export function readFailure<Task>(
  sdk: SdkBinding<Task>,
  scheduled: ScheduledTask<Task>,
  error: unknown,
): unknown {
  if (error instanceof TaskFailedError) return error;
  const command = scheduled.command;
  switch (command.kind) {
    case 'activity':
    case 'subOrchestration': {
      const details = sdk.taskFailure(command, error);
      return details ? new TaskFailedError(command.kind, command.name, details) : error;
    }
    case 'entityCall': {
      const details = sdk.taskFailure(command, error);
      return details ? new EntityOperationFailedError(command.entity, command.operation, details) : error;
    }
    case 'all': {
      // The SDKs differ in which failure `all` reports (durabletask-js: an aggregate once all finished;
      // durable-functions v3: the first to arrive). Report the first failed child in input order on both.
      for (const child of scheduled.children) {
        const outcome = sdk.outcome(child.task);
        if (!outcome.ok) return readFailure(sdk, child, outcome.error);
      }
      return error;
    }
    default:
      return error;
  }
}
