import { describeCommand, type TaskCommand } from '../command.js';
import type { AnyOrchestrationDefinition } from '../definitions.js';
import { formatEntityId, type EntityId } from '../entity-id.js';
import type { EntitySignal } from '../orchestration-context.js';
import { OrchestrationRun, type RunStep } from '../orchestration-run.js';
import { deterministicGuid } from './deterministic-guid.js';

/** A fire-and-forget action an execution took (a signal, a lock release): a replay must take the same. */
export type RecordedAction =
  | { readonly kind: 'signalEntity'; readonly signal: EntitySignal }
  | { readonly kind: 'releaseLocks'; readonly entities: readonly EntityId[] };

/** The lock handle the runner hands out; replays get it back from the recorded outcome. */
export interface RunnerLock {
  readonly entities: readonly EntityId[];
}

/** One step of a recorded execution: what the body asked for, when, and what it got back. */
export interface RecordedStep {
  readonly at: number;
  /** The actions taken since the previous step, before this one's command. */
  readonly actions: readonly RecordedAction[];
  readonly command: TaskCommand;
  readonly outcome?:
    { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
}

/** How a recorded execution ended: still waiting on its last step, finished, failed, or continued as new. */
export type RecordedEnd =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'completed'; readonly output: unknown }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'continuedAsNew'; readonly input: unknown };

export interface RecordedExecution {
  readonly instanceId: string;
  readonly execution: number;
  readonly input: unknown;
  readonly steps: readonly RecordedStep[];
  readonly end: RecordedEnd;
  /** The actions taken after the last step. */
  readonly endActions: readonly RecordedAction[];
  /** Virtual time at which the body saw its last outcome. */
  readonly endAt: number;
}

/** The orchestration did something different when replayed from its own history. */
export class NonDeterminismError extends Error {
  override readonly name = 'NonDeterminismError';
}

const canonical = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/** The GUID the runner hands out for the n-th newGuid() call of an execution (live and replay agree). */
export function guidFor(instanceId: string, execution: number, counter: number): string {
  return deterministicGuid(`${instanceId}#${execution}#${counter}`);
}

/**
 * Re-runs the body from scratch against the recorded outcomes with `isReplaying` true, as a host does after
 * a restart, and throws a NonDeterminismError naming the first step where the body behaves differently.
 */
export function replayCheck(definition: AnyOrchestrationDefinition, recorded: RecordedExecution): void {
  const where = `orchestration '${definition.name}' (instance '${recorded.instanceId}', execution ${recorded.execution})`;
  const advice =
    'Orchestration code must be deterministic: use ctx.currentUtcDateTime, ctx.newGuid() and activities for I/O; never Date.now(), Math.random(), module state or ctx.isReplaying to decide what to schedule.';
  let clock = recorded.steps[0]?.at ?? 0;
  let guids = 0;
  const sent: RecordedAction[] = [];
  const run = new OrchestrationRun(
    definition,
    {
      instanceId: recorded.instanceId,
      currentUtcDateTime: () => new Date(clock),
      isReplaying: () => true,
      newGuid: () => guidFor(recorded.instanceId, recorded.execution, guids++),
      setCustomStatus: () => undefined,
      signalEntity: (signal) => sent.push({ kind: 'signalEntity', signal }),
      releaseLocks: (lock) => sent.push({ kind: 'releaseLocks', entities: (lock as RunnerLock).entities }),
    },
    recorded.input,
  );
  const checkActions = (index: number) => {
    const expected = recorded.steps[index]?.actions ?? recorded.endActions;
    const taken = sent.splice(0);
    if (canonical(taken) === canonical(expected)) return;
    throw new NonDeterminismError(
      `Non-deterministic ${where}: at step ${index + 1} the replay sent ${describeActions(taken)} but the history recorded ${describeActions(expected)}. ${advice}`,
    );
  };

  let step: RunStep;
  const attempt = (index: number, drive: () => RunStep): RunStep | { kind: 'threw'; error: unknown } => {
    try {
      return drive();
    } catch (error) {
      if (recorded.end.kind === 'failed' && index === recorded.steps.length) return { kind: 'threw', error };
      throw new NonDeterminismError(
        `Non-deterministic ${where}: at step ${index + 1} the replay threw ${String(error)} but the recorded run ${describeEnd(recorded, index)}. ${advice}`,
      );
    }
  };

  for (let index = 0; index <= recorded.steps.length; index++) {
    const previous = recorded.steps[index - 1];
    const expected = recorded.steps[index];
    clock = expected ? expected.at : recorded.endAt;
    const result = attempt(index, () => {
      if (!previous) return run.start();
      const outcome = previous.outcome;
      if (!outcome)
        throw new Error('replayCheck: a step without an outcome must be the last one (runner bug).');
      return outcome.ok ? run.resume(outcome.value) : run.fail(outcome.error);
    });
    checkActions(index);
    if (result.kind === 'threw') return;
    step = result;
    if (expected) {
      if (step.kind !== 'schedule') {
        throw new NonDeterminismError(
          `Non-deterministic ${where}: at step ${index + 1} the replay ${step.kind === 'completed' ? 'completed' : 'continued as new'} but the history recorded ${describeCommand(expected.command)}. ${advice}`,
        );
      }
      if (canonical(step.command) !== canonical(expected.command)) {
        throw new NonDeterminismError(
          `Non-deterministic ${where}: at step ${index + 1} the replay scheduled ${describeCommand(step.command)} but the history recorded ${describeCommand(expected.command)}. ${advice}`,
        );
      }
      if (!expected.outcome) return; // still waiting on this step: nothing further was recorded
      continue;
    }
    const end = recorded.end;
    const mismatch =
      (end.kind === 'completed' &&
        !(step.kind === 'completed' && canonical(step.output) === canonical(end.output))) ||
      (end.kind === 'continuedAsNew' &&
        !(step.kind === 'continuedAsNew' && canonical(step.input) === canonical(end.input))) ||
      end.kind === 'failed' ||
      end.kind === 'waiting';
    if (mismatch) {
      const got =
        step.kind === 'schedule'
          ? `scheduled ${describeCommand(step.command)}`
          : step.kind === 'completed'
            ? `completed with ${canonical(step.output)}`
            : `continued as new with ${canonical(step.input)}`;
      throw new NonDeterminismError(
        `Non-deterministic ${where}: at step ${index + 1} the replay ${got} but the recorded run ${describeEnd(recorded, index)}. ${advice}`,
      );
    }
  }
}

function describeEnd(recorded: RecordedExecution, index: number): string {
  const expected = recorded.steps[index];
  if (expected) return `scheduled ${describeCommand(expected.command)}`;
  const end = recorded.end;
  switch (end.kind) {
    case 'completed':
      return `completed with ${canonical(end.output)}`;
    case 'failed':
      return `failed with ${String(end.error)}`;
    case 'continuedAsNew':
      return `continued as new with ${canonical(end.input)}`;
    case 'waiting':
      return 'was still waiting';
  }
}

function describeActions(actions: readonly RecordedAction[]): string {
  if (actions.length === 0) return 'nothing';
  return actions
    .map((action) =>
      action.kind === 'signalEntity'
        ? `a signal to entity '${formatEntityId(action.signal.entity)}' operation '${action.signal.operation}' (input ${canonical(action.signal.input)})`
        : `a release of ${action.entities.map(formatEntityId).join(', ')}`,
    )
    .join(', ');
}
