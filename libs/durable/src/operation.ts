import type { Command, TaskCommand } from './command.js';

/**
 * A typed, lazy handle on one Command: nothing is scheduled until it is `yield*`-ed. `yield*` returns the
 * iterator's return value, so every call gets its own result type (a plain `yield` cannot do that).
 */
export interface Op<T, C extends Command = TaskCommand> {
  readonly command: C;
  [Symbol.iterator](): Generator<Command, T, unknown>;
}

/** The result type of an Op. */
export type OpResult<P> = P extends Op<infer R, Command> ? R : never;

/**
 * Wraps a Command. The cast is the one unchecked point of the design: every host must resume the body
 * with the result of the Command it yielded (each adapter's contract tests check this).
 */
export function op<T, C extends Command = TaskCommand>(command: C): Op<T, C> {
  return {
    command,
    *[Symbol.iterator]() {
      return (yield command) as T;
    },
  };
}
