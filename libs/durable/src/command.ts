import { formatEntityId, type EntityId } from './entity-id.js';
import type { RetryPolicy } from './retry-policy.js';

/**
 * What an orchestration asks its host to do, as plain data ("effects as data"). Each adapter turns a
 * Command into its SDK's task; the in-memory runner executes it directly. Commands are JSON-friendly so
 * the replay check can compare them.
 */
export type Command =
  | ActivityCommand
  | SubOrchestrationCommand
  | TimerCommand
  | EventCommand
  | EntityCallCommand
  | LockCommand
  | AllCommand
  | AnyCommand
  | ContinueAsNewCommand;

export interface ActivityCommand {
  readonly kind: 'activity';
  readonly name: string;
  readonly input: unknown;
  readonly retry?: RetryPolicy;
}

export interface SubOrchestrationCommand {
  readonly kind: 'subOrchestration';
  readonly name: string;
  readonly input: unknown;
  readonly instanceId?: string;
  readonly retry?: RetryPolicy;
}

export interface TimerCommand {
  readonly kind: 'timer';
  readonly fireAt: Date;
}

export interface EventCommand {
  readonly kind: 'event';
  readonly name: string;
}

/** Runs one operation on an entity and waits for its result. */
export interface EntityCallCommand {
  readonly kind: 'entityCall';
  readonly entity: EntityId;
  readonly operation: string;
  readonly input: unknown;
}

/** Acquires the locks of a critical section (sorted, without duplicates); the result is the host's lock handle. */
export interface LockCommand {
  readonly kind: 'lock';
  readonly entities: readonly EntityId[];
}

/** Completes when every child has completed; results in child order. */
export interface AllCommand {
  readonly kind: 'all';
  readonly commands: readonly TaskCommand[];
}

/** Completes when the first child completes; the result names the winner's index. */
export interface AnyCommand {
  readonly kind: 'any';
  readonly commands: readonly TaskCommand[];
}

/** Ends this execution and restarts the orchestration with a new input (same instance id). */
export interface ContinueAsNewCommand {
  readonly kind: 'continueAsNew';
  readonly input: unknown;
}

/** The Commands that become a task on a host (everything but continue-as-new). */
export type TaskCommand = Exclude<Command, ContinueAsNewCommand>;

/** A short, human-readable name for a Command, used in error messages ("activity 'say_hello'"). */
export function describeCommand(command: Command): string {
  switch (command.kind) {
    case 'activity':
      return `activity '${command.name}' (input ${JSON.stringify(command.input)})`;
    case 'subOrchestration':
      return `sub-orchestration '${command.name}' (input ${JSON.stringify(command.input)})`;
    case 'timer':
      return `timer firing at ${command.fireAt.toISOString()}`;
    case 'event':
      return `wait for external event '${command.name}'`;
    case 'entityCall':
      return `call entity '${formatEntityId(command.entity)}' operation '${command.operation}' (input ${JSON.stringify(command.input)})`;
    case 'lock':
      return `lock ${command.entities.map(formatEntityId).join(', ')}`;
    case 'all':
      return `all [${command.commands.map(describeCommand).join(', ')}]`;
    case 'any':
      return `any [${command.commands.map(describeCommand).join(', ')}]`;
    case 'continueAsNew':
      return `continue-as-new (input ${JSON.stringify(command.input)})`;
  }
}
