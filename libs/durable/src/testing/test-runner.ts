import type { InputArgs } from '../orchestration-context.js';
import type {
  AnyActivityDefinition,
  AnyOrchestrationDefinition,
  OrchestrationDefinition,
} from '../definitions.js';
import { resolveFireAt, type TimerDelay } from '../timer-delay.js';
import { InstanceSimulation, type InstanceOutcome, type ScheduledEvent } from './instance-simulation.js';

export interface TestRunnerOptions {
  /** Definitions the runner can call by name (sub-orchestrations need theirs here). */
  readonly orchestrations?: readonly AnyOrchestrationDefinition[];
  readonly activities?: readonly AnyActivityDefinition[];
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
}

const DEFAULT_START = new Date('2026-01-01T00:00:00.000Z');

/**
 * Runs orchestrations in memory, in virtual time: a day-long timer takes no real time, activities run
 * for real (or as overridden), and each execution is replayed from its own history to prove determinism
 * (a NonDeterminismError rejects the run). Semantics follow Durable Task: results in completion order,
 * buffered external events, `any` won by the first to finish, retries as durable timers.
 */
export class TestOrchestrationRunner {
  constructor(private readonly options: TestRunnerOptions = {}) {}

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
      maxSteps: this.options.maxSteps ?? 10_000,
      maxExecutions: this.options.maxExecutions ?? 1_000,
    };
    const outcome = await new InstanceSimulation(definition, instanceId, start, env).run(input);
    return outcome as TestRunResult<O>;
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
