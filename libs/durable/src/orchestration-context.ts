import type {
  AnyCommand,
  AllCommand,
  Command,
  ContinueAsNewCommand,
  LockCommand,
  TaskCommand,
} from './command.js';
import { CriticalSection, normalizeLockSet } from './critical-section.js';
import type { ActivityDefinition, OrchestrationDefinition } from './definitions.js';
import type {
  AnyEntityDefinition,
  EntityInputArgs,
  EntitySignalOptions,
  OperationInput,
  OperationName,
  OperationOutput,
} from './entity-definition.js';
import { makeEntityId, type EntityId } from './entity-id.js';
import { op, type Op, type OpResult } from './operation.js';
import { createReplaySafeLogger, type LogEntry, type ReplaySafeLogger } from './replay-safe-logger.js';
import { validateRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { resolveFireAt, type TimerDelay } from './timer-delay.js';

export interface ActivityOptions {
  readonly retry?: RetryPolicy;
}

export interface SubOrchestrationOptions {
  /** Instance id of the child; by default the host picks one. */
  readonly instanceId?: string;
  readonly retry?: RetryPolicy;
}

/** The input argument is optional exactly when the definition's input type admits undefined. */
export type InputArgs<I, Options> = undefined extends I
  ? [input?: I, options?: Options]
  : [input: I, options?: Options];

/** `all` results: a tuple for a literal array (`[string, void]`), an array for a mapped one. */
export type AllResults<T extends readonly Op<unknown>[]> = { -readonly [K in keyof T]: OpResult<T[K]> };

/** `any` result: which Op won and its value; for a tuple, `index` narrows `value`. */
export type AnyResult<T extends readonly Op<unknown>[]> = number extends T['length']
  ? { readonly index: number; readonly value: OpResult<T[number]> }
  : {
      [K in keyof T]: K extends `${infer N extends number}`
        ? { readonly index: N; readonly value: OpResult<T[K]> }
        : never;
    }[number];

/**
 * What orchestration code sees. Methods returning an Op only describe work: `yield*` the Op to run it.
 * Everything here is replay-safe: the clock, the GUIDs and the logger come from the host's history.
 */
export interface OrchestrationContext {
  readonly instanceId: string;
  /** The replay-safe clock: the time of the current history step. Never use Date.now() in orchestrations. */
  readonly currentUtcDateTime: Date;
  readonly isReplaying: boolean;
  /** Writes only when not replaying. */
  readonly logger: ReplaySafeLogger;
  callActivity<I, O>(activity: ActivityDefinition<I, O>, ...args: InputArgs<I, ActivityOptions>): Op<O>;
  callSubOrchestration<I, O>(
    orchestration: OrchestrationDefinition<I, O>,
    ...args: InputArgs<I, SubOrchestrationOptions>
  ): Op<O>;
  /** A durable timer, at an absolute time or after a delay from `currentUtcDateTime`. */
  createTimer(fireAt: Date | TimerDelay): Op<void>;
  waitForExternalEvent<T = unknown>(name: string): Op<T>;
  /** Runs the Ops in parallel; fails with the first failure (in input order) once all have finished. */
  all<T extends readonly Op<unknown>[]>(ops: readonly [...T]): Op<AllResults<T>>;
  /** Races the Ops; the first to finish wins (its failure is thrown). The losers keep running, unobserved. */
  any<T extends readonly Op<unknown>[]>(ops: readonly [...T]): Op<AnyResult<T>>;
  /** `return yield* ctx.continueAsNew(input)`: restart this instance with a fresh history. */
  continueAsNew(input: unknown): Op<never, ContinueAsNewCommand>;
  /** A JSON-serialisable value clients can read while the instance runs. */
  setCustomStatus(value: unknown): void;
  /** A deterministic GUID (the same on every replay). */
  newGuid(): string;
  /**
   * Runs one operation of an entity and waits for its result, typed by the definition: a wrong operation
   * name or input does not compile. A failed operation throws an EntityOperationFailedError.
   */
  callEntity<D extends AnyEntityDefinition, K extends OperationName<D>>(
    entity: D,
    key: string,
    operation: K,
    ...args: EntityInputArgs<OperationInput<D, K>>
  ): Op<OperationOutput<D, K>>;
  /**
   * Sends an operation to an entity without waiting (fire and forget): it happens when this call is made,
   * not at a `yield*`. `{ at }` delivers it later (an absolute time or a delay from currentUtcDateTime).
   */
  signalEntity<D extends AnyEntityDefinition, K extends OperationName<D>>(
    entity: D,
    key: string,
    operation: K,
    ...args: EntityInputArgs<OperationInput<D, K>, EntitySignalOptions>
  ): void;
  /**
   * A critical section: `yield* ctx.lock([a.id('x'), b.id('y')], function* () { ... })` locks the
   * entities (no other orchestration or signal reaches them), runs the body, and releases the locks however
   * the body ends. Inside: call only the locked entities, one call per entity at a time; no signals to
   * them, no sub-orchestrations, no nested lock (each throws a LockingRulesViolationError).
   */
  lock<T>(
    entities: readonly EntityId[],
    body: () => Generator<Command, T, unknown>,
  ): Generator<Command, T, unknown>;
  /** The entities locked by the critical section the orchestration is in (empty outside one). */
  readonly lockedEntities: readonly EntityId[];
}

/** A one-way entity message an orchestration sends. */
export interface EntitySignal {
  readonly entity: EntityId;
  readonly operation: string;
  readonly input: unknown;
  /** Deliver at this time instead of at once. */
  readonly at?: Date;
}

/** What a host (an SDK adapter or the test runner) provides to build a context. */
export interface OrchestrationHost {
  readonly instanceId: string;
  currentUtcDateTime(): Date;
  isReplaying(): boolean;
  newGuid(): string;
  setCustomStatus(value: unknown): void;
  log?(entry: LogEntry): void;
  /** Sends a signal now (fire and forget). */
  signalEntity(signal: EntitySignal): void;
  /** Releases the locks of a critical section; `lock` is what the host returned for the LockCommand. */
  releaseLocks(lock: unknown): void;
}

function checkOps(method: string, ops: readonly Op<unknown>[]): readonly TaskCommand[] {
  if (!Array.isArray(ops)) throw new Error(`ctx.${method} takes an array of Ops, got ${typeof ops}.`);
  return ops.map((o, i) => {
    if (!o || typeof o !== 'object' || !('command' in o)) {
      throw new Error(
        `ctx.${method}: item ${i} is not an Op (pass ctx.callActivity(...) etc. without yield*).`,
      );
    }
    return o.command;
  });
}

/** Resolves the signal time against the replay-safe clock. */
function signalAt(options: EntitySignalOptions | undefined, now: Date): { at?: Date } {
  return options?.at === undefined ? {} : { at: resolveFireAt(options.at, now) };
}

export function createOrchestrationContext(
  host: OrchestrationHost,
  section: CriticalSection = new CriticalSection(),
): OrchestrationContext {
  return {
    get instanceId() {
      return host.instanceId;
    },
    get currentUtcDateTime() {
      return host.currentUtcDateTime();
    },
    get isReplaying() {
      return host.isReplaying();
    },
    logger: createReplaySafeLogger(() => host.isReplaying(), host.log?.bind(host)),
    callActivity(activity, ...[input, options]) {
      const retry = options?.retry && validateRetryPolicy(options.retry);
      return op({ kind: 'activity', name: activity.name, input, ...(retry ? { retry } : {}) });
    },
    callSubOrchestration(orchestration, ...[input, options]) {
      const retry = options?.retry && validateRetryPolicy(options.retry);
      return op({
        kind: 'subOrchestration',
        name: orchestration.name,
        input,
        ...(options?.instanceId !== undefined ? { instanceId: options.instanceId } : {}),
        ...(retry ? { retry } : {}),
      });
    },
    createTimer(fireAt) {
      return op({ kind: 'timer', fireAt: resolveFireAt(fireAt, host.currentUtcDateTime()) });
    },
    waitForExternalEvent(name) {
      if (typeof name !== 'string' || name === '')
        throw new Error(`waitForExternalEvent needs an event name, got ${JSON.stringify(name)}.`);
      return op({ kind: 'event', name });
    },
    all(ops) {
      return op<never, AllCommand>({ kind: 'all', commands: checkOps('all', ops) });
    },
    any(ops) {
      const commands = checkOps('any', ops);
      if (commands.length === 0)
        throw new Error('ctx.any needs at least one Op: an empty race never finishes.');
      return op<never, AnyCommand>({ kind: 'any', commands });
    },
    continueAsNew(input) {
      return op<never, ContinueAsNewCommand>({ kind: 'continueAsNew', input });
    },
    setCustomStatus(value) {
      host.setCustomStatus(value);
    },
    newGuid() {
      return host.newGuid();
    },
    callEntity(entity, key, operation, ...[input]) {
      return op({ kind: 'entityCall', entity: makeEntityId(entity.name, key), operation, input });
    },
    signalEntity(entity, key, operation, ...[input, options]) {
      const id = makeEntityId(entity.name, key);
      section.checkSignal(id);
      host.signalEntity({ entity: id, operation, input, ...signalAt(options, host.currentUtcDateTime()) });
    },
    *lock(entities, body) {
      const locked = normalizeLockSet(entities);
      // The host checks the rules when this is scheduled (a nested lock throws here, before anything is held).
      const handle = yield* op<unknown, LockCommand>({ kind: 'lock', entities: locked });
      section.enter(locked);
      try {
        return yield* body();
      } finally {
        section.exit();
        host.releaseLocks(handle);
      }
    },
    get lockedEntities() {
      return section.lockedEntities;
    },
  };
}
