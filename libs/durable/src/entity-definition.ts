import { makeEntityId, type EntityId } from './entity-id.js';
import type { TimerDelay } from './timer-delay.js';

/** When a signal is delivered: at once (default), at a time, or after a delay from the sender's clock. */
export interface EntitySignalOptions {
  readonly at?: Date | TimerDelay;
}

/** The input argument is optional exactly when the operation's input type admits undefined. */
export type EntityInputArgs<I, Options = never> = [Options] extends [never]
  ? undefined extends I
    ? [input?: I]
    : [input: I]
  : undefined extends I
    ? [input?: I, options?: Options]
    : [input: I, options?: Options];

/**
 * What an entity operation sees. `state` reads the current state (the initial state while the entity has
 * none) and is assigned to change it; the change is kept only if the operation succeeds.
 */
export interface EntityContext<S> {
  readonly entityId: EntityId;
  readonly operationName: string;
  state: S;
  /** Whether the entity has state (it existed before this operation, or the operation gave it state). */
  readonly hasState: boolean;
  /** Deletes this entity when the operation succeeds: its state is gone, the next operation starts afresh. */
  deleteState(): void;
  /** One-way message to another entity (or this one), sent when this operation succeeds. */
  signalEntity<D extends AnyEntityDefinition, K extends OperationName<D>>(
    entity: D,
    key: string,
    operation: K,
    ...args: EntityInputArgs<OperationInput<D, K>, EntitySignalOptions>
  ): void;
}

/** The operations of an entity: name → `(ctx, input) => result` (sync or async). */
export type EntityOperations<S> = Record<string, (ctx: EntityContext<S>, input: never) => unknown>;

export interface EntityDefinition<S, Ops extends EntityOperations<S>> {
  readonly kind: 'entity';
  readonly name: string;
  readonly operations: Ops;
  /** A fresh copy of the initial state (what `ctx.state` reads while the entity has none). */
  initialState(): S;
  /** The id of one instance of this entity, e.g. for `ctx.lock([account.id('alice'), account.id('bob')], ...)`. */
  id(key: string): EntityId;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntityDefinition = EntityDefinition<any, any>;

/** The state type of an entity definition. */
export type StateOf<D> = D extends { initialState(): infer S } ? S : never;
/** The operation every entity has unless it defines its own: delete the entity (DTS/TaskEntity convention). */
export type ImplicitDeleteOperation = 'delete';
/** The operation names of an entity definition (plus the implicit `delete`). */
export type OperationName<D> = D extends { readonly operations: infer Ops }
  ? Extract<keyof Ops, string> | ImplicitDeleteOperation
  : never;
/** An operation's input: `undefined` for an operation that takes none. */
export type OperationInput<D, K> = D extends { readonly operations: infer Ops }
  ? K extends keyof Ops
    ? Ops[K] extends (ctx: never, ...args: infer A) => unknown
      ? A extends []
        ? undefined
        : A[0]
      : never
    : K extends ImplicitDeleteOperation
      ? undefined
      : never
  : never;
/** An operation's result (a Promise is awaited). */
export type OperationOutput<D, K> = D extends { readonly operations: infer Ops }
  ? K extends keyof Ops
    ? Ops[K] extends (...args: never[]) => infer R
      ? Awaited<R>
      : never
    : K extends ImplicitDeleteOperation
      ? void
      : never
  : never;

const copy = <S>(value: S): S => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as S));

/**
 * Defines a durable entity: a named, addressable piece of state whose operations run one at a time.
 * The state type comes from `initialState`; each operation's input and result types are checked at
 * every `ctx.callEntity`/`ctx.signalEntity`.
 *
 * ```ts
 * const counter = defineEntity('counter', {
 *   initialState: 0,
 *   operations: {
 *     add: (ctx, amount: number) => { ctx.state += amount; },
 *     get: (ctx) => ctx.state,
 *   },
 * });
 * ```
 */
export function defineEntity<S, Ops extends EntityOperations<S>>(
  name: string,
  spec: { readonly initialState: S | (() => S); readonly operations: Ops },
): EntityDefinition<S, Ops> {
  if (typeof name !== 'string' || name.trim() === '' || name.includes('@')) {
    throw new Error(
      `Entity name must be a non-empty string without '@', got ${JSON.stringify(name)}. Names are explicit because bundlers rename functions.`,
    );
  }
  const operations = spec?.operations;
  if (!operations || typeof operations !== 'object' || Object.keys(operations).length === 0) {
    throw new Error(`Entity '${name}' needs at least one operation in 'operations'.`);
  }
  for (const [operation, handler] of Object.entries(operations)) {
    if (typeof handler !== 'function')
      throw new Error(
        `Entity '${name}': operation '${operation}' must be a function (ctx, input) => result.`,
      );
  }
  const initial = spec.initialState;
  return Object.freeze({
    kind: 'entity' as const,
    name,
    operations: Object.freeze({ ...operations }),
    initialState: () => (typeof initial === 'function' ? (initial as () => S)() : copy(initial)),
    id: (key: string) => makeEntityId(name, key),
  });
}
