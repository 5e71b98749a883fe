import { retryBackoffDelay } from '@durable-hosts/dts-protocol';
import { DfActionType, entitySchedulerId, type DfAction, type DfRetryOptions } from './df-actions.js';
import { DtfxEventType, type DtfxHistoryEvent } from './dtfx-history.js';

/**
 * One sequence number the durable-functions shim hands out, with what the backend must do for it.
 * `action`: the first (or only) attempt of an action from the state; `retry-timer` / `retry-attempt`: the
 * numbers RetryableTask takes when it replays a failure and then the retry timer (DTFx RetryInterceptor
 * shape); `fire-and-forget`: signalEntity, which takes a number but is never awaited; `release`: one
 * number per entity of the critical section a ReleaseEntities action ends (schema V4).
 */
export type SequenceAllocation =
  | { readonly id: number; readonly kind: 'action'; readonly action: DfAction }
  | { readonly id: number; readonly kind: 'fire-and-forget'; readonly action: DfAction }
  | { readonly id: number; readonly kind: 'release'; readonly action: DfAction; readonly lock: CriticalSection; readonly targetInstanceId: string }
  | { readonly id: number; readonly kind: 'retry-timer'; readonly action: DfAction; readonly fireAt: string }
  | { readonly id: number; readonly kind: 'retry-attempt'; readonly action: DfAction; readonly firstAttemptId: number }
  | { readonly id: number; readonly kind: 'http-poll-timer'; readonly action: DfAction; readonly fireAt: string }
  | { readonly id: number; readonly kind: 'http-poll'; readonly action: DfAction; readonly location: string; readonly afterTimerId: number }
  | { readonly id: number; readonly kind: 'retry-timed-out'; readonly action: DfAction };

/**
 * A history event the backend adds to what the shim replays (never to DTS): after a retry's
 * retryTimeoutInMilliseconds has passed, DTFx stops retrying without a timer, but the shim's RetryableTask
 * only gives up when a retry timer fires after its last attempt. These TimerFired / failure events play
 * out the remaining attempts on the spot, so the shim surfaces the last real failure in the same episode.
 */
export interface RetryTimeoutEvent {
  /** Index in the DTS history of the failure it follows. */
  readonly afterIndex: number;
  readonly event: DtfxHistoryEvent;
}

/** A critical section: the LockEntities action's request id and the scheduler ids it locks. */
export interface CriticalSection {
  readonly criticalSectionId: string;
  readonly entities: readonly string[];
}

export interface SequenceLedger {
  readonly allocations: readonly SequenceAllocation[];
  /** The next number the shim would hand out (the id for a completion action). */
  readonly nextSequence: number;
  /** Top-level actions the replay never reached: the state and the history disagree. */
  readonly unreachedActions: number;
  readonly retryTimeoutEvents: readonly RetryTimeoutEvent[];
  readonly warnings: readonly string[];
  /** The critical section the orchestration is in (or waiting for) where the replay ends. */
  readonly openLock?: CriticalSection;
}

/** Beyond this many remaining attempts a timed-out retry keeps retrying (with a warning) instead. */
export const MAX_SURFACED_RETRY_ATTEMPTS = 1_000;

type TaskState = 'running' | 'completed' | 'failed';

abstract class SimTask {
  state: TaskState = 'running';
  parent?: CompositeTask;
  settle(success: boolean, ledger: LedgerReplay): void {
    if (this.state !== 'running') return;
    this.state = success ? 'completed' : 'failed';
    this.parent?.childSettled(this, ledger);
  }
}

class AtomicTask extends SimTask {
  /** The completion event's Result (JSON text), for tasks whose parent looks at it. */
  result: string | null | undefined;
  constructor(
    public key: number | string | undefined,
    readonly action: DfAction | undefined,
    readonly allocate: (id: number, ledger: LedgerReplay) => SequenceAllocation,
  ) {
    super();
  }
}

abstract class CompositeTask extends SimTask {
  constructor(readonly children: SimTask[]) {
    super();
    children.forEach((child) => (child.parent = this));
  }
  abstract childSettled(child: SimTask, ledger: LedgerReplay): void;
}

class WhenAllTask extends CompositeTask {
  childSettled(child: SimTask, ledger: LedgerReplay): void {
    if (child.state === 'failed') this.settle(false, ledger);
    else if (this.children.every((c) => c.state === 'completed')) this.settle(true, ledger);
  }
}

class WhenAnyTask extends CompositeTask {
  childSettled(_child: SimTask, ledger: LedgerReplay): void {
    this.settle(true, ledger);
  }
}

/**
 * Mirrors durable-functions' RetryableTask.trySetValue, including when it takes new numbers, and DTFx
 * RetryInterceptor's retryTimeout: a failure at or after first attempt + timeout (orchestration time) ends
 * the retries, the remaining attempts then fail at once with that failure (see RetryTimeoutEvent).
 */
class RetryTask extends CompositeTask {
  #attemptNumber = 1;
  #waitingOnTimer = false;
  /** The real failure being surfaced once the retry timed out. */
  #timedOutWith: DtfxHistoryEvent | undefined;
  constructor(
    readonly action: DfAction,
    readonly options: DfRetryOptions,
    readonly firstAttempt: AtomicTask,
    readonly firstAttemptAt: number,
  ) {
    super([firstAttempt]);
  }

  childSettled(child: SimTask, ledger: LedgerReplay): void {
    if (this.#waitingOnTimer) {
      this.#waitingOnTimer = false;
      if (this.#attemptNumber > this.options.maxNumberOfAttempts) {
        this.settle(false, ledger);
      } else if (this.#timedOutWith) {
        const attempt = new AtomicTask(undefined, undefined, (id) => ({ id, kind: 'retry-timed-out', action: this.action }));
        this.#track(attempt, ledger);
        ledger.replayFailure(attempt.key as number, this.#timedOutWith);
      } else {
        const firstAttemptId = this.firstAttempt.key as number;
        this.#track(new AtomicTask(undefined, undefined, (id) => ({ id, kind: 'retry-attempt', action: this.action, firstAttemptId })), ledger);
      }
    } else if (child.state === 'completed') {
      this.settle(true, ledger);
    } else {
      const failedAttemptIndex = this.#attemptNumber - 1;
      const isLastAttempt = this.#attemptNumber >= this.options.maxNumberOfAttempts;
      this.#waitingOnTimer = true;
      this.#attemptNumber++;
      if (!this.#timedOutWith && this.#stopsRetrying(ledger, failedAttemptIndex) && ledger.currentEvent) {
        if (this.options.maxNumberOfAttempts - this.#attemptNumber < MAX_SURFACED_RETRY_ATTEMPTS) this.#timedOutWith = ledger.currentEvent;
        else ledger.warnings.push(`retryTimeoutInMilliseconds passed for '${this.action.functionName}', but maxNumberOfAttempts (${this.options.maxNumberOfAttempts}) is too large to end the retries early; it keeps retrying.`);
      }
      if (this.#timedOutWith) {
        const timer = new AtomicTask(undefined, undefined, (id) => ({ id, kind: 'retry-timed-out', action: this.action }));
        this.#track(timer, ledger);
        ledger.replayTimerFired(timer.key as number);
        return;
      }
      const fireAt = new Date(ledger.currentTime + (isLastAttempt ? 0 : retryBackoffDelay(this.options, failedAttemptIndex + 1))).toISOString();
      this.#track(new AtomicTask(undefined, undefined, (id) => ({ id, kind: 'retry-timer', action: this.action, fireAt })), ledger);
    }
  }

  /**
   * RetryInterceptor.Invoke stops when ComputeNextDelay gives zero: once CurrentUtcDateTime is not before
   * first attempt + RetryTimeout, or when the delay itself is zero (a MaxRetryInterval of 0 caps it there).
   */
  #stopsRetrying(ledger: LedgerReplay, failedAttemptIndex: number): boolean {
    const timeout = this.options.retryTimeoutInMilliseconds;
    if (typeof timeout === 'number' && timeout >= 0 && ledger.currentTime >= this.firstAttemptAt + timeout) return true;
    return retryBackoffDelay(this.options, failedAttemptIndex + 1) === 0;
  }

  #track(task: AtomicTask, ledger: LedgerReplay): void {
    task.parent = this;
    this.children.push(task);
    ledger.track(task);
  }
}

/**
 * Mirrors CallHttpWithPollingTask (schema V3): a 202 with a Location header makes the shim number a
 * timer and a follow-up call at once; the backend polls the Location with GET, as the extension does
 * (a relative Location is taken relative to the URL that answered it).
 */
class HttpPollingTask extends CompositeTask {
  #lastUri: string;
  constructor(
    readonly action: DfAction,
    readonly defaultDelayMs: number,
    first: AtomicTask,
  ) {
    super([first]);
    this.#lastUri = String((action.httpRequest as { uri?: unknown } | undefined)?.uri ?? '');
  }

  childSettled(child: SimTask, ledger: LedgerReplay): void {
    if (child.state === 'failed') {
      this.settle(false, ledger);
      return;
    }
    if (!(child instanceof AtomicTask) || child.action === undefined) return; // the poll timer fired
    const response = parseHttpResponse(child.result);
    const locationHeader = response && response.statusCode === 202 ? headerValue(response.headers, 'location') : undefined;
    const location = locationHeader === undefined ? undefined : resolveUrl(locationHeader, this.#lastUri);
    if (!location) {
      this.settle(true, ledger);
      return;
    }
    this.#lastUri = location;
    const retryAfter = Number(headerValue(response?.headers, 'retry-after'));
    const fireAt = new Date(ledger.currentTime + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.defaultDelayMs)).toISOString();
    const timer = new AtomicTask(undefined, undefined, (id) => ({ id, kind: 'http-poll-timer', action: this.action, fireAt }));
    this.#add(timer, ledger);
    // Numbered now, but the extension only sends the poll once the timer has fired.
    const afterTimerId = timer.key as number;
    this.#add(new AtomicTask(undefined, this.action, (id) => ({ id, kind: 'http-poll', action: this.action, location, afterTimerId })), ledger);
  }

  #add(task: AtomicTask, ledger: LedgerReplay): void {
    task.parent = this;
    this.children.push(task);
    ledger.track(task);
  }
}

type HttpHeaders = Record<string, string | string[]>;

function parseHttpResponse(result: string | null | undefined): { statusCode?: number; headers?: HttpHeaders } | undefined {
  if (!result) return undefined;
  try {
    return JSON.parse(result) as { statusCode?: number; headers?: HttpHeaders };
  } catch {
    return undefined;
  }
}

/** Header names are case-insensitive; a header the server sent several times is an array (the first counts). */
function headerValue(headers: HttpHeaders | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers?.[key];
  return Array.isArray(value) ? value[0] : value;
}

function resolveUrl(location: string, base: string): string | undefined {
  try {
    return new URL(location, base || undefined).href;
  } catch {
    return undefined;
  }
}

/**
 * Replays a history against the cumulative action list the way the shim's TaskOrchestrationExecutor does,
 * to learn which sequence number each task got. Top-level actions were yielded one after another (each
 * once the previous one finished), compound children are numbered depth-first when yielded, retry
 * bookkeeping takes numbers while failures and timers replay, and events wait by name (LIFO, buffered).
 */
class LedgerReplay {
  readonly allocations: SequenceAllocation[] = [];
  readonly retryTimeoutEvents: RetryTimeoutEvent[] = [];
  readonly warnings: string[] = [];
  currentTime = 0;
  /** The DTS history event being replayed. */
  currentEvent: DtfxHistoryEvent | undefined;
  /** Events added after the current one, replayed in order once it has been applied. */
  readonly #added: DtfxHistoryEvent[] = [];
  #sequence = 0;
  readonly #open = new Map<number | string, AtomicTask>();
  readonly #openEvents = new Map<string, AtomicTask[]>();
  readonly #deferred = new Map<number | string, (() => void)[]>();
  #nextTopLevel = 0;
  #current: SimTask | undefined;
  #started = false;
  /** The last LockEntities the generator reached, until a ReleaseEntities ends it. */
  openLock: CriticalSection | undefined;

  constructor(
    private readonly topLevel: readonly DfAction[],
    private readonly httpPollingDelayMs: number,
  ) {}

  get nextSequence(): number {
    return this.#sequence;
  }

  get unreachedActions(): number {
    return this.topLevel.length - this.#nextTopLevel;
  }

  get finished(): boolean {
    return this.#started && this.#nextTopLevel >= this.topLevel.length && (this.#current === undefined || this.#current.state !== 'running');
  }

  run(history: readonly DtfxHistoryEvent[]): void {
    for (let index = 0; index < history.length; index++) {
      if (this.finished) break;
      this.currentEvent = history[index];
      this.#apply(history[index]);
      // Added events replay right after the failure, as they will in the shim.
      for (let added = this.#added.shift(); added; added = this.#added.shift()) {
        this.retryTimeoutEvents.push({ afterIndex: index, event: added });
        this.#apply(added);
      }
    }
    this.currentEvent = undefined;
  }

  /** A TimerFired for a retry timer that DTS never gets (the retry timed out). */
  replayTimerFired(timerId: number): void {
    const at = this.currentEvent?.Timestamp ?? new Date(this.currentTime).toISOString();
    this.#added.push({ EventType: DtfxEventType.TimerFired, EventId: -1, IsPlayed: this.currentEvent?.IsPlayed ?? false, IsProcessed: false, Timestamp: at, TimerId: timerId, FireAt: at });
  }

  /** The timed-out retry's real failure again, for an attempt DTS never runs. */
  replayFailure(taskId: number, failure: DtfxHistoryEvent): void {
    this.#added.push({ ...failure, IsPlayed: this.currentEvent?.IsPlayed ?? failure.IsPlayed, Timestamp: this.currentEvent?.Timestamp ?? failure.Timestamp, TaskScheduledId: taskId });
  }

  #apply(event: DtfxHistoryEvent): void {
    switch (event.EventType) {
      case DtfxEventType.OrchestratorStarted:
        this.currentTime = Math.max(this.currentTime, Date.parse(event.Timestamp));
        return;
      case DtfxEventType.ExecutionStarted:
        this.#started = true;
        this.#resume();
        return;
      case DtfxEventType.EventSent: {
        // CallEntity and LockEntities tasks are re-keyed to the request id their response will carry.
        const task = this.#open.get(event.EventId);
        const type = task?.action?.actionType;
        if (task && (type === DfActionType.CallEntity || type === DfActionType.LockEntities) && event.Input) {
          this.#open.delete(event.EventId);
          this.#open.set((JSON.parse(event.Input) as { id: string }).id, task);
        }
        return;
      }
      case DtfxEventType.TaskCompleted:
      case DtfxEventType.SubOrchestrationInstanceCompleted:
        this.#settle(event.TaskScheduledId ?? -1, true, event.Result);
        break;
      case DtfxEventType.TaskFailed:
      case DtfxEventType.SubOrchestrationInstanceFailed:
        this.#settle(event.TaskScheduledId ?? -1, false);
        break;
      case DtfxEventType.TimerFired:
        this.#settle(event.TimerId ?? -1, true);
        break;
      case DtfxEventType.EventRaised:
        this.#settle(event.Name ?? '', !isEntityFailure(event, this.#open.get(event.Name ?? '')));
        break;
      default:
        return;
    }
    this.#resume();
  }

  #settle(key: number | string, success: boolean, result?: string | null): void {
    let task = this.#open.get(key);
    if (task) {
      this.#open.delete(key);
    } else {
      const waiters = typeof key === 'string' ? this.#openEvents.get(key) : undefined;
      task = waiters?.pop();
      if (waiters && waiters.length === 0) this.#openEvents.delete(key as string);
    }
    if (!task) {
      const queue = this.#deferred.get(key) ?? [];
      queue.push(() => this.#settle(key, success, result));
      this.#deferred.set(key, queue);
      return;
    }
    task.result = result;
    task.settle(success, this);
  }

  /** The generator runs on: every finished top-level task lets the next action be yielded. */
  #resume(): void {
    while (this.#nextTopLevel < this.topLevel.length && (this.#current === undefined || this.#current.state !== 'running')) {
      const action = this.topLevel[this.#nextTopLevel++];
      if (action.actionType === DfActionType.SignalEntity || action.actionType === DfActionType.ScheduledSignalEntity) {
        const id = this.#sequence++;
        this.allocations.push({ id, kind: 'fire-and-forget', action });
        continue;
      }
      if (action.actionType === DfActionType.ReleaseEntities) {
        // DurableLock.release: one number per locked entity (recordFireAndForgetAction(action, n)).
        const lock = this.openLock;
        this.openLock = undefined;
        for (const targetInstanceId of lock?.entities ?? []) {
          this.allocations.push({ id: this.#sequence++, kind: 'release', action, lock: lock!, targetInstanceId });
        }
        continue;
      }
      if (action.actionType === DfActionType.ContinueAsNew) continue;
      const task = this.#build(action);
      this.#current = task;
      this.track(task);
    }
  }

  #build(action: DfAction): SimTask {
    switch (action.actionType) {
      case DfActionType.WhenAll:
        return new WhenAllTask((action.compoundActions ?? []).map((child) => this.#build(child)));
      case DfActionType.WhenAny:
        return new WhenAnyTask((action.compoundActions ?? []).map((child) => this.#build(child)));
      case DfActionType.CallActivityWithRetry:
      case DfActionType.CallSubOrchestratorWithRetry: {
        const options = action.retryOptions ?? { firstRetryIntervalInMilliseconds: 0, maxNumberOfAttempts: 1 };
        return new RetryTask(action, options, new AtomicTask(undefined, action, (id) => ({ id, kind: 'action', action })), this.currentTime);
      }
      case DfActionType.CallHttp: {
        const first = new AtomicTask(undefined, action, (id) => ({ id, kind: 'action', action }));
        const polling = (action.httpRequest as { asynchronousPatternEnabled?: boolean } | undefined)?.asynchronousPatternEnabled !== false;
        return polling ? new HttpPollingTask(action, this.httpPollingDelayMs, first) : first;
      }
      case DfActionType.LockEntities:
        this.openLock = { criticalSectionId: action.lockRequestId ?? '', entities: (action.lockSet ?? []).map(entitySchedulerId) };
        return new AtomicTask(undefined, action, (id) => ({ id, kind: 'action', action }));
      case DfActionType.WaitForExternalEvent:
        return new AtomicTask(action.externalEventName ?? '', action, () => {
          throw new Error('event waiters take no sequence number');
        });
      default:
        return new AtomicTask(undefined, action, (id) => ({ id, kind: 'action', action }));
    }
  }

  /** TaskOrchestrationExecutor.trackOpenTask: numbers new atomic tasks depth-first. */
  track(task: SimTask): void {
    if (task instanceof CompositeTask) {
      for (const child of [...task.children]) this.track(child);
      return;
    }
    const atomic = task as AtomicTask;
    if (atomic.key === undefined) {
      const id = this.#sequence++;
      atomic.key = id;
      this.allocations.push(atomic.allocate(id, this));
      this.#open.set(id, atomic);
    } else if (typeof atomic.key === 'string') {
      const waiters = this.#openEvents.get(atomic.key) ?? [];
      waiters.push(atomic);
      this.#openEvents.set(atomic.key, waiters);
    }
    const deferred = this.#deferred.get(atomic.key);
    const next = deferred?.shift();
    if (deferred && deferred.length === 0) this.#deferred.delete(atomic.key);
    next?.();
  }
}

function isEntityFailure(event: DtfxHistoryEvent, task: AtomicTask | undefined): boolean {
  if (task?.action?.actionType !== DfActionType.CallEntity || !event.Input) return false;
  return (JSON.parse(event.Input) as { exceptionType?: string }).exceptionType !== undefined;
}

/** Computes the shim's sequence numbers for `history` and the cumulative top-level `actions`. */
export function buildSequenceLedger(history: readonly DtfxHistoryEvent[], actions: readonly DfAction[], httpPollingDelayMs = 30_000): SequenceLedger {
  const replay = new LedgerReplay(actions, httpPollingDelayMs);
  replay.run(history);
  return {
    allocations: replay.allocations,
    nextSequence: replay.nextSequence,
    unreachedActions: replay.unreachedActions,
    retryTimeoutEvents: replay.retryTimeoutEvents,
    warnings: replay.warnings,
    openLock: replay.openLock,
  };
}
