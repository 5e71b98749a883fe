// A small in-memory stand-in for DTS that drives durable-functions' real orchestrator shim through our
// history/action translation: every action id the plan emits becomes the EventId of the history event,
// exactly as DTS records it, so a wrong id shows up as a stuck or mis-replayed orchestration.
import { DtfxEventType, type DtfxHistoryEvent } from '../../src/durable/dtfx-history.js';
import { buildOrchestrationTriggerInput } from '../../src/durable/orchestration-trigger-input.js';
import type { DfOrchestratorState } from '../../src/durable/df-actions.js';
import { runOrchestratorEpisode } from '../../src/durable/orchestrator-episode.js';
import { outcomeFromInvocationError, type OrchestratorOutcome, type PlannedAction } from '../../src/durable/orchestrator-response-plan.js';

export type ShimHandler = (trigger: unknown, context: unknown) => Promise<unknown>;
export type Activity = (input: unknown) => unknown;

export interface RunResult {
  status: 'COMPLETED' | 'FAILED' | 'CONTINUED_AS_NEW' | 'TERMINATED' | 'STUCK';
  output: unknown;
  failureMessage?: string;
  customStatuses: unknown[];
  histories: DtfxHistoryEvent[][];
  generations: number;
  episodes: number;
}

interface Pending {
  at: number;
  event: DtfxHistoryEvent;
}

export interface RunOptions {
  orchestrations: Record<string, ShimHandler>;
  activities: Record<string, Activity>;
  newContext: () => unknown;
  /** External events to raise, by virtual time (ms after start). */
  events?: { at: number; name: string; data?: unknown }[];
  maxEpisodes?: number;
}

/** Runs `name` (and any sub-orchestrations) to completion on virtual time. */
export async function runOrchestration(name: string, input: unknown, options: RunOptions, instanceId = 'instance-1'): Promise<RunResult> {
  return new InMemoryInstance(name, input, options, instanceId, 0).run();
}

class InMemoryInstance {
  history: DtfxHistoryEvent[] = [];
  queue: Pending[] = [];
  clock: number;
  customStatuses: unknown[] = [];
  histories: DtfxHistoryEvent[][] = [];
  generations = 1;
  episodes = 0;

  constructor(
    private name: string,
    input: unknown,
    private readonly options: RunOptions,
    private readonly instanceId: string,
    start: number,
  ) {
    this.clock = start;
    this.queue.push({ at: start, event: event(DtfxEventType.ExecutionStarted, start, { Name: name, Input: input === undefined ? null : JSON.stringify(input) }) });
    for (const e of options.events ?? []) {
      this.queue.push({ at: start + e.at, event: event(DtfxEventType.EventRaised, start + e.at, { Name: e.name, Input: e.data === undefined ? null : JSON.stringify(e.data) }) });
    }
  }

  async run(): Promise<RunResult> {
    for (;;) {
      if (this.episodes++ > (this.options.maxEpisodes ?? 200)) return this.result('STUCK', undefined);
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next) return this.result('STUCK', undefined);
      this.clock = Math.max(this.clock, next.at);
      const ready = this.queue.filter((p) => p.at <= this.clock);
      this.queue = this.queue.filter((p) => p.at > this.clock);
      const newEvents = [event(DtfxEventType.OrchestratorStarted, this.clock), ...ready.map((p) => ({ ...p.event, IsPlayed: false }))];
      const fullHistory = [...this.history, ...newEvents];
      const episode = { name: this.name, instanceId: this.instanceId, executionId: `exec${this.generations}`, history: fullHistory };
      const plan = await runOrchestratorEpisode(episode, (shimHistory) => this.invoke(shimHistory));
      if (plan.warnings.length > 0) throw new Error(plan.warnings.join('\n'));
      if (plan.customStatus !== undefined) this.customStatuses.push(JSON.parse(plan.customStatus));
      this.history = fullHistory.map((e) => ({ ...e, IsPlayed: true }));
      for (const action of plan.actions) {
        const done = await this.apply(action);
        if (done) return done;
      }
    }
  }

  async invoke(history: readonly DtfxHistoryEvent[]): Promise<OrchestratorOutcome> {
    const handler = this.options.orchestrations[this.name];
    const payload = JSON.parse(JSON.stringify(buildOrchestrationTriggerInput(this.instanceId, history))) as unknown;
    try {
      const state = (await handler(payload, this.options.newContext())) as DfOrchestratorState;
      return { kind: 'state', state: JSON.parse(JSON.stringify(state)) as DfOrchestratorState };
    } catch (error) {
      return outcomeFromInvocationError(error as Error);
    }
  }

  async apply(action: PlannedAction): Promise<RunResult | undefined> {
    const at = this.clock;
    switch (action.type) {
      case 'scheduleTask': {
        this.history.push(event(DtfxEventType.TaskScheduled, at, { EventId: action.id, Name: action.name, Input: action.input ?? null }));
        try {
          const result = await this.options.activities[action.name](action.input === undefined ? undefined : JSON.parse(action.input));
          this.queue.push({ at, event: event(DtfxEventType.TaskCompleted, at, { TaskScheduledId: action.id, Result: JSON.stringify(result ?? null) }) });
        } catch (error) {
          const message = (error as Error).message;
          this.queue.push({
            at,
            event: event(DtfxEventType.TaskFailed, at, { TaskScheduledId: action.id, Reason: message, Details: '', FailureDetails: { ErrorType: 'Error', ErrorMessage: message } }),
          });
        }
        return undefined;
      }
      case 'createTimer': {
        this.history.push(event(DtfxEventType.TimerCreated, at, { EventId: action.id, FireAt: action.fireAt }));
        const fireAt = Date.parse(action.fireAt);
        this.queue.push({ at: Math.max(fireAt, at), event: event(DtfxEventType.TimerFired, fireAt, { TimerId: action.id, FireAt: action.fireAt }) });
        return undefined;
      }
      case 'createSubOrchestration': {
        this.history.push(event(DtfxEventType.SubOrchestrationInstanceCreated, at, { EventId: action.id, Name: action.name, InstanceId: action.instanceId, Input: action.input ?? null }));
        const child = await new InMemoryInstance(action.name, action.input === undefined ? undefined : JSON.parse(action.input), { ...this.options, events: [] }, action.instanceId, at).run();
        this.queue.push({
          at,
          event:
            child.status === 'COMPLETED'
              ? event(DtfxEventType.SubOrchestrationInstanceCompleted, at, { TaskScheduledId: action.id, Result: JSON.stringify(child.output ?? null) })
              : event(DtfxEventType.SubOrchestrationInstanceFailed, at, {
                  TaskScheduledId: action.id,
                  Reason: child.failureMessage,
                  Details: '',
                  FailureDetails: { ErrorType: 'OrchestratorFunctionFailed', ErrorMessage: child.failureMessage ?? '' },
                }),
        });
        return undefined;
      }
      case 'complete':
        if (action.status === 'CONTINUED_AS_NEW') {
          this.generations++;
          this.history = [];
          this.queue = this.queue.filter((p) => p.event.EventType === DtfxEventType.EventRaised);
          this.queue.push({ at, event: event(DtfxEventType.ExecutionStarted, at, { Name: this.name, Input: action.result ?? null }) });
          return undefined;
        }
        return this.result(action.status, action.result === undefined ? undefined : JSON.parse(action.result), action.failure?.errorMessage);
      default:
        throw new Error(`unexpected action ${JSON.stringify(action)}`);
    }
  }

  result(status: RunResult['status'], output: unknown, failureMessage?: string): RunResult {
    this.histories.push(this.history);
    return { status, output, failureMessage, customStatuses: this.customStatuses, histories: this.histories, generations: this.generations, episodes: this.episodes };
  }
}

function event(type: number, at: number, fields: Partial<DtfxHistoryEvent> = {}): DtfxHistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, IsProcessed: false, Timestamp: new Date(at).toISOString(), ...fields };
}
