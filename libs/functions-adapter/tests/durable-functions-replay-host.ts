// A small stand-in for the Durable extension + DTFx, enough to drive durable-functions v3's own replay
// engine (createOrchestrator) episode by episode from a DTFx-shaped history, in virtual time.
// Protocol facts as the Durable extension has them: its history JSON, durable-functions' action JSON, the
// history DTFx RetryInterceptor leaves, `$OutOfProcData$` failures.
import { InvocationContext } from '@azure/functions';
import {
  makeEntityId,
  type AnyActivityDefinition,
  type AnyEntityDefinition,
  type AnyOrchestrationDefinition,
  type EntityId,
} from '@durable-hosts/durable';
import { EntityWorld, type EntityReply } from '@durable-hosts/durable/testing';
import { parseEntityInstanceId, retryBackoffDelay } from '@durable-hosts/dts-protocol';
import type { OrchestrationHandler } from 'durable-functions';
import { createOrchestrator } from 'durable-functions/lib/src/util/testingUtils.js';
import { durableFunctionsEntityExecutor } from './durable-functions-entity-runtime.js';

const EventType = {
  ExecutionStarted: 0,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
} as const;

const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  SignalEntity: 9,
  ScheduledSignalEntity: 10,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

interface Action {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  fireAt?: string;
  operation?: string;
  lockRequestId?: string;
  lockSet?: { name: string; key: string }[];
  retryOptions?: {
    firstRetryIntervalInMilliseconds: number;
    maxNumberOfAttempts: number;
    backoffCoefficient?: number;
    maxRetryIntervalInMilliseconds?: number;
  };
  compoundActions?: Action[];
}

interface OrchestratorState {
  isDone: boolean;
  actions: Action[][];
  output?: unknown;
  customStatus?: unknown;
  error?: string;
}

type HistoryEvent = Record<string, unknown> & {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
};

export interface ReplayEvent {
  readonly name: string;
  readonly data?: unknown;
  readonly afterSeconds: number;
  readonly instanceId?: string;
}

export interface ReplayOutcome {
  readonly instanceId: string;
  readonly status: 'completed' | 'failed' | 'running';
  readonly output?: unknown;
  readonly error?: string;
  readonly customStatus?: unknown;
  readonly episodes: number;
  readonly finishedAt: Date;
  readonly history: readonly HistoryEvent[];
}

interface Pending {
  readonly kind: 'activity' | 'subOrchestration';
  readonly name: string;
  readonly input: unknown;
  readonly instanceId?: string;
  readonly retry?: Action['retryOptions'];
  attempt: number;
}

interface Timed {
  readonly at: number;
  readonly seq: number;
  readonly execution: number | undefined;
  readonly events: () => HistoryEvent[];
}

// v3's activity and continue-as-new actions carry their input JSON-encoded (durable-functions Utils.processInput).
const decodeInput = (input: unknown) => (typeof input === 'string' ? JSON.parse(input) : input);

export class DurableFunctionsReplayHost {
  private readonly handlers = new Map<
    string,
    (trigger: unknown, context: InvocationContext) => Promise<unknown>
  >();
  private readonly activities = new Map<string, AnyActivityDefinition>();
  /** The entities, run by durable-functions' own entity runtime, shared by every instance of this host. */
  readonly world: EntityWorld;

  constructor(
    toHandler: (definition: AnyOrchestrationDefinition) => OrchestrationHandler,
    definitions: {
      orchestrations: readonly AnyOrchestrationDefinition[];
      activities: readonly AnyActivityDefinition[];
      entities?: readonly AnyEntityDefinition[];
    },
    private readonly startTime: Date,
  ) {
    for (const o of definitions.orchestrations) this.handlers.set(o.name, createOrchestrator(toHandler(o)));
    for (const a of definitions.activities) this.activities.set(a.name, a);
    this.world = new EntityWorld(definitions.entities ?? [], startTime.getTime(), durableFunctionsEntityExecutor());
  }

  async run(
    name: string,
    input: unknown,
    instanceId: string,
    events: readonly ReplayEvent[] = [],
  ): Promise<ReplayOutcome> {
    const outcome = await new ReplayInstance(this, name, instanceId, this.startTime.getTime(), events).run(input);
    await this.world.drain(Infinity);
    return outcome;
  }

  /** A client signal (the Durable HTTP API's), applied at once. */
  async signalEntity(entity: EntityId, operation: string, input?: unknown): Promise<void> {
    this.world.send({ entity, operation, input, at: this.world.now, source: 'client' });
    await this.world.drain(Infinity);
  }

  handlerFor(name: string) {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No orchestration '${name}' registered with the replay host.`);
    return handler;
  }

  activityFor(name: string) {
    return this.activities.get(name);
  }
}

let instances = 0;

class ReplayInstance {
  private clock: number;
  private seq = 0;
  private execution = 0;
  private nextEventId = 0;
  private knownActions = 0;
  private past: HistoryEvent[] = [];
  private scheduling: HistoryEvent[] = [];
  private readonly queue: Timed[] = [];
  private readonly pending = new Map<number, Pending>();
  private episodes = 0;
  /** The entities this instance holds locked, and the name it holds them under. */
  private locked: readonly EntityId[] = [];
  private readonly lockOwner: string;

  constructor(
    private readonly host: DurableFunctionsReplayHost,
    private readonly name: string,
    private readonly instanceId: string,
    startAt: number,
    private readonly events: readonly ReplayEvent[],
  ) {
    this.clock = startAt;
    this.lockOwner = `${instanceId}#${++instances}`;
    for (const event of events) {
      if ((event.instanceId ?? this.instanceId) !== instanceId) continue;
      this.enqueue(startAt + event.afterSeconds * 1000, undefined, () => [
        this.event(EventType.EventRaised, {
          Name: event.name,
          Input: event.data === undefined ? undefined : JSON.stringify(event.data),
        }),
      ]);
    }
  }

  private event(type: number, fields: Record<string, unknown>, eventId = -1): HistoryEvent {
    return {
      EventType: type,
      EventId: eventId,
      IsPlayed: false,
      Timestamp: new Date(this.clock).toISOString(),
      IsProcessed: false,
      ...fields,
    };
  }

  private enqueue(at: number, execution: number | undefined, events: () => HistoryEvent[]): void {
    this.queue.push({ at, seq: this.seq++, execution, events });
  }

  async run(input: unknown): Promise<ReplayOutcome> {
    let currentInput = input;
    let newEvents: HistoryEvent[] = this.startExecution(currentInput);
    let customStatus: unknown;
    for (;;) {
      if (++this.episodes > 500)
        throw new Error(`Instance ${this.instanceId} did not finish within 500 episodes.`);
      const history = [...this.past, this.event(EventType.OrchestratorStarted, {}), ...newEvents];
      const state = await this.episode(history, currentInput);
      if (state.customStatus !== undefined) customStatus = state.customStatus;
      if (state.error !== undefined) return this.outcome('failed', { error: state.error, customStatus });
      const actions = flatten(state.actions[0] ?? []);
      const continueAsNew = actions.find((a) => a.actionType === ActionType.ContinueAsNew);
      if (state.isDone && continueAsNew) {
        currentInput = decodeInput(continueAsNew.input);
        newEvents = this.startExecution(currentInput);
        continue;
      }
      if (state.isDone) return this.outcome('completed', { output: state.output, customStatus });

      // Retry timers chosen while delivering the last events belong to this episode's output.
      const fromDelivery = this.scheduling.splice(0);
      for (const retry of this.retries.splice(0)) await retry();
      await this.scheduleNew(actions.slice(this.knownActions));
      this.knownActions = actions.length;
      const scheduled = [
        ...fromDelivery,
        ...this.scheduling.splice(0),
        this.event(EventType.OrchestratorCompleted, {}),
      ];
      this.past = [...history, ...scheduled].map((e) => ({ ...e, IsPlayed: true }));

      const next = this.popEarliest();
      if (!next) return this.outcome('running', { customStatus });
      this.clock = Math.max(this.clock, next.at);
      newEvents = next.events();
    }
  }

  private startExecution(input: unknown): HistoryEvent[] {
    this.execution++;
    this.past = [];
    this.scheduling = [];
    this.nextEventId = 0;
    this.knownActions = 0;
    this.pending.clear();
    this.retries = [];
    const keep = this.queue.filter((t) => t.execution === undefined);
    this.queue.splice(0, this.queue.length, ...keep);
    return [
      this.event(EventType.ExecutionStarted, {
        Name: this.name,
        Input: JSON.stringify(input ?? null),
        OrchestrationInstance: { InstanceId: this.instanceId },
      }),
    ];
  }

  private async episode(history: HistoryEvent[], input: unknown): Promise<OrchestratorState> {
    const trigger = {
      history,
      input,
      instanceId: this.instanceId,
      isReplaying: false,
      parentInstanceId: null,
      upperSchemaVersion: 1,
      // V4: critical sections (context.df.lock).
      upperSchemaVersionNew: 3,
      longRunningTimerIntervalDuration: '3.00:00:00',
      // Larger than any timer here, so the SDK never splits timers into LongTimerTasks.
      maximumShortTimerDuration: '3650.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    const context = new InvocationContext({
      functionName: this.name,
      invocationId: `${this.instanceId}-${this.episodes}`,
      logHandler: () => undefined,
    });
    try {
      return JSON.parse(
        JSON.stringify(await this.host.handlerFor(this.name)(trigger, context)),
      ) as OrchestratorState;
    } catch (error) {
      // Unhandled orchestrator errors come back as `<msg>\n\n$OutOfProcData$:<OrchestratorState JSON>`.
      const message = error instanceof Error ? error.message : String(error);
      const [, data] = message.split('\n\n$OutOfProcData$:');
      if (!data) throw error;
      return JSON.parse(data) as OrchestratorState;
    }
  }

  private async scheduleNew(actions: Action[]): Promise<void> {
    for (const action of actions) {
      switch (action.actionType) {
        case ActionType.CallActivity:
        case ActionType.CallActivityWithRetry: {
          const id = this.nextEventId++;
          const pending: Pending = {
            kind: 'activity',
            name: action.functionName ?? '',
            input: decodeInput(action.input),
            retry: action.retryOptions,
            attempt: 1,
          };
          this.pending.set(id, pending);
          await this.attempt(id, pending);
          break;
        }
        case ActionType.CallSubOrchestrator:
        case ActionType.CallSubOrchestratorWithRetry: {
          const id = this.nextEventId++;
          const pending: Pending = {
            kind: 'subOrchestration',
            name: action.functionName ?? '',
            input: action.input,
            instanceId: action.instanceId ?? `${this.instanceId}:${id}`,
            retry: action.retryOptions,
            attempt: 1,
          };
          this.pending.set(id, pending);
          await this.attempt(id, pending);
          break;
        }
        case ActionType.CreateTimer: {
          const id = this.nextEventId++;
          const fireAt = new Date(action.fireAt ?? this.clock).getTime();
          this.scheduling.push(
            this.event(EventType.TimerCreated, { FireAt: new Date(fireAt).toISOString() }, id),
          );
          this.enqueue(Math.max(fireAt, this.clock), this.execution, () => [
            this.event(EventType.TimerFired, { TimerId: id, FireAt: new Date(fireAt).toISOString() }),
          ]);
          break;
        }
        case ActionType.WaitForExternalEvent:
          break;
        case ActionType.CallEntity:
          await this.callEntity(this.nextEventId++, action);
          break;
        case ActionType.SignalEntity:
        case ActionType.ScheduledSignalEntity: {
          const id = this.nextEventId++;
          const target = action.instanceId ?? '';
          this.scheduling.push(this.event(EventType.EventSent, { InstanceId: target, Name: 'op', Input: '{}' }, id));
          this.host.world.send({
            entity: parseTarget(target),
            operation: action.operation ?? '',
            input: action.input,
            at: action.fireAt ? Math.max(new Date(action.fireAt).getTime(), this.clock) : this.clock,
            source: this.lockOwner,
          });
          break;
        }
        case ActionType.LockEntities:
          await this.lockEntities(this.nextEventId++, action);
          break;
        case ActionType.ReleaseEntities:
          // The SDK takes one sequence number per released entity (an unlock message each).
          for (const entity of this.locked) {
            this.scheduling.push(
              this.event(EventType.EventSent, { InstanceId: `@${entity.name}@${entity.key}`, Name: 'release' }, this.nextEventId++),
            );
          }
          this.host.world.release(this.locked, this.lockOwner);
          this.locked = [];
          break;
        default:
          throw new Error(
            `Replay host does not support action type ${action.actionType}: ${JSON.stringify(action)}`,
          );
      }
    }
  }

  /**
   * EventSent carries the request id the SDK re-keys the task by; the response comes back as EventRaised
   * named by it, holding the extension's ResponseMessage ({ result, exceptionType }).
   */
  private async callEntity(id: number, action: Action): Promise<void> {
    const requestId = `${this.instanceId}:request:${this.execution}:${id}`;
    const target = action.instanceId ?? '';
    this.scheduling.push(
      this.event(EventType.EventSent, { InstanceId: target, Name: 'op', Input: JSON.stringify({ id: requestId }) }, id),
    );
    let reply: EntityReply | undefined;
    const world = this.host.world;
    world.send({
      entity: parseTarget(target),
      operation: action.operation ?? '',
      input: action.input,
      at: this.clock,
      source: this.lockOwner,
      reply: (r) => (reply = r),
    });
    await world.drain(this.clock);
    const answer = reply as EntityReply | undefined;
    if (!answer) return; // locked by an instance that never finishes
    const response = answer.ok
      ? { result: JSON.stringify(answer.value ?? null) }
      : { result: answer.failure.errorMessage, exceptionType: 'Error' }; // the raw result the entity runtime returned
    this.enqueue(this.clock, this.execution, () => [
      this.event(EventType.EventRaised, { Name: requestId, Input: JSON.stringify(response) }),
    ]);
  }

  private async lockEntities(id: number, action: Action): Promise<void> {
    const requestId = action.lockRequestId ?? `${this.instanceId}:lock:${id}`;
    const entities = (action.lockSet ?? []).map((e) => makeEntityId(e.name, e.key));
    this.scheduling.push(
      this.event(EventType.EventSent, { Name: 'op', Input: JSON.stringify({ id: requestId }) }, id),
    );
    await this.host.world.drain(this.clock);
    if (!this.host.world.tryLock(entities, this.lockOwner)) return;
    this.locked = entities;
    this.enqueue(this.clock, this.execution, () => [
      this.event(EventType.EventRaised, { Name: requestId, Input: JSON.stringify({ result: '"granted"' }) }),
    ]);
  }

  /** Runs one attempt now and queues its completion (activities take no virtual time; children take theirs). */
  private async attempt(id: number, pending: Pending): Promise<void> {
    const execution = this.execution;
    if (pending.kind === 'activity') {
      this.scheduling.push(
        this.event(
          EventType.TaskScheduled,
          { Name: pending.name, Input: JSON.stringify(pending.input ?? null) },
          id,
        ),
      );
      const activity = this.host.activityFor(pending.name);
      let outcome: { ok: true; value: unknown } | { ok: false; error: Error };
      try {
        if (!activity) throw new Error(`Activity '${pending.name}' is not registered.`);
        outcome = { ok: true, value: await activity.run(pending.input) };
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
      this.enqueue(this.clock, execution, () => this.completion(id, pending, outcome));
      return;
    }
    const childId = pending.instanceId ?? `${this.instanceId}:${id}`;
    this.scheduling.push(
      this.event(
        EventType.SubOrchestrationInstanceCreated,
        { Name: pending.name, InstanceId: childId, Input: JSON.stringify(pending.input ?? null) },
        id,
      ),
    );
    const child = await new ReplayInstance(this.host, pending.name, childId, this.clock, this.events).run(
      pending.input,
    );
    if (child.status === 'running') return;
    const outcome =
      child.status === 'completed'
        ? { ok: true as const, value: child.output }
        : { ok: false as const, error: new Error(child.error ?? 'failed') };
    this.enqueue(child.finishedAt.getTime(), execution, () => this.completion(id, pending, outcome));
  }

  /** The completion events, plus DTFx RetryInterceptor bookkeeping for retried tasks. */
  private completion(
    id: number,
    pending: Pending,
    outcome: { ok: true; value: unknown } | { ok: false; error: Error },
  ): HistoryEvent[] {
    const activity = pending.kind === 'activity';
    if (outcome.ok) {
      const type = activity ? EventType.TaskCompleted : EventType.SubOrchestrationInstanceCompleted;
      return [this.event(type, { TaskScheduledId: id, Result: JSON.stringify(outcome.value ?? null) })];
    }
    const error = outcome.error;
    const failed = this.event(activity ? EventType.TaskFailed : EventType.SubOrchestrationInstanceFailed, {
      TaskScheduledId: id,
      Reason: `${activity ? 'Activity' : 'Orchestrator'} function '${pending.name}' failed: ${error.message}`,
      Details: error.stack ?? '',
      FailureDetails: {
        ErrorType: error.name,
        ErrorMessage: error.message,
        StackTrace: error.stack,
        IsNonRetriable: false,
      },
    });
    const retry = pending.retry;
    if (!retry) return [failed];
    // The SDK takes the next sequence id for a retry timer when it replays TaskFailed, then another for the
    // rescheduled task when it replays TimerFired; after the last attempt DTFx still fires a dummy timer.
    const timerId = this.nextEventId++;
    const last = pending.attempt >= retry.maxNumberOfAttempts;
    const delay = last ? 0 : retryBackoffDelay(retry, pending.attempt);
    const fireAt = this.clock + delay;
    this.scheduling.push(
      this.event(EventType.TimerCreated, { FireAt: new Date(fireAt).toISOString() }, timerId),
    );
    const execution = this.execution;
    this.enqueue(fireAt, execution, () => {
      const fired = this.event(EventType.TimerFired, {
        TimerId: timerId,
        FireAt: new Date(fireAt).toISOString(),
      });
      if (!last) {
        const retryId = this.nextEventId++;
        pending.attempt++;
        this.pending.set(retryId, pending);
        this.retries.push(() => this.attempt(retryId, pending));
      }
      return [fired];
    });
    return [failed];
  }

  /** Attempts to start after the episode that replays their TimerFired (their ids are taken in order). */
  private retries: (() => Promise<void>)[] = [];

  private popEarliest(): Timed | undefined {
    if (this.queue.length === 0) return undefined;
    let best = 0;
    this.queue.forEach((t, i) => {
      const b = this.queue[best] as Timed;
      if (t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
    });
    return this.queue.splice(best, 1)[0];
  }

  private outcome(status: ReplayOutcome['status'], fields: Partial<ReplayOutcome>): ReplayOutcome {
    return {
      instanceId: this.instanceId,
      status,
      episodes: this.episodes,
      finishedAt: new Date(this.clock),
      history: this.past,
      ...fields,
    };
  }
}

function parseTarget(instanceId: string): EntityId {
  const id = parseEntityInstanceId(instanceId);
  if (!id) throw new Error(`Entity instance id '${instanceId}' is not @name@key.`);
  return makeEntityId(id.name, id.key);
}

function flatten(actions: Action[]): Action[] {
  return actions.flatMap((a) =>
    a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny
      ? flatten(a.compoundActions ?? [])
      : [a],
  );
}
