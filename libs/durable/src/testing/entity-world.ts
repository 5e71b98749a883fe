import type { AnyEntityDefinition } from '../entity-definition.js';
import { formatEntityId, type EntityId } from '../entity-id.js';
import {
  executeEntityOperation,
  type EntityOperationOutcome,
  type EntityOperationRequest,
  type StoredEntityState,
} from '../sdk-binding/execute-entity-operation.js';
import type { FailureDetails } from '../task-failed-error.js';

/** How an entity operation ended, as its caller sees it. */
export type EntityReply =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly failure: FailureDetails };

/** An operation sent to an entity: a signal, or a call when it carries a reply. */
export interface EntityMessage {
  readonly entity: EntityId;
  readonly operation: string;
  readonly input: unknown;
  /** Virtual time at which it is delivered. */
  readonly at: number;
  /** Who sent it (an instance id, an entity's `@name@key`, or `test`): a lock holder's own messages get through. */
  readonly source: string;
  readonly reply?: (reply: EntityReply) => void;
}

/** A signal whose operation failed: nobody waits for a signal, so tests read these instead. */
export interface FailedSignal {
  readonly entity: string;
  readonly operation: string;
  readonly input: unknown;
  readonly failure: FailureDetails;
}

interface Queued extends EntityMessage {
  readonly seq: number;
}

/** Runs one operation: the model's executor by default; an adapter's harness passes its SDK's entity runtime. */
export type EntityExecutor = (
  definition: AnyEntityDefinition,
  request: EntityOperationRequest,
) => Promise<EntityOperationOutcome>;

/**
 * The entities of one test runner, in virtual time: each entity's state, its queue of messages (applied
 * one at a time, in delivery-time then send order, so one sender's messages keep their order), and its
 * lock. Messages are applied lazily, up to the time someone observes an entity (a call, a lock, the end
 * of a run), which gives the same order as a real scheduler without a global event loop. The test runner
 * uses it; adapter contract harnesses use it with their SDK's own entity runtime.
 */
export class EntityWorld {
  private readonly definitions = new Map<string, AnyEntityDefinition>();
  private readonly states = new Map<string, { readonly entity: EntityId; readonly value: unknown }>();
  private readonly lockOwners = new Map<string, string>();
  private readonly queue: Queued[] = [];
  private readonly failedSignals: FailedSignal[] = [];
  private seq = 0;
  private clock: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    definitions: readonly AnyEntityDefinition[],
    start: number,
    private readonly execute: EntityExecutor = executeEntityOperation,
  ) {
    for (const definition of definitions) this.definitions.set(definition.name.toLowerCase(), definition);
    this.clock = start;
  }

  get now(): number {
    return this.clock;
  }

  send(message: EntityMessage): void {
    this.queue.push({ ...message, seq: this.seq++ });
  }

  /** Applies every message delivered at or before `until` (Infinity: everything, skipping time). */
  drain(until: number): Promise<void> {
    const run = this.tail.then(() => this.applyUntil(until));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Grants the locks if none is held by someone else (instances run one after another, so a lock held
   * by another instance is held by one that never finishes: the request then waits forever). */
  tryLock(entities: readonly EntityId[], owner: string): boolean {
    const ids = entities.map(formatEntityId);
    if (ids.some((id) => (this.lockOwners.get(id) ?? owner) !== owner)) return false;
    for (const id of ids) this.lockOwners.set(id, owner);
    return true;
  }

  release(entities: readonly EntityId[], owner: string): void {
    for (const id of entities.map(formatEntityId))
      if (this.lockOwners.get(id) === owner) this.lockOwners.delete(id);
  }

  state(entity: EntityId): StoredEntityState {
    const stored = this.states.get(formatEntityId(entity));
    return stored ? { exists: true, value: stored.value } : { exists: false };
  }

  /** Every entity that has state, by `@name@key`. */
  snapshot(): Readonly<Record<string, unknown>> {
    return Object.fromEntries(
      [...this.states].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, s]) => [id, s.value]),
    );
  }

  signalFailures(): readonly FailedSignal[] {
    return this.failedSignals;
  }

  private async applyUntil(until: number): Promise<void> {
    for (;;) {
      const next = this.nextDeliverable(until);
      if (!next) return;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.clock = Math.max(this.clock, next.at);
      await this.apply(next);
    }
  }

  private nextDeliverable(until: number): Queued | undefined {
    let best: Queued | undefined;
    for (const message of this.queue) {
      if (message.at > until) continue;
      const owner = this.lockOwners.get(formatEntityId(message.entity));
      if (owner !== undefined && owner !== message.source) continue; // waits for the critical section to end
      if (!best || message.at < best.at || (message.at === best.at && message.seq < best.seq)) best = message;
    }
    return best;
  }

  private async apply(message: Queued): Promise<void> {
    const id = formatEntityId(message.entity);
    const fail = (failure: FailureDetails) => {
      if (message.reply) message.reply({ ok: false, failure });
      else
        this.failedSignals.push({ entity: id, operation: message.operation, input: message.input, failure });
    };
    const definition = this.definitions.get(message.entity.name);
    if (!definition) {
      const known = [...this.definitions.values()].map((d) => d.name).join(', ') || '(none)';
      fail({
        errorType: 'EntityNotFound',
        errorMessage: `No entity named '${message.entity.name}' is registered with the test runner (known: ${known}). Pass its definition in 'entities'.`,
      });
      return;
    }
    const outcome = await this.execute(definition, {
      entityId: message.entity,
      operation: message.operation,
      input: message.input,
      state: this.state(message.entity),
      now: new Date(this.clock),
    });
    if (!outcome.ok) {
      fail(outcome.failure);
      return;
    }
    if (outcome.state.exists) this.states.set(id, { entity: message.entity, value: outcome.state.value });
    else this.states.delete(id);
    for (const signal of outcome.signals) {
      this.send({
        entity: signal.entity,
        operation: signal.operation,
        input: signal.input,
        at: signal.at ? Math.max(signal.at.getTime(), this.clock) : this.clock,
        source: id,
      });
    }
    message.reply?.({ ok: true, value: outcome.result });
  }
}
