import type { Command } from './command.js';
import type { OrchestrationContext } from './orchestration-context.js';

/** An activity: a named function. The value is the typed handle call sites pass to `ctx.callActivity`. */
export interface ActivityDefinition<I, O> {
  readonly kind: 'activity';
  readonly name: string;
  readonly run: (input: I) => O | Promise<O>;
}

/** The generator an orchestration body returns; annotate with it to pin the output type (`OrchestrationGenerator<Result>`). */
export type OrchestrationGenerator<O> = Generator<Command, O, unknown>;

/** The body of an orchestration: a sync generator over Commands, driven by a host or the test runner. */
export type OrchestrationBody<I, O> = (ctx: OrchestrationContext, input: I) => OrchestrationGenerator<O>;

export interface OrchestrationDefinition<I, O> {
  readonly kind: 'orchestration';
  readonly name: string;
  readonly body: OrchestrationBody<I, O>;
}

/** Any definition, for registries (`orchestrations`/`activities` arrays) that do not care about types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActivityDefinition = ActivityDefinition<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOrchestrationDefinition = OrchestrationDefinition<any, any>;

export type InputOf<D> =
  D extends ActivityDefinition<infer I, unknown>
    ? I
    : D extends OrchestrationDefinition<infer I, unknown>
      ? I
      : never;
export type OutputOf<D> =
  D extends ActivityDefinition<never, infer O>
    ? O
    : D extends OrchestrationDefinition<never, infer O>
      ? O
      : never;

function checkName(what: string, name: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error(
      `${what} name must be a non-empty string, got ${JSON.stringify(name)}. Names are explicit because bundlers rename functions.`,
    );
  }
  return name;
}

export function defineActivity<I, O>(
  name: string,
  run: (input: I) => O | Promise<O>,
): ActivityDefinition<I, O> {
  return Object.freeze({ kind: 'activity', name: checkName('Activity', name), run });
}

export function defineOrchestration<I, O>(
  name: string,
  body: OrchestrationBody<I, O>,
): OrchestrationDefinition<I, O> {
  return Object.freeze({ kind: 'orchestration', name: checkName('Orchestration', name), body });
}
