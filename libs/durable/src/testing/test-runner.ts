import type { InputArgs } from '../orchestration-context.js';
import type {
  AnyActivityDefinition,
  AnyOrchestrationDefinition,
  OrchestrationDefinition,
} from '../definitions.js';
import type {
  AnyEntityDefinition,
  EntityInputArgs,
  EntitySignalOptions,
  OperationInput,
  OperationName,
  OperationOutput,
  StateOf,
} from '../entity-definition.js';
import { EntityOperationFailedError } from '../entity-errors.js';
import { makeEntityId } from '../entity-id.js';
import { resolveFireAt, type TimerDelay } from '../timer-delay.js';
import { EntityWorld, type EntityReply, type FailedSignal } from './entity-world.js';
import { InstanceSimulation, type InstanceOutcome, type ScheduledEvent } from './instance-simulation.js';

export interface TestRunnerOptions {
  /** Definitions the runner can call by name (sub-orchestrations need theirs here). */
  readonly orchestrations?: readonly AnyOrchestrationDefinition[];
  readonly activities?: readonly AnyActivityDefinition[];
  /** Entities orchestrations (and the test) can call and signal; their state lives as long as the runner. */
  readonly entities?: readonly AnyEntityDefinition[];
  /** Replace activities by name, e.g. to fail, count calls or return canned data. Wins over `activities`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly activityOverrides?: Readonly<Record<string, (input: any) => unknown>>;
  /** Virtual start time of every run (default 2026-01-01T00:00:00Z). */
  readonly startTime?: Date;
  /** Safety limits against runaway loops (defaults 10 000 commands per instance, 1 000 executions). */
  readonly maxSteps?: number;
  readonly maxExecutions?: number;
}

export interface RaiseEvent {
  readonly name: string;
  readonly data?: unknown;
  /** When to raise it: an absolute virtual time or a delay from the run's start (default: at the start). */
  readonly at?: Date | TimerDelay;
  /** Which instance gets it (default: the instance being run; use a child's id for a sub-orchestration). */
  readonly instanceId?: string;
}

export interface RunOptions {
  readonly instanceId?: string;
  readonly events?: readonly RaiseEvent[];
}

/** The outcome of a test run; `output` is typed by the definition. */
export interface TestRunResult<O> extends Omit<InstanceOutcome, 'output'> {
  readonly output: O | undefined;
  /** The state of every entity after the run, by `@name@key`, once every signal (scheduled ones too) was applied. */
  readonly entities: Readonly<Record<string, unknown>>;
}

const DEFAULT_START = new Date('2026-01-01T00:00:00.000Z');

/**
 * Runs orchestrations in memory, in virtual time: a day-long timer takes no real time, activities run
 * for real (or as overridden), and each execution is replayed from its own history to prove determinism
 * (a NonDeterminismError rejects the run). Semantics follow Durable Task: results in completion order,
 * buffered external events, `any` won by the first to finish, retries as durable timers.
 */
export class TestOrchestrationRunner {
  private readonly world: EntityWorld;

  constructor(private readonly options: TestRunnerOptions = {}) {
    this.world = new EntityWorld(options.entities ?? [], (options.startTime ?? DEFAULT_START).getTime());
  }

  /** Signals an entity from the test and applies it (a scheduled signal too: time is skipped). */
  async signalEntity<D extends AnyEntityDefinition, K extends OperationName<D>>(
    entity: D,
    key: string,
    operation: K,
    ...[input, options]: EntityInputArgs<OperationInput<D, K>, EntitySignalOptions>
  ): Promise<void> {
    const now = this.world.now;
    const at =
      options?.at === undefined ? now : Math.max(resolveFireAt(options.at, new Date(now)).getTime(), now);
    this.world.send({ entity: makeEntityId(entity.name, key), operation, input, at, source: 'test' });
    await this.world.drain(Infinity);
  }

  /** Calls an entity operation from the test; a failed operation throws an EntityOperationFailedError. */
  async callEntity<D extends AnyEntityDefinition, K extends OperationName<D>>(
    entity: D,
    key: string,
    operation: K,
    ...[input]: EntityInputArgs<OperationInput<D, K>>
  ): Promise<OperationOutput<D, K>> {
    const id = makeEntityId(entity.name, key);
    let reply: EntityReply | undefined;
    this.world.send({
      entity: id,
      operation,
      input,
      at: this.world.now,
      source: 'test',
      reply: (r) => (reply = r),
    });
    await this.world.drain(Infinity);
    if (!reply)
      throw new Error(`Entity '${entity.name}@${key}' is locked by an orchestration that never finished.`);
    if (!reply.ok) throw new EntityOperationFailedError(id, operation, reply.failure);
    return reply.value as OperationOutput<D, K>;
  }

  /** An entity's state, or undefined while it has none. */
  entityState<D extends AnyEntityDefinition>(entity: D, key: string): StateOf<D> | undefined {
    const state = this.world.state(makeEntityId(entity.name, key));
    return state.exists ? (state.value as StateOf<D>) : undefined;
  }

  /** Signals whose operation failed (a signal has no caller to tell). */
  get failedSignals(): readonly FailedSignal[] {
    return this.world.signalFailures();
  }

  async run<I, O>(
    definition: OrchestrationDefinition<I, O>,
    ...[input, runOptions = {}]: InputArgs<I, RunOptions>
  ): Promise<TestRunResult<O>> {
    const start = (this.options.startTime ?? DEFAULT_START).getTime();
    const instanceId = runOptions.instanceId ?? 'test-instance';
    const events: ScheduledEvent[] = (runOptions.events ?? []).map((event) => ({
      name: event.name,
      data: event.data,
      at: event.at === undefined ? start : resolveFireAt(event.at, new Date(start)).getTime(),
      instanceId: event.instanceId ?? instanceId,
    }));
    const activities = new Map<string, (input: unknown) => unknown>();
    for (const activity of this.options.activities ?? []) activities.set(activity.name, activity.run);
    for (const [name, run] of Object.entries(this.options.activityOverrides ?? {})) activities.set(name, run);
    const orchestrations = new Map<string, AnyOrchestrationDefinition>();
    for (const orchestration of [...(this.options.orchestrations ?? []), definition])
      orchestrations.set(orchestration.name, orchestration);

    const env = {
      findActivity: (name: string) => activities.get(name),
      findOrchestration: (name: string) => orchestrations.get(name),
      runChild: (child: AnyOrchestrationDefinition, childInput: unknown, childId: string, startAt: number) =>
        new InstanceSimulation(child, childId, startAt, env).run(childInput),
      events,
      world: this.world,
      maxSteps: this.options.maxSteps ?? 10_000,
      maxExecutions: this.options.maxExecutions ?? 1_000,
    };
    const outcome = await new InstanceSimulation(definition, instanceId, start, env).run(input);
    await this.world.drain(Infinity);
    return { ...outcome, entities: this.world.snapshot() } as TestRunResult<O>;
  }
}

/** One-off convenience: `await runOrchestration(def, input, { activities: [...] })`. */
export function runOrchestration<I, O>(
  definition: OrchestrationDefinition<I, O>,
  input: I,
  options: TestRunnerOptions & RunOptions = {},
): Promise<TestRunResult<O>> {
  return new TestOrchestrationRunner(options).run(
    definition,
    ...([input, options] as InputArgs<I, RunOptions>),
  );
}
