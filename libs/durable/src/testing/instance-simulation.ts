import type { EntityCallCommand, LockCommand, TaskCommand } from '../command.js';
import type { AnyOrchestrationDefinition } from '../definitions.js';
import { EntityOperationFailedError } from '../entity-errors.js';
import { formatEntityId } from '../entity-id.js';
import type { EntitySignal } from '../orchestration-context.js';
import { OrchestrationRun, type RunStep } from '../orchestration-run.js';
import type { LogEntry } from '../replay-safe-logger.js';
import { nextRetryDelay, type RetryPolicy } from '../retry-policy.js';
import { TaskFailedError, failureDetailsOf, type FailureDetails } from '../task-failed-error.js';
import type { HistoryEvent } from './history-event.js';
import type { EntityReply, EntityWorld } from './entity-world.js';
import {
  guidFor,
  replayCheck,
  type RecordedAction,
  type RecordedEnd,
  type RecordedExecution,
  type RecordedStep,
  type RunnerLock,
} from './replay-check.js';
import { SimTask } from './sim-task.js';

/** An external event raised by the test, at a virtual time (default: as soon as the instance starts). */
export interface ScheduledEvent {
  readonly name: string;
  readonly data?: unknown;
  readonly at: number;
  readonly instanceId: string;
}

/** What the simulation needs from the runner: lookups and child instances. */
export interface SimulationEnvironment {
  findActivity(name: string): ((input: unknown) => unknown) | undefined;
  findOrchestration(name: string): AnyOrchestrationDefinition | undefined;
  runChild(
    definition: AnyOrchestrationDefinition,
    input: unknown,
    instanceId: string,
    startAt: number,
  ): Promise<InstanceOutcome>;
  readonly events: readonly ScheduledEvent[];
  /** The entities every instance of the run shares. */
  readonly world: EntityWorld;
  readonly maxSteps: number;
  readonly maxExecutions: number;
}

export interface InstanceOutcome {
  readonly instanceId: string;
  readonly name: string;
  /** `running`: the instance waits for something that never happens (an event nobody raised). */
  readonly status: 'completed' | 'failed' | 'running';
  readonly output?: unknown;
  readonly failure?: FailureDetails;
  readonly customStatus: unknown;
  readonly customStatusHistory: readonly unknown[];
  readonly history: readonly HistoryEvent[];
  readonly executions: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly logs: readonly LogEntry[];
  readonly children: readonly InstanceOutcome[];
  /** What a `running` instance is waiting for. */
  readonly waitingFor?: TaskCommand;
}

/** Each simulated instance holds locks under its own name: two runs may reuse an instance id. */
let simulations = 0;

interface TimedItem {
  readonly at: number;
  readonly seq: number;
  /** Internal items belong to one execution and are dropped on continue-as-new; test events are not. */
  readonly execution: number | undefined;
  readonly apply: () => void;
}

// JSON round trip, as every host serialises inputs, outputs and event data.
const viaJson = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/**
 * Runs one orchestration instance in virtual time: activities run for real (in the order they finish),
 * timers, retries and raised events fire in time order once no activity is running (time skipping), and
 * every execution is replayed from its recorded steps afterwards to catch non-determinism.
 */
export class InstanceSimulation {
  private clock: number;
  private seq = 0;
  private execution = 0;
  private taskIds = 0;
  private steps = 0;
  private readonly queue: TimedItem[] = [];
  private readonly inFlight = new Map<number, Promise<() => void>>();
  private waiters = new Map<string, SimTask[]>();
  private buffered = new Map<string, unknown[]>();
  private readonly history: HistoryEvent[] = [];
  private readonly logs: LogEntry[] = [];
  private readonly children: InstanceOutcome[] = [];
  private readonly customStatusHistory: unknown[] = [];
  private customStatus: unknown = undefined;
  private readonly lockOwner: string;

  constructor(
    private readonly definition: AnyOrchestrationDefinition,
    private readonly instanceId: string,
    private readonly startAt: number,
    private readonly env: SimulationEnvironment,
  ) {
    this.clock = startAt;
    this.lockOwner = `${instanceId}#${++simulations}`;
    for (const event of env.events) {
      if (event.instanceId === instanceId)
        this.enqueue(Math.max(event.at, startAt), undefined, () =>
          this.deliverEvent(event.name, viaJson(event.data)),
        );
    }
  }

  private get now(): string {
    return new Date(this.clock).toISOString();
  }

  async run(input: unknown): Promise<InstanceOutcome> {
    let currentInput = viaJson(input);
    for (;;) {
      this.execution++;
      if (this.execution > this.env.maxExecutions) {
        throw new Error(
          `Orchestration '${this.definition.name}' (instance '${this.instanceId}') continued as new more than ${this.env.maxExecutions} times; raise maxExecutions in the runner options if that is intended.`,
        );
      }
      const result = await this.runExecution(currentInput);
      if (result.end.kind === 'continuedAsNew') {
        currentInput = result.end.input;
        continue;
      }
      return this.outcome(result.end, result.waitingFor);
    }
  }

  private async runExecution(input: unknown): Promise<{ end: RecordedEnd; waitingFor?: TaskCommand }> {
    const execution = this.execution;
    const recorded: RecordedStep[] = [];
    const actions: RecordedAction[] = [];
    let guids = 0;
    this.history.push({ type: 'ExecutionStarted', at: this.now, name: this.definition.name, input });
    const run = new OrchestrationRun(
      this.definition,
      {
        instanceId: this.instanceId,
        currentUtcDateTime: () => new Date(this.clock),
        isReplaying: () => false,
        newGuid: () => guidFor(this.instanceId, execution, guids++),
        setCustomStatus: (value) => {
          this.customStatus = viaJson(value);
          this.customStatusHistory.push(this.customStatus);
        },
        log: (entry) => this.logs.push(entry),
        signalEntity: (signal) => {
          actions.push({ kind: 'signalEntity', signal });
          this.sendSignal(signal);
        },
        releaseLocks: (lock) => {
          const { entities } = lock as RunnerLock;
          actions.push({ kind: 'releaseLocks', entities });
          this.history.push({
            type: 'EntityUnlockSent',
            at: this.now,
            entities: entities.map(formatEntityId),
          });
          this.env.world.release(entities, this.lockOwner);
        },
      },
      input,
    );

    let end: RecordedEnd;
    let waitingFor: TaskCommand | undefined;
    let drive: () => RunStep = () => run.start();
    for (;;) {
      const at = this.clock;
      let step: RunStep;
      try {
        step = drive();
      } catch (error) {
        end = { kind: 'failed', error };
        break;
      }
      if (step.kind === 'completed') {
        end = { kind: 'completed', output: viaJson(step.output) };
        break;
      }
      if (step.kind === 'continuedAsNew') {
        end = { kind: 'continuedAsNew', input: viaJson(step.input) };
        break;
      }
      if (++this.steps > this.env.maxSteps) {
        throw new Error(
          `Orchestration '${this.definition.name}' (instance '${this.instanceId}') scheduled more than ${this.env.maxSteps} commands; raise maxSteps in the runner options if that is intended.`,
        );
      }
      const task = this.schedule(step.command);
      const settled = await this.until(task);
      if (!settled) {
        recorded.push({ at, actions: actions.splice(0), command: step.command });
        end = { kind: 'waiting' };
        waitingFor = step.command;
        break;
      }
      const outcome = task.outcome;
      recorded.push({ at, actions: actions.splice(0), command: step.command, outcome });
      drive = outcome.ok ? () => run.resume(outcome.value) : () => run.fail(outcome.error);
    }

    const execRecord: RecordedExecution = {
      instanceId: this.instanceId,
      execution,
      input,
      steps: recorded,
      end,
      endActions: actions.splice(0),
      endAt: this.clock,
    };
    replayCheck(this.definition, execRecord);
    this.finishExecution(end);
    return { end, ...(waitingFor ? { waitingFor } : {}) };
  }

  private finishExecution(end: RecordedEnd): void {
    if (end.kind === 'completed') {
      this.history.push({
        type: 'ExecutionCompleted',
        at: this.now,
        status: 'completed',
        output: end.output,
      });
    } else if (end.kind === 'failed') {
      this.history.push({
        type: 'ExecutionCompleted',
        at: this.now,
        status: 'failed',
        failure: failureDetailsOf(end.error),
      });
    } else if (end.kind === 'continuedAsNew') {
      this.history.push({ type: 'ContinuedAsNew', at: this.now, input: end.input });
      // A new execution starts clean: its predecessor's timers, waiters, unread events and running activities are gone.
      const keep = this.queue.filter((item) => item.execution === undefined);
      this.queue.splice(0, this.queue.length, ...keep);
      this.inFlight.clear();
      this.waiters = new Map();
      this.buffered = new Map();
    }
  }

  private outcome(end: RecordedEnd, waitingFor: TaskCommand | undefined): InstanceOutcome {
    return {
      instanceId: this.instanceId,
      name: this.definition.name,
      status: end.kind === 'completed' ? 'completed' : end.kind === 'failed' ? 'failed' : 'running',
      ...(end.kind === 'completed' ? { output: end.output } : {}),
      ...(end.kind === 'failed' ? { failure: failureDetailsOf(end.error) } : {}),
      customStatus: this.customStatus,
      customStatusHistory: this.customStatusHistory,
      history: this.history,
      executions: this.execution,
      startedAt: new Date(this.startAt),
      finishedAt: new Date(this.clock),
      logs: this.logs,
      children: this.children,
      ...(waitingFor ? { waitingFor } : {}),
    };
  }

  /** Processes completions until `task` settles: running activities first, then the earliest timed item. */
  private async until(task: SimTask): Promise<boolean> {
    while (!task.done) {
      if (this.inFlight.size > 0) {
        const apply = await Promise.race(this.inFlight.values());
        apply();
        continue;
      }
      const next = this.popEarliest();
      if (!next) return false;
      this.clock = Math.max(this.clock, next.at);
      next.apply();
    }
    return true;
  }

  private popEarliest(): TimedItem | undefined {
    if (this.queue.length === 0) return undefined;
    let best = 0;
    this.queue.forEach((item, i) => {
      const current = this.queue[best] as TimedItem;
      if (item.at < current.at || (item.at === current.at && item.seq < current.seq)) best = i;
    });
    return this.queue.splice(best, 1)[0];
  }

  private enqueue(at: number, execution: number | undefined, apply: () => void): void {
    this.queue.push({ at, seq: this.seq++, execution, apply });
  }

  private startWork(
    work: () => Promise<unknown>,
    onSettled: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => void,
  ): void {
    const key = this.seq++;
    const execution = this.execution;
    const promise = Promise.resolve()
      .then(work)
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      )
      .then((outcome) => () => {
        this.inFlight.delete(key);
        if (execution === this.execution) onSettled(outcome);
      });
    this.inFlight.set(key, promise);
  }

  private schedule(command: TaskCommand): SimTask {
    switch (command.kind) {
      case 'activity':
        return this.scheduleWithRetry(command.retry, (task, attempt, retryAt) =>
          this.attemptActivity(command.name, command.input, task, attempt, retryAt),
        );
      case 'subOrchestration':
        return this.scheduleWithRetry(command.retry, (task, attempt, retryAt) =>
          this.attemptSubOrchestration(
            command.name,
            command.input,
            command.instanceId,
            task,
            attempt,
            retryAt,
          ),
        );
      case 'timer': {
        const task = new SimTask();
        const taskId = this.taskIds++;
        const fireAt = command.fireAt.getTime();
        this.history.push({
          type: 'TimerCreated',
          at: this.now,
          taskId,
          fireAt: new Date(fireAt).toISOString(),
          purpose: 'timer',
        });
        this.enqueue(Math.max(fireAt, this.clock), this.execution, () => {
          this.history.push({ type: 'TimerFired', at: this.now, taskId });
          task.complete(undefined);
        });
        return task;
      }
      case 'event': {
        const task = new SimTask();
        const waiting = this.buffered.get(command.name);
        if (waiting && waiting.length > 0) task.complete(waiting.shift());
        else this.waiters.set(command.name, [...(this.waiters.get(command.name) ?? []), task]);
        return task;
      }
      case 'entityCall':
        return this.callEntity(command);
      case 'lock':
        return this.lockEntities(command);
      case 'all':
        return SimTask.all(command.commands.map((c) => this.schedule(c)));
      case 'any':
        return SimTask.any(command.commands.map((c) => this.schedule(c)));
    }
  }

  private sendSignal(signal: EntitySignal): void {
    const scheduledTime = signal.at ? { scheduledTime: signal.at.toISOString() } : {};
    this.history.push({
      type: 'EntityOperationSignaled',
      at: this.now,
      entity: formatEntityId(signal.entity),
      operation: signal.operation,
      input: viaJson(signal.input),
      ...scheduledTime,
    });
    this.env.world.send({
      entity: signal.entity,
      operation: signal.operation,
      input: viaJson(signal.input),
      at: Math.max(signal.at?.getTime() ?? this.clock, this.clock),
      source: this.lockOwner,
    });
  }

  /** The call is applied once every earlier message to the entity is (entities take no virtual time). */
  private callEntity(command: EntityCallCommand): SimTask {
    const task = new SimTask();
    const taskId = this.taskIds++;
    const input = viaJson(command.input);
    this.history.push({
      type: 'EntityOperationCalled',
      at: this.now,
      taskId,
      entity: formatEntityId(command.entity),
      operation: command.operation,
      input,
    });
    let reply: EntityReply | undefined;
    const world = this.env.world;
    world.send({
      entity: command.entity,
      operation: command.operation,
      input,
      at: this.clock,
      source: this.lockOwner,
      reply: (r) => (reply = r),
    });
    this.startWork(
      () => world.drain(this.clock),
      (drained) => {
        if (!drained.ok) throw drained.error; // a runner bug, not an entity failure
        if (!reply) return; // the entity is locked by an instance that never finishes: wait, as on a host
        if (reply.ok) {
          this.history.push({ type: 'EntityOperationCompleted', at: this.now, taskId, result: reply.value });
          task.complete(reply.value);
        } else {
          this.history.push({ type: 'EntityOperationFailed', at: this.now, taskId, failure: reply.failure });
          task.fail(new EntityOperationFailedError(command.entity, command.operation, reply.failure));
        }
      },
    );
    return task;
  }

  private lockEntities(command: LockCommand): SimTask {
    const task = new SimTask();
    const taskId = this.taskIds++;
    this.history.push({
      type: 'EntityLockRequested',
      at: this.now,
      taskId,
      entities: command.entities.map(formatEntityId),
    });
    const world = this.env.world;
    this.startWork(
      // Earlier messages to these entities are applied first: a lock is granted in arrival order.
      () => world.drain(this.clock).then(() => world.tryLock(command.entities, this.lockOwner)),
      (granted) => {
        if (!granted.ok) throw granted.error;
        if (!granted.value) return; // held by an instance that never finishes: wait, as on a host
        this.history.push({ type: 'EntityLockGranted', at: this.now, taskId });
        const lock: RunnerLock = { entities: command.entities };
        task.complete(lock);
      },
    );
    return task;
  }

  /** Delivered to the oldest waiter of that name (even one that lost a race, as on the SDKs), else buffered. */
  private deliverEvent(name: string, data: unknown): void {
    this.history.push({ type: 'EventRaised', at: this.now, name, data });
    const waiter = this.waiters.get(name)?.shift();
    if (waiter) waiter.complete(data);
    else this.buffered.set(name, [...(this.buffered.get(name) ?? []), data]);
  }

  /**
   * Runs attempts until one succeeds or the policy gives up; retry delays are durable timers in virtual
   * time, measured from the first attempt (durabletask-js RetryableTask arithmetic).
   */
  private scheduleWithRetry(
    retry: RetryPolicy | undefined,
    attempt: (task: SimTask, attempt: number, onFailure: (error: TaskFailedError) => void) => void,
  ): SimTask {
    const task = new SimTask();
    const firstAttemptAt = this.clock;
    const execution = this.execution;
    const tryAttempt = (n: number) =>
      attempt(task, n, (error) => {
        const delay = retry ? nextRetryDelay(retry, n, this.clock - firstAttemptAt) : undefined;
        if (delay === undefined) {
          task.fail(error);
          return;
        }
        const taskId = this.taskIds++;
        const fireAt = this.clock + delay;
        this.history.push({
          type: 'TimerCreated',
          at: this.now,
          taskId,
          fireAt: new Date(fireAt).toISOString(),
          purpose: 'retry',
        });
        this.enqueue(fireAt, execution, () => {
          this.history.push({ type: 'TimerFired', at: this.now, taskId });
          tryAttempt(n + 1);
        });
      });
    tryAttempt(1);
    return task;
  }

  private attemptActivity(
    name: string,
    input: unknown,
    task: SimTask,
    attempt: number,
    onFailure: (error: TaskFailedError) => void,
  ): void {
    const taskId = this.taskIds++;
    const payload = viaJson(input);
    this.history.push({ type: 'TaskScheduled', at: this.now, taskId, name, input: payload, attempt });
    const run = this.env.findActivity(name);
    this.startWork(
      async () => {
        if (!run) {
          const error = new Error(
            `No activity named '${name}' is registered with the test runner. Pass its definition in 'activities' or a function in 'activityOverrides'.`,
          );
          error.name = 'ActivityNotFound';
          throw error;
        }
        return viaJson(await run(payload));
      },
      (outcome) => {
        if (outcome.ok) {
          this.history.push({ type: 'TaskCompleted', at: this.now, taskId, result: outcome.value });
          task.complete(outcome.value);
        } else {
          const failure = failureDetailsOf(outcome.error);
          this.history.push({ type: 'TaskFailed', at: this.now, taskId, failure });
          onFailure(new TaskFailedError('activity', name, failure));
        }
      },
    );
  }

  private attemptSubOrchestration(
    name: string,
    input: unknown,
    instanceId: string | undefined,
    task: SimTask,
    attempt: number,
    onFailure: (error: TaskFailedError) => void,
  ): void {
    const taskId = this.taskIds++;
    const childId = instanceId ?? `${this.instanceId}:${taskId.toString(16).padStart(4, '0')}`;
    const payload = viaJson(input);
    this.history.push({
      type: 'SubOrchestrationCreated',
      at: this.now,
      taskId,
      name,
      instanceId: childId,
      input: payload,
      attempt,
    });
    const definition = this.env.findOrchestration(name);
    const execution = this.execution;
    this.startWork(
      async () => {
        if (!definition) {
          const error = new Error(
            `No orchestration named '${name}' is registered with the test runner. Pass its definition in 'orchestrations'.`,
          );
          error.name = 'OrchestrationNotFound';
          throw error;
        }
        return this.env.runChild(definition, payload, childId, this.clock);
      },
      (outcome) => {
        const fail = (failure: FailureDetails) => {
          this.history.push({ type: 'SubOrchestrationFailed', at: this.now, taskId, failure });
          onFailure(new TaskFailedError('subOrchestration', name, failure));
        };
        if (!outcome.ok) {
          // A missing definition is a task failure (as on a host); anything else is a runner-level error
          // (a non-deterministic child, a step limit) and must surface, not be swallowed by the parent.
          if (definition) throw outcome.error;
          fail(failureDetailsOf(outcome.error));
          return;
        }
        const child = outcome.value as InstanceOutcome;
        this.children.push(child);
        if (child.status === 'running') return; // never finishes: the parent keeps waiting, as on a host
        // The child ran in its own virtual time: its result reaches the parent when the child finished.
        this.enqueue(child.finishedAt.getTime(), execution, () => {
          if (child.status === 'completed') {
            this.history.push({
              type: 'SubOrchestrationCompleted',
              at: this.now,
              taskId,
              result: child.output,
            });
            task.complete(child.output);
          } else {
            fail(child.failure ?? { errorType: 'Error', errorMessage: 'unknown failure' });
          }
        });
      },
    );
  }
}
